package org.workspaceengine.persistence.benchmarks.union;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.benchmarks.Measurement;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.benchmarks.ResultTable;
import org.workspaceengine.persistence.benchmarks.WorkDirectories;
import org.workspaceengine.persistence.file.Durability;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;
import org.workspaceengine.persistence.union.UnionStore;

/**
 * Issues 5's and 14's targets, measured side by side in one run: a union of a file store and a Kafka store saves in
 * about the time of its slowest member, not the sum, and its backlog costs nothing while every member is up (target:
 * union save time at most 1.2x the slowest member's alone); and draining a backlog into Kafka reaches at least 0.8x
 * the throughput of a plain save ({@link BacklogDrain}).
 *
 * <p>Four save cases, each with stores of its own (a fresh directory, a fresh one-partition topic): the file store
 * alone (default durability: fsync per save), the Kafka store alone ({@code acks=all}, idempotent), and their union
 * (write policy all, so a union save waits for both), once with its backlogs in memory and once with a backlog
 * directory. Each workload is a sequence of saves of about 250-byte entities, run
 * once as a warm-up and then for the measured rounds; within a round the cases alternate, so that drift on a noisy
 * machine hits them alike, and each round writes a namespace of its own. Prints the median time of one save per case
 * and its ratio to the slowest member.
 *
 * <p>It uses the cluster in {@code KAFKA_BOOTSTRAP_SERVERS}, or starts a single-node KRaft broker in this JVM.
 *
 * <pre>{@code
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     org.workspaceengine.persistence.benchmarks.union.UnionBenchmark [rounds] [FSYNC|FLUSH|NONE] [drain rounds]
 * }</pre>
 */
public final class UnionBenchmark {

    /** The union's save time may be at most this multiple of its slowest member's. */
    static final double TARGET_RATIO = 1.2;

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One workload: {@code saves} saves of {@code changesPerSave} changes. */
    private record Workload(String name, int saves, int changesPerSave) {
    }

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("small saves", 200, 10),
            new Workload("large saves", 20, 1_000));

    private final EntityTypes types = EntityTypes.create().register("item", Item.class);
    private final String servers;
    private final int rounds;
    private final Durability durability;
    private final int drainRounds;
    private final List<Path> directories = new ArrayList<>();

    private UnionBenchmark(String servers, int rounds, Durability durability, int drainRounds) {
        this.servers = servers;
        this.rounds = rounds;
        this.durability = durability;
        this.drainRounds = drainRounds;
    }

    /**
     * Entry point: {@code [rounds] [durability] [drain rounds]}: measured rounds of the saves (default 9), the file
     * stores' durability ({@code FSYNC}, the default, {@code FLUSH} or {@code NONE}) and measured rounds of the
     * backlog drain (default 5; 0 skips it).
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Durability durability = args.length > 1 ? Durability.valueOf(args[1].toUpperCase(Locale.ROOT))
                : Durability.FSYNC;
        int drainRounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (KafkaCluster cluster = KafkaCluster.resolve()) {
            System.out.println("# union (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, Java " + Runtime.version() + ", "
                    + cluster.description() + ")");
            new UnionBenchmark(cluster.bootstrapServers(), rounds, durability, drainRounds).run(System.out);
        }
    }

    private void run(PrintStream out) {
        try (Store file = fileStore();
             Store kafka = kafkaStore();
             UnionStore union = UnionStore.builder().member("kafka", kafkaStore()).member("file", fileStore())
                     .build();
             UnionStore withBacklog = UnionStore.builder().member("kafka", kafkaStore()).member("file", fileStore())
                     .backlog(directory("union-bench-backlog-")).build()) {
            out.printf(Locale.ROOT, "file store: durability %s; Kafka store: one partition, acks=all; unions: %s, %s%n",
                    durability, union, withBacklog);
            out.printf(Locale.ROOT, "1 warm-up + %d measured rounds per workload, cases alternating within each"
                    + " round%n", rounds);
            for (Workload workload : WORKLOADS) {
                run(out, workload, List.of(file, kafka, union, withBacklog), List.of("FileStore alone",
                        "KafkaStore alone", "UnionStore(kafka, file)", "UnionStore(kafka, file) + backlog directory"));
            }
            if (drainRounds > 0) {
                new BacklogDrain(types, this::kafkaStore, this::fileStore,
                        () -> directory("union-bench-drain-"), drainRounds).run(out);
            }
        } finally {
            for (Path directory : directories) {
                deleteRecursively(directory);
            }
        }
    }

    private void run(PrintStream out, Workload workload, List<Store> stores, List<String> names) {
        long[][] times = new long[stores.size()][rounds];
        long[][] cpuTimes = new long[stores.size()][rounds];
        for (int round = -1; round < rounds; round++) {
            for (int c = 0; c < stores.size(); c++) {
                // Rotate the order each round, so that no case always runs first.
                int index = Math.floorMod(c + round, stores.size());
                List<Changes> batches = batches(workload, "round-" + round);
                long cpuStarted = OS.getProcessCpuTime();
                long started = System.nanoTime();
                for (Changes batch : batches) {
                    stores.get(index).save(batch);
                }
                long elapsed = System.nanoTime() - started;
                long cpu = OS.getProcessCpuTime() - cpuStarted;
                if (round >= 0) {
                    times[index][round] = elapsed / workload.saves();
                    cpuTimes[index][round] = cpu / workload.saves();
                }
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        for (int c = 0; c < stores.size(); c++) {
            measurements.add(Measurement.ofTimes(names.get(c) + ": save " + workload.changesPerSave() + " changes",
                    workload.changesPerSave(), times[c]));
        }
        Measurement fileSave = measurements.get(0);
        Measurement kafkaSave = measurements.get(1);
        Measurement unionSave = measurements.get(2);
        Measurement backlogSave = measurements.get(3);
        Measurement slowest = fileSave.medianNanos() >= kafkaSave.medianNanos() ? fileSave : kafkaSave;
        Measurement other = slowest == fileSave ? kafkaSave : fileSave;
        new ResultTable(workload.name() + ": " + workload.saves() + " saves of " + workload.changesPerSave()
                + " changes per round; time per save, baseline = the slowest member alone")
                .baseline(slowest).compare(other, slowest).compare(unionSave, slowest).compare(backlogSave, slowest)
                .print(out);
        out.println();
        List<String> cpu = new ArrayList<>();
        for (int c = 0; c < stores.size(); c++) {
            cpu.add(cpu(names.get(c), cpuTimes[c]));
        }
        out.println("CPU time of the whole process (broker included when it runs in this JVM) per save, median: "
                + String.join(", ", cpu));
        double ofSum = (double) unionSave.medianNanos() / (fileSave.medianNanos() + kafkaSave.medianNanos());
        for (Measurement union : List.of(unionSave, backlogSave)) {
            double ratio = (double) union.medianNanos() / slowest.medianNanos();
            out.printf(Locale.ROOT, "%s / slowest member = %.2fx (target <= %.1fx: %s)%n", union.name(), ratio,
                    TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");
        }
        out.printf(Locale.ROOT, "union / sum of members = %.2fx; union with a backlog directory / union = %.2fx%n",
                ofSum, (double) backlogSave.medianNanos() / unionSave.medianNanos());
    }

    private static String cpu(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%s %.1f ms", name, sorted[sorted.length / 2] / 1e6);
    }

    private List<Changes> batches(Workload workload, String namespace) {
        List<Changes> batches = new ArrayList<>(workload.saves());
        long tick = 0;
        for (int s = 0; s < workload.saves(); s++) {
            List<Change> changes = new ArrayList<>(workload.changesPerSave());
            for (int i = 0; i < workload.changesPerSave(); i++) {
                int entity = s * workload.changesPerSave() + i;
                changes.add(Change.set(namespace, Item.of(entity, 1), T0.plusNanos(1_000 * tick++)));
            }
            batches.add(Changes.of(changes));
        }
        return batches;
    }

    private FileStore fileStore() {
        return FileStore.builder(directory("union-bench-file-")).entityTypes(types).durability(durability)
                .autoCompaction(false).build();
    }

    private Path directory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            directories.add(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KafkaStore kafkaStore() {
        return KafkaStore.builder().bootstrapServers(servers).topic("union-bench-" + UUID.randomUUID())
                .partitions(1).replicationFactor(1).entityTypes(types).build();
    }

    private static void deleteRecursively(Path directory) {
        try {
            WorkDirectories.deleteTree(directory);
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
