package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * The Kafka store's table of winners ({@link EncodedLatestWins}) against a {@code HashMap} keyed by the key bytes,
 * keeping a copy of each winning value: the latest version of each of 20,000 entities among 100,000 records (keys
 * of about 40 bytes, values of about 300), as a load of one partition offers them, then the winners in replay order.
 * In the package of the code measured, to reach it; run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main EncodedLatestWinsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class EncodedLatestWinsBenchmark {

    private static final int RECORDS = 100_000;
    private static final int KEYS = 20_000;

    /** The fetched records: keys and values side by side, as a fetch buffer holds them. */
    private byte[] fetched;
    private int[] keyOffsets;
    private int[] keyLengths;
    private int[] valueOffsets;
    private int[] valueLengths;
    private long[] seconds;
    private int[] nanos;

    /** Builds the records, with a fixed seed. */
    @Setup
    public void setUp() {
        Random random = new Random(7);
        List<byte[]> parts = new ArrayList<>();
        keyOffsets = new int[RECORDS];
        keyLengths = new int[RECORDS];
        valueOffsets = new int[RECORDS];
        valueLengths = new int[RECORDS];
        seconds = new long[RECORDS];
        nanos = new int[RECORDS];
        int fill = 0;
        for (int i = 0; i < RECORDS; i++) {
            byte[] key = ("[\"workspace-1\",\"resource\",\"res-" + String.format("%05d", random.nextInt(KEYS)) + "\"]")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[280 + random.nextInt(40)];
            Arrays.fill(value, (byte) 'v');
            keyOffsets[i] = fill;
            keyLengths[i] = key.length;
            fill += key.length;
            valueOffsets[i] = fill;
            valueLengths[i] = value.length;
            fill += value.length;
            parts.add(key);
            parts.add(value);
            seconds[i] = 1_761_393_600L + i / 10;
            nanos[i] = random.nextInt(1_000_000_000);
        }
        fetched = new byte[fill];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, fetched, at, part.length);
            at += part.length;
        }
    }

    /** The table the store uses: keys and winning values copied into a few large arrays. */
    @Benchmark
    public List<EncodedLatestWins.Version> encodedLatestWins() {
        EncodedLatestWins latest = new EncodedLatestWins(4096); // as a load sizes it
        for (int i = 0; i < RECORDS; i++) {
            latest.offer(fetched, keyOffsets[i], keyLengths[i], fetched, valueOffsets[i], valueLengths[i], seconds[i],
                    nanos[i], i);
        }
        return latest.inReplayOrder();
    }

    /** The same rule in a {@code HashMap} of key bytes to a winner holding a copy of its value. */
    @Benchmark
    public List<Winner> hashMapOfKeys() {
        Map<ByteBuffer, Winner> latest = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            ByteBuffer probe = ByteBuffer.wrap(fetched, keyOffsets[i], keyLengths[i]);
            Winner current = latest.get(probe);
            if (current == null) {
                ByteBuffer key = ByteBuffer.wrap(Arrays.copyOfRange(fetched, keyOffsets[i],
                        keyOffsets[i] + keyLengths[i]));
                latest.put(key, new Winner(value(i), seconds[i], nanos[i], i));
            } else if (LatestWins.displaces(seconds[i], nanos[i], current.seconds, current.nanos)) {
                current.value = value(i);
                current.seconds = seconds[i];
                current.nanos = nanos[i];
                current.order = i;
            }
        }
        List<Winner> winners = new ArrayList<>(latest.values());
        winners.sort((a, b) -> LatestWins.replayOrder(a.seconds, a.nanos, a.order, b.seconds, b.nanos, b.order));
        return winners;
    }

    private byte[] value(int i) {
        return Arrays.copyOfRange(fetched, valueOffsets[i], valueOffsets[i] + valueLengths[i]);
    }

    /** A winner of the {@code HashMap} table. */
    public static final class Winner {
        byte[] value;
        long seconds;
        int nanos;
        long order;

        Winner(byte[] value, long seconds, int nanos, long order) {
            this.value = value;
            this.seconds = seconds;
            this.nanos = nanos;
            this.order = order;
        }
    }
}
