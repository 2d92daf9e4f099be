package org.workspaceengine.persistence.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import org.openjdk.jmh.infra.Blackhole;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.RawEntity;

/**
 * The canonical line reader ({@link CanonicalEnvelopes}) against the Jackson parser it stands beside, reading the
 * envelopes of 10,000 lines of the shape the format writes (entities of about 250 bytes), as a file load's scan
 * does. Both run through {@link WireFormat#decodeEnvelopes}; only the reader differs. In the package of the code
 * measured, to reach its seam; run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main CanonicalEnvelopesBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
public class CanonicalEnvelopesBenchmark {

    private static final int LINES = 10_000;

    private WireFormat wire;
    private byte[] lines;

    /** Builds the lines. */
    @Setup
    public void setUp() {
        wire = WireFormat.create(EntityTypes.generic());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant t0 = Instant.parse("2025-10-25T12:00:00.123456789Z");
        for (int i = 0; i < LINES; i++) {
            String id = "res-" + (i % 2000);
            String entity = "{\"id\":\"" + id + "\",\"name\":\"server-" + i + "\",\"kind\":\"EC2Instance\","
                    + "\"labels\":{\"env\":\"prod\",\"team\":\"platform\",\"region\":\"eu-west-1\"},\"version\":" + i
                    + ",\"config\":{\"cpu\":4,\"memory\":16384,\"tags\":[\"a\",\"b\",\"c\"]},\"notes\":\""
                    + "x".repeat(60) + "\"}";
            Change change = Change.set("workspace-1", RawEntity.of("resource", id, entity), t0.plusMillis(i));
            out.writeBytes(wire.encode(change));
            out.write('\n');
        }
        lines = out.toByteArray();
        if (!new String(lines, 0, 30, StandardCharsets.UTF_8).startsWith("{\"namespace\":")) {
            throw new IllegalStateException("not the canonical shape");
        }
    }

    /** The envelopes read byte by byte by the canonical reader. */
    @Benchmark
    public int canonicalReader(Blackhole hole) {
        return wire.decodeEnvelopes(lines, 0, lines.length, new Sink(hole), true);
    }

    /** The envelopes read by one Jackson parser over the lines, as the format reads lines of any other shape. */
    @Benchmark
    public int jacksonParser(Blackhole hole) {
        return wire.decodeEnvelopes(lines, 0, lines.length, new Sink(hole), false);
    }

    /** Consumes what is read, so that nothing is optimized away. */
    private record Sink(Blackhole hole) implements WireFormat.EnvelopeVisitor {
        @Override
        public void envelope(int line, int offset, int length, LineEnvelope envelope) {
            hole.consume(envelope.entityId());
            hole.consume(envelope.epochSecond());
            hole.consume(envelope.nano());
        }

        @Override
        public void corrupt(int line, int offset, int length, CorruptDataException problem) {
            throw problem;
        }
    }
}
