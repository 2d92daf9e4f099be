package org.workspaceengine.persistence.benchmarks.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.benchmarks.Measurement;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.benchmarks.ResultTable;
import org.workspaceengine.persistence.benchmarks.WorkDirectories;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.KafkaStoreBuilder;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;

/**
 * The Kafka store's local state directory against today's load, as issue 18 asks, side by side on one broker: a topic
 * of 6 partitions holding {@code namespaces} namespaces of {@code changes} changes each (about 250-byte entities, 5
 * versions each; 1,000 x 1,000 by default, 1M records), and the load of one namespace:
 * <ul>
 *   <li>today's load (no local state), in a fresh process (its first load) and repeated in a running one (after
 *       {@link #JIT_WARMUP} of uncounted loads, as for the warm loads with local state);</li>
 *   <li>with local state, the first load in a fresh process with an empty directory (target: at most 1.2x today's
 *       first load in a fresh process);</li>
 *   <li>a warm load, caught up with no new records (target: at least 50x faster than today's load);</li>
 *   <li>a load after 10,000 new records spread over the topic (target: at most 2x the warm load plus the time a bare
 *       consumer takes to read the new records of the partition).</li>
 * </ul>
 * Every load runs in a child JVM with {@code -Xmx256m} (each round a fresh one), which reports its peak heap.
 */
public final class LocalStateBenchmark {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final int VERSIONS = 5;
    private static final int NEW_RECORDS = 10_000;
    private static final int WARM_LOADS = 30;
    /**
     * Each process first loads again and again, uncounted, for at least this long and this many loads, for either kind
     * of load: the same time for both, so that the JIT has compiled a cheap load as far as an expensive one (a count
     * of loads would leave the cheap one colder: 10 loads of 6 ms against 10 of 170 ms).
     */
    private static final Duration JIT_WARMUP = Duration.ofSeconds(3);
    private static final int JIT_WARMUP_LOADS = 10;
    private static final EntityTypes TYPES = EntityTypes.create().register("item", Item.class);

    private LocalStateBenchmark() {
    }

    /** Entry point: {@code [namespaces] [changes per namespace] [rounds]} (defaults 1000, 1000, 3). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            System.exit(0);
        }
        int namespaces = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        run(System.out, namespaces, changes, rounds);
        System.exit(0); // client threads of a failed run must not keep the JVM alive
    }

    /** Runs the suite with the default sizes (for the benchmark harness). */
    public static void run(PrintStream out) {
        run(out, 1_000, 1_000, 3);
    }

    private static void run(PrintStream out, int namespaces, int changes, int rounds) {
        String external = System.getenv(KafkaCluster.BOOTSTRAP_SERVERS_ENV);
        KafkaBrokerProcess broker = external == null || external.isBlank() ? KafkaBrokerProcess.create() : null;
        try {
            String servers = external;
            if (broker != null) {
                broker.start();
                servers = broker.bootstrapServers();
            }
            out.println("# kafka local state (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + Runtime.version() + ", " + (broker == null ? "external cluster at " + servers
                    : "single-node KRaft broker in a child JVM at " + servers) + "; loads in child JVMs with "
                    + "-Xmx256m)");
            measure(out, servers, namespaces, changes, rounds);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static void measure(PrintStream out, String servers, int namespaces, int changes, int rounds)
            throws IOException, InterruptedException {
        String topic = "bench-local-state-" + UUID.randomUUID();
        String namespace = namespaceName(namespaces / 2);
        long records = (long) namespaces * changes;
        try (KafkaStore writer = store(servers, topic).build()) {
            long started = System.nanoTime();
            fill(writer, namespaces, changes);
            out.printf(Locale.ROOT, "%nfilled %,d namespaces x %,d changes (%,d records, %d entities x %d versions "
                    + "each, about 250-byte entities) on 6 partitions in %.1f s; loading '%s' (partition %d), %d "
                    + "rounds%n", namespaces, changes, records, Math.max(1, changes / VERSIONS), VERSIONS,
                    (System.nanoTime() - started) / 1e9, namespace, writer.partitionOf(namespace), rounds);
            Map<String, List<Long>> results = new HashMap<>();
            long peakHeap = 0;
            for (int round = 0; round < rounds; round++) {
                peakHeap = Math.max(peakHeap, child(results, null, servers, topic, namespace, namespaces, out));
                peakHeap = Math.max(peakHeap, child(results, writer, servers, topic, namespace, namespaces, out));
            }
            report(out, results, peakHeap);
        }
    }

    private static void report(PrintStream out, Map<String, List<Long>> results, long peakHeap) {
        Measurement baselineFirst = of("today's load, first in a fresh process", results.get("baseline-first"));
        Measurement baselineWarm = of("today's load, repeated in a running process", results.get("baseline-warm"));
        Measurement localFirst = of("local state: first load, fresh process, empty directory",
                results.get("local-first"));
        Measurement localWarm = of("local state: warm load (no new records)", results.get("local-warm"));
        Measurement afterNew = of("local state: load after " + NEW_RECORDS + " new records on the topic",
                results.get("local-after-new"));
        Measurement readNew = of("bare consumer reading the partition's new records", results.get("read-new"));
        new ResultTable("Kafka load of one namespace: local state against today's load")
                .baseline(baselineFirst).compare(localFirst, baselineFirst)
                .baseline(baselineWarm).compare(localWarm, baselineWarm).compare(afterNew, baselineWarm)
                .compare(readNew, baselineWarm).print(out);
        out.printf(Locale.ROOT, "%nfirst load with local state / today's first load: %.2fx (target <= 1.2x)%n",
                ratio(localFirst, baselineFirst));
        out.printf(Locale.ROOT, "today's load / warm load with local state: %.1fx faster (target >= 50x)%n",
                ratio(baselineWarm, localWarm));
        out.printf(Locale.ROOT, "load after new records / (2 x warm + reading them): %.2f (target <= 1.0; "
                + "%.2f ms against 2 x %.2f + %.2f ms)%n", (double) afterNew.medianNanos()
                / (2 * localWarm.medianNanos() + readNew.medianNanos()), afterNew.medianMillis(),
                localWarm.medianMillis(), readNew.medianMillis());
        out.printf(Locale.ROOT, "peak heap of the load processes: %.1f MiB of -Xmx256m%n", peakHeap / 1048576.0);
    }

    private static Measurement of(String name, List<Long> nanos) {
        return Measurement.ofTimes(name, 1, nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private static double ratio(Measurement a, Measurement b) {
        return (double) a.medianNanos() / b.medianNanos();
    }

    private static void fill(KafkaStore writer, int namespaces, int changes) {
        int entities = Math.max(1, changes / VERSIONS);
        List<Change> batch = new ArrayList<>(5_000);
        long tick = 0;
        for (int version = 0; version < VERSIONS; version++) {
            for (int n = 0; n < namespaces; n++) {
                for (int e = 0; e < entities; e++) {
                    batch.add(Change.set(namespaceName(n), Item.of(e, version), T0.plusNanos(1_000 * tick++)));
                    if (batch.size() == 5_000) {
                        writer.save(Changes.of(batch));
                        batch.clear();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            writer.save(Changes.of(batch));
        }
    }

    /** Saves {@value #NEW_RECORDS} new versions spread over every namespace. */
    private static void addNewRecords(KafkaStore writer, int namespaces, int round) {
        List<Change> batch = new ArrayList<>(NEW_RECORDS);
        for (int i = 0; i < NEW_RECORDS; i++) {
            batch.add(Change.set(namespaceName(i % namespaces), Item.of(i / namespaces, 100 + round),
                    T0.plusSeconds(86_400L * (round + 1)).plusNanos(i)));
        }
        for (int from = 0; from < batch.size(); from += 1_000) {
            writer.save(Changes.of(batch.subList(from, Math.min(batch.size(), from + 1_000))));
        }
    }

    private static String namespaceName(int n) {
        return String.format(Locale.ROOT, "workspace-%05d", n);
    }

    private static KafkaStoreBuilder store(String servers, String topic) {
        return KafkaStore.builder().bootstrapServers(servers).topic(topic).partitions(6).replicationFactor(1)
                .entityTypes(TYPES).saveTimeout(Duration.ofMinutes(2)).loadTimeout(Duration.ofMinutes(10));
    }

    /**
     * Runs one child JVM: today's load ({@code writer} null), or the local-state loads with one round of new records
     * saved by {@code writer} while the child waits; adds its results and returns its peak heap.
     */
    private static long child(Map<String, List<Long>> results, KafkaStore writer, String servers, String topic,
                              String namespace, int namespaces, PrintStream out)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path state = writer == null ? null : Files.createTempDirectory("kafka-local-state");
        List<String> command = List.of(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                LocalStateBenchmark.class.getName(), "child", writer == null ? "baseline" : "local", servers, topic,
                namespace, state == null ? "-" : state.toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long peak = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter toChild = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "RESULT" -> results.computeIfAbsent(parts[1], k -> new ArrayList<>())
                            .add(Long.parseLong(parts[2]));
                    case "HEAP" -> peak = Long.parseLong(parts[1]);
                    case "READY" -> {
                        addNewRecords(writer, namespaces, results.getOrDefault("local-after-new", List.of()).size());
                        toChild.println("GO");
                    }
                    default -> out.println("child: " + line);
                }
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the benchmark child failed with exit code " + process.exitValue());
            }
        } finally {
            process.destroyForcibly();
            if (state != null) {
                WorkDirectories.deleteTree(state);
            }
        }
        return peak;
    }

    /** The child: {@code child baseline|local servers topic namespace stateDirectory}. */
    private static void child(String[] args) throws IOException {
        boolean local = args[1].equals("local");
        String servers = args[2];
        String topic = args[3];
        String namespace = args[4];
        KafkaStoreBuilder builder = store(servers, topic).readOnly(true);
        if (local) {
            builder.localState(Path.of(args[5]));
        }
        String kind = local ? "local" : "baseline";
        try (KafkaStore store = builder.build()) {
            long started = System.nanoTime();
            int size = store.load(namespace).size();
            System.out.println("RESULT " + kind + "-first " + (System.nanoTime() - started));
            if (size == 0) {
                throw new IllegalStateException("namespace " + namespace + " loaded empty");
            }
            long warmUntil = System.nanoTime() + JIT_WARMUP.toNanos();
            for (int i = 0; i < JIT_WARMUP_LOADS || System.nanoTime() < warmUntil; i++) {
                store.load(namespace);
            }
            for (int i = 0; i < WARM_LOADS; i++) {
                started = System.nanoTime();
                store.load(namespace);
                System.out.println("RESULT " + kind + "-warm " + (System.nanoTime() - started));
            }
            if (local) {
                TopicPartition partition = new TopicPartition(topic, store.partitionOf(namespace));
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(servers))) {
                    consumer.assign(List.of(partition));
                    long before = consumer.endOffsets(List.of(partition)).get(partition);
                    System.out.println("READY");
                    System.out.flush();
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    started = System.nanoTime();
                    store.load(namespace);
                    System.out.println("RESULT local-after-new " + (System.nanoTime() - started));
                    started = System.nanoTime();
                    long end = consumer.endOffsets(List.of(partition)).get(partition);
                    consumer.seek(partition, before);
                    long read = 0;
                    while (consumer.position(partition) < end) {
                        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                        read += batch.count();
                    }
                    System.out.println("RESULT read-new " + (System.nanoTime() - started));
                    System.err.println("the new records of partition " + partition.partition() + ": " + read);
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("HEAP " + peak);
    }

    /** A bare consumer with the settings of the store's own consumers. */
    private static Map<String, Object> consumerConfig(String servers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        return config;
    }
}
