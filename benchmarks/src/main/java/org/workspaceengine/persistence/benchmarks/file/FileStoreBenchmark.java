package org.workspaceengine.persistence.benchmarks.file;

import static org.workspaceengine.persistence.benchmarks.WorkDirectories.copyInto;
import static org.workspaceengine.persistence.benchmarks.WorkDirectories.deleteTree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.benchmarks.Measurement;
import org.workspaceengine.persistence.benchmarks.ResultTable;
import org.workspaceengine.persistence.file.Durability;
import org.workspaceengine.persistence.file.FileStore;

/**
 * The file store against its raw floors, as issue 3 asks: a namespace file of 1,000,000 changes over 100,000
 * entities (each updated 10 times, about 300 MB) loaded by the store and tokenized by a bare Jackson streaming
 * parser; saves of 100 and 1 change per call with {@code NONE} and {@code FLUSH} against encode-and-write; fsync
 * saves from 1 and 8 writer threads (group commit); compaction of the 1M-line file and of a 100k-line file, and the
 * load after compaction. Prints medians over repeated runs, ratios, and the Go original's reference figures.
 *
 * <pre>{@code
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar \
 *     org.workspaceengine.persistence.benchmarks.file.FileStoreBenchmark [work-directory] [quick] [load|fsync]
 * }</pre>
 *
 * <p>{@code quick} runs a tenth of the data; {@code load} runs only the load of the 1M-line file against its
 * tokenize floor (9 rounds, the two taking turns); {@code fsync} only the group-commit comparison of 1 and 8 FSYNC
 * writers.
 */
public final class FileStoreBenchmark {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final String NAMESPACE = "bench";

    private final Path work;
    private final boolean quick;
    private final boolean loadOnly;
    private final boolean fsyncOnly;
    private final EntityTypes types = EntityTypes.create().register("item", Item.class);

    private FileStoreBenchmark(Path work, boolean quick, boolean loadOnly, boolean fsyncOnly) {
        this.work = work;
        this.quick = quick;
        this.loadOnly = loadOnly;
        this.fsyncOnly = fsyncOnly;
    }

    /**
     * Entry point: {@code [work-directory] [quick] [load|fsync]}; the directory defaults to a fresh temporary one,
     * {@code quick} uses a tenth of the data, {@code load} measures only the load of the large file, {@code fsync}
     * only the FSYNC saves from 1 and 8 writers (15 rounds).
     */
    public static void main(String[] args) throws IOException {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("file-store-bench");
        List<String> flags = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
        boolean quick = flags.contains("quick");
        boolean loadOnly = flags.contains("load");
        boolean fsyncOnly = flags.contains("fsync");
        System.out.println("# file (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, Java " + Runtime.version() + ")");
        try {
            FileStoreBenchmark benchmark = new FileStoreBenchmark(work, quick, loadOnly, fsyncOnly);
            if (flags.contains("delete")) {
                int changes = quick ? 10_000 : 100_000;
                benchmark.measureDeletion(System.out, batches(changes, 100), changes, quick ? 3 : 7);
                return;
            }
            benchmark.measure(System.out);
        } finally {
            if (args.length == 0) {
                deleteTree(work);
            }
        }
    }

    /** Runs every case in a fresh temporary directory and prints the tables (for the harness). */
    public static void run(PrintStream out) {
        try {
            Path work = Files.createTempDirectory("file-store-bench");
            try {
                new FileStoreBenchmark(work, false, false, false).measure(out);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void measure(PrintStream out) throws IOException {
        int entities = quick ? 10_000 : 100_000;
        int versions = 10;
        int rounds = quick ? 3 : 5;
        if (fsyncOnly) {
            measureFsync(out, 15);
            return;
        }

        Path big = work.resolve("big");
        Path bigFile = generate(big, entities, versions);
        long lines = (long) entities * versions;
        String size = String.format(Locale.ROOT, "%.0f MB", Files.size(bigFile) / 1e6);

        // Side by side, in turns: the ratio is what the load promises.
        List<Measurement> loads = Measurement.inTurns(List.of("raw: Jackson streaming tokenize of " + lines
                + " lines (" + size + ")", "FileStore load of " + lines + " lines / " + entities + " entities"),
                lines, 1, loadOnly ? 9 : rounds, List.of(() -> tokenize(bigFile), () -> load(big)));
        Measurement rawLoad = loads.get(0);
        Measurement load = loads.get(1);
        if (loadOnly) {
            new ResultTable("File store load (" + lines + " changes, " + entities + " entities x " + versions
                    + " versions, " + size + ")").baseline(rawLoad).compare(load, rawLoad).print(out);
            deleteTree(big);
            return;
        }
        Measurement rawBind = Measurement.of("raw: Jackson databind of every line (envelope + entity)", lines, 1,
                rounds, () -> bind(bigFile));

        Measurement rawCompact = timed("raw: tokenize " + lines + " lines + write and fsync " + entities
                + " lines", lines, rounds, () -> null, () -> rawCompaction(bigFile, entities));
        Path compactDir = work.resolve("compact");
        Measurement compact = timed("FileStore compact of " + lines + " lines", lines, quick ? 2 : 3,
                () -> copyInto(bigFile, compactDir), () -> compact(compactDir));
        Path compactedFile = compactDir.resolve(NAMESPACE + ".jsonl");
        Measurement rawLoadCompacted = Measurement.of("raw: tokenize of the compacted file (" + entities
                + " lines)", entities, 2, rounds, () -> tokenize(compactedFile));
        Measurement loadCompacted = Measurement.of("FileStore load after compaction", entities, 2, rounds,
                () -> load(compactDir));
        Measurement rawBindCompacted = Measurement.of("raw: Jackson databind of every line of the compacted file",
                entities, 2, rounds, () -> bind(compactedFile));

        Path small = work.resolve("small");
        Path smallFile = generate(small, entities / 10, versions);
        Path smallCompactDir = work.resolve("small-compact");
        Measurement rawSmallCompact = timed("raw: tokenize " + lines / 10 + " lines + write and fsync "
                + entities / 10 + " lines", lines / 10, rounds, () -> null,
                () -> rawCompaction(smallFile, entities / 10));
        Measurement smallCompact = timed("FileStore compact of " + lines / 10 + " lines", lines / 10, rounds,
                () -> copyInto(smallFile, smallCompactDir), () -> compact(smallCompactDir));
        deleteTree(big);

        new ResultTable("File store load and compaction (" + lines + " changes, " + entities + " entities x "
                + versions + " versions, " + size + ")")
                .baseline(rawLoad).compare(load, rawLoad).compare(rawBind, rawLoad)
                .baseline(rawCompact).compare(compact, rawCompact)
                .baseline(rawLoadCompacted).compare(loadCompacted, rawLoadCompacted)
                .compare(rawBindCompacted, rawLoadCompacted)
                .baseline(rawSmallCompact).compare(smallCompact, rawSmallCompact)
                .print(out);

        int batchChanges = quick ? 20_000 : 200_000;
        int singleChanges = quick ? 10_000 : 100_000;
        List<Changes> batches100 = batches(batchChanges, 100);
        List<Changes> batches1 = batches(singleChanges, 1);
        Measurement rawWrite100 = Measurement.of("raw: encode + write(2), 100 changes per write", batchChanges, 1,
                rounds, () -> rawWrites(batches100, false));
        Measurement none100 = Measurement.of("FileStore save NONE, 100 changes per save", batchChanges, 1, rounds,
                () -> saves(batches100, Durability.NONE));
        Measurement flush100 = Measurement.of("FileStore save FLUSH, 100 changes per save", batchChanges, 1, rounds,
                () -> saves(batches100, Durability.FLUSH));
        Measurement rawWrite1 = Measurement.of("raw: encode + write(2), 1 change per write", singleChanges, 1,
                rounds, () -> rawWrites(batches1, false));
        Measurement none1 = Measurement.of("FileStore save NONE, 1 change per save", singleChanges, 1, rounds,
                () -> saves(batches1, Durability.NONE));
        Measurement flush1 = Measurement.of("FileStore save FLUSH, 1 change per save", singleChanges, 1, rounds,
                () -> saves(batches1, Durability.FLUSH));

        new ResultTable("File store saves (time per run; units/s = changes/s)")
                .baseline(rawWrite100).compare(none100, rawWrite100).compare(flush100, rawWrite100)
                .baseline(rawWrite1).compare(none1, rawWrite1).compare(flush1, rawWrite1)
                .print(out);
        out.println();
        measureDeletion(out, batches(singleChanges, 100), singleChanges, rounds);
        out.println();
        double groupCommit = measureFsync(out, rounds);

        out.println();
        out.println("## Against the Go original (its figures from issue 3, same machine class)");
        out.println();
        out.println("| case | Go original | this store | factor |");
        out.println("|---|---:|---:|---:|");
        out.printf(Locale.ROOT, "| load of the 1M-line file | 7.5-8 s | %.2f s | %.1fx faster |%n",
                load.medianMillis() / 1000, 7750 / load.medianMillis());
        out.printf(Locale.ROOT, "| saves, 1 change per call (FLUSH) | 43-77k/s | %,.0f/s | %.1fx |%n",
                flush1.unitsPerSecond(), flush1.unitsPerSecond() / 60_000);
        out.printf(Locale.ROOT, "| saves, 100 changes per call (FLUSH) | 74-160k/s | %,.0f/s | %.1fx |%n",
                flush100.unitsPerSecond(), flush100.unitsPerSecond() / 117_000);
        out.printf(Locale.ROOT, "| compaction of a 100k-line file | 0.7-1.2 s | %.2f s | %.1fx faster |%n",
                smallCompact.medianMillis() / 1000, 950 / smallCompact.medianMillis());
        out.printf(Locale.ROOT, "| fsync group commit: 8 writers vs 1 | (no fsync) | %.1fx the changes/s | |%n",
                groupCommit);
        out.flush();
        deleteTree(work.resolve("small"));
        deleteTree(smallCompactDir);
        deleteTree(compactDir);
    }

    // ------------------------------------------------------------------------------------------------------ data

    private Path generate(Path directory, int entities, int versions) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(NAMESPACE + ".jsonl");
        WireFormat wire = WireFormat.create(types);
        long tick = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int v = 0; v < versions; v++) {
                for (int i = 0; i < entities; i++) {
                    out.write(wire.encode(Change.set(NAMESPACE, Item.of(i, v), T0.plusNanos(1000 * tick++))));
                    out.write('\n');
                }
            }
        }
        return file;
    }

    private static List<Changes> batches(int changes, int perSave) {
        List<Changes> batches = new ArrayList<>(changes / perSave + 1);
        List<Change> current = new ArrayList<>(perSave);
        for (int c = 0; c < changes; c++) {
            current.add(Change.set(NAMESPACE, Item.of(c % 10_000, c / 10_000), T0.plusNanos(1000L * c)));
            if (current.size() == perSave) {
                batches.add(Changes.of(current));
                current = new ArrayList<>(perSave);
            }
        }
        if (!current.isEmpty()) {
            batches.add(Changes.of(current));
        }
        return batches;
    }

    // ---------------------------------------------------------------------------------------------------- cases

    private static long tokenize(Path file) throws IOException {
        long tokens = 0;
        try (JsonParser parser = new JsonFactory().createParser(file.toFile())) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /** What a plain Jackson databind loader does: bind every line, entity included. */
    public record Line(String namespace, String changeType, String entityType, String entityID, Item entity,
                       String timestamp) {
    }

    private static long bind(Path file) throws IOException {
        long count = 0;
        com.fasterxml.jackson.databind.ObjectMapper mapper = WireFormat.defaultObjectMapper();
        try (com.fasterxml.jackson.databind.MappingIterator<Line> lines = mapper.readerFor(Line.class)
                .readValues(file.toFile())) {
            while (lines.hasNext()) {
                count += lines.next().entity().version();
            }
        }
        return count;
    }

    private FileStore open(Path directory, Durability durability) {
        return FileStore.builder(directory).entityTypes(types).durability(durability).autoCompaction(false)
                .build();
    }

    private Changes load(Path directory) {
        try (FileStore store = open(directory, Durability.FLUSH)) {
            return store.load(NAMESPACE);
        }
    }

    private Object compact(Path directory) {
        try (FileStore store = open(directory, Durability.FSYNC)) {
            store.compact(NAMESPACE);
        }
        return directory;
    }

    /** Reading the file (tokens only) and writing and syncing as many bytes as the compacted file holds. */
    private Object rawCompaction(Path file, int keptLines) throws IOException {
        long tokens = tokenize(file);
        long bytes = Files.size(file) / 10;
        Path out = work.resolve("raw-compact.tmp");
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (long written = 0; written < bytes; written += buffer.capacity()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - written));
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.delete(out);
        return tokens + keptLines;
    }

    private Object rawWrites(List<Changes> batches, boolean fsync) throws IOException {
        Path directory = work.resolve("raw-writes");
        Files.createDirectories(directory);
        Path file = directory.resolve(NAMESPACE + ".jsonl");
        WireFormat wire = WireFormat.create(types);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long position = 0;
            for (Changes batch : batches) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(300 * batch.size());
                for (Change change : batch) {
                    bytes.write(wire.encode(change));
                    bytes.write('\n');
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                if (fsync) {
                    channel.force(false);
                }
            }
        }
        deleteTree(directory);
        return file;
    }

    /**
     * Deleting a namespace of {@code changes} entities against saving them to it (FLUSH, 100 per save), both timed
     * from opening the store to closing it; the namespace is saved again, untimed, before each deletion.
     */
    private void measureDeletion(PrintStream out, List<Changes> batches, int changes, int rounds) throws IOException {
        Path directory = work.resolve("deletion");
        Measurement save = timed("FileStore save of " + changes + " changes to one namespace, 100 per save (FLUSH)",
                changes, rounds, () -> {
                    deleteTree(directory);
                    return null;
                }, () -> saveAll(directory, batches));
        Measurement delete = timed("FileStore deleteNamespace of those " + changes + " entities", changes, rounds,
                () -> {
                    deleteTree(directory);
                    return saveAll(directory, batches);
                }, () -> {
                    try (FileStore store = open(directory, Durability.FLUSH)) {
                        store.deleteNamespace(NAMESPACE);
                    }
                    return directory;
                });
        deleteTree(directory);
        new ResultTable("File store namespace deletion (time per run; target: the deletion takes no longer than "
                + "the save)").baseline(save).compare(delete, save).print(out);
    }

    private Object saveAll(Path directory, List<Changes> batches) {
        try (FileStore store = open(directory, Durability.FLUSH)) {
            for (Changes batch : batches) {
                store.save(batch);
            }
        }
        return directory;
    }

    private Object saves(List<Changes> batches, Durability durability) throws IOException {
        Path directory = work.resolve("saves");
        try (FileStore store = open(directory, durability)) {
            for (Changes batch : batches) {
                store.save(batch);
            }
        }
        deleteTree(directory);
        return directory;
    }

    /**
     * Saves {@code batches} with FSYNC durability from {@code writers} threads, each its share in order.
     *
     * @return the nanoseconds from the writers' start to the last save's return: opening and closing the store and
     *         starting the threads are left out, as they would weigh more on the shorter run of 8 writers
     */
    private long concurrentSaves(List<Changes> batches, int writers) throws Exception {
        Path directory = work.resolve("fsync-saves");
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long elapsed;
        try (FileStore store = open(directory, Durability.FSYNC)) {
            CountDownLatch ready = new CountDownLatch(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            int perWriter = batches.size() / writers;
            for (int w = 0; w < writers; w++) {
                List<Changes> mine = batches.subList(w * perWriter, (w + 1) * perWriter);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    for (Changes batch : mine) {
                        store.save(batch);
                    }
                    return null;
                }));
            }
            ready.await();
            long begin = System.nanoTime();
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            elapsed = System.nanoTime() - begin;
        } finally {
            pool.shutdownNow();
        }
        deleteTree(directory);
        return elapsed;
    }

    /**
     * FSYNC saves of one change each from 1 and 8 writers, in alternating rounds (the fsync latency of a shared
     * disk drifts), against encode + write + fsync on one thread.
     */
    private double measureFsync(PrintStream out, int rounds) throws IOException {
        int fsyncSaves = quick ? 800 : 3200;
        List<Changes> fsyncBatches = batches(fsyncSaves, 1);
        Measurement rawFsync = Measurement.of("raw: encode + write(2) + fsync, 1 change, 1 thread", fsyncSaves, 1,
                rounds, () -> rawWrites(fsyncBatches, true));
        long[][] times = new long[2][rounds];
        try {
            for (int round = -1; round < rounds; round++) {
                long one = concurrentSaves(fsyncBatches, 1);
                long eight = concurrentSaves(fsyncBatches, 8);
                if (round >= 0) {
                    times[0][round] = one;
                    times[1][round] = eight;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark case 'FSYNC saves' failed", e);
        }
        Measurement fsync1 = Measurement.ofTimes("FileStore save FSYNC, 1 change per save, 1 writer", fsyncSaves,
                times[0]);
        Measurement fsync8 = Measurement.ofTimes("FileStore save FSYNC, 1 change per save, 8 writers", fsyncSaves,
                times[1]);
        new ResultTable("File store FSYNC saves (time per run; units/s = changes/s)")
                .baseline(rawFsync).compare(fsync1, rawFsync).compare(fsync8, fsync1)
                .print(out);
        out.printf(Locale.ROOT, "%nfsync group commit: 8 writers vs 1: %.1fx the changes/s (target >= 4x)%n",
                fsync8.unitsPerSecond() / fsync1.unitsPerSecond());
        return fsync8.unitsPerSecond() / fsync1.unitsPerSecond();
    }

    /** Times {@code run} {@code rounds} times after {@code setup} (untimed) each time; median, min and max. */
    private static Measurement timed(String name, long units, int rounds, Callable<?> setup, Callable<?> run) {
        try {
            long[] times = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                setup.call();
                long start = System.nanoTime();
                run.call();
                times[i] = System.nanoTime() - start;
            }
            return Measurement.ofTimes(name, units, times);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark case '" + name + "' failed", e);
        }
    }
}
