package org.workspaceengine.persistence.benchmarks.kafka;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.benchmarks.Measurement;
import org.workspaceengine.persistence.benchmarks.ResultTable;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;

/**
 * The Kafka store against its raw floor on the same broker, as issue 4 asks: saving 100,000 changes of about 250-byte
 * entities (1,000 changes per save, waiting for every acknowledgement) against a bare {@link KafkaProducer} sending
 * the same key and value bytes to the same partition with the same settings ({@code acks=all}, idempotence, 1,000
 * records then wait for all acknowledgements); and loading that namespace (100,000 records over 20,000 entities)
 * against a bare {@link KafkaConsumer} reading the same partition from its beginning to its end offset. Prints
 * medians and the store's throughput relative to the floor (target: at least 0.8x). Then, on the same broker,
 * {@link DeletionBenchmark}: deleting a namespace of as many entities as there are changes, against saving them.
 *
 * <p>It uses the cluster in {@code KAFKA_BOOTSTRAP_SERVERS}, or starts a single-node KRaft broker in a child JVM
 * (not in this one, whose CPU and heap belong to the clients measured). Two bare consumers read: one with Kafka's
 * default settings, as an application reading the topic itself would start, and one with the settings the store's
 * consumers use ({@code fetch.max.wait.ms=10}, {@code max.poll.records=10000}, {@code max.partition.fetch.bytes} of
 * 4 MiB), which isolates what the store itself costs.
 *
 * <pre>{@code
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     org.workspaceengine.persistence.benchmarks.kafka.KafkaStoreBenchmark [changes] [rounds]
 * }</pre>
 */
public final class KafkaStoreBenchmark {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final String NAMESPACE = "bench";
    private static final int BATCH = 1_000;
    private static final int VERSIONS = 5;

    private final String servers;
    private final int changes;
    private final int rounds;
    private final EntityTypes types = EntityTypes.create().register("item", Item.class);
    private final WireFormat wire = WireFormat.create(types);
    private final List<Changes> batches = new ArrayList<>();

    private KafkaStoreBenchmark(String servers, int changes, int rounds) {
        this.servers = servers;
        this.changes = changes;
        this.rounds = rounds;
        int entities = Math.max(1, changes / VERSIONS);
        List<Change> current = new ArrayList<>(BATCH);
        for (int i = 0; i < changes; i++) {
            current.add(Change.set(NAMESPACE, Item.of(i % entities, i / entities), T0.plusNanos(i * 1_000L)));
            if (current.size() == BATCH || i == changes - 1) {
                batches.add(Changes.of(current));
                current = new ArrayList<>(BATCH);
            }
        }
    }

    /** Entry point: {@code [changes] [rounds]} (defaults 100000 and 5). */
    public static void main(String[] args) {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        run(System.out, changes, rounds);
        System.exit(0); // client threads of a failed run must not keep the JVM alive
    }

    /** Runs the suite with the default sizes (for the benchmark harness). */
    public static void run(PrintStream out) {
        run(out, 100_000, 5);
    }

    private static void run(PrintStream out, int changes, int rounds) {
        String external = System.getenv(KafkaCluster.BOOTSTRAP_SERVERS_ENV);
        // The broker runs in a child JVM, as a real one runs apart from its clients: in this JVM it would take
        // CPU and garbage collection from the clients being measured.
        KafkaBrokerProcess broker = external == null || external.isBlank() ? KafkaBrokerProcess.create() : null;
        try {
            String servers = broker == null ? external : startedAt(broker);
            out.println("# kafka (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, Java " + Runtime.version() + ", "
                    + (broker == null ? "external cluster at " + servers
                            : "single-node KRaft broker in a child JVM at " + servers) + ")");
            new KafkaStoreBenchmark(servers, changes, rounds).measure(out);
            new DeletionBenchmark(servers, changes, rounds).measure(out);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static String startedAt(KafkaBrokerProcess broker) {
        broker.start();
        return broker.bootstrapServers();
    }

    private void measure(PrintStream out) {
        int bytes = wire.encode(batches.get(0).get(0)).length;
        out.printf(Locale.ROOT, "%,d changes of %,d entities, %d-byte records (value), %,d changes per save, "
                + "1 warm-up + %d measured rounds%n", changes, Math.max(1, changes / VERSIONS), bytes, BATCH, rounds);

        // Rounds alternate between the floor and the store; each run gets a fresh topic and client, set up
        // before its clock starts.
        long[][] saveTimes = new long[2][rounds];
        for (int round = -1; round < rounds; round++) {
            long raw = time(rawSave());
            long stored = time(storeSave());
            if (round >= 0) {
                saveTimes[0][round] = raw;
                saveTimes[1][round] = stored;
            }
        }
        Measurement rawSave = measurement("raw KafkaProducer: send " + BATCH + ", await acks", saveTimes[0]);
        Measurement storeSave = measurement("KafkaStore.save(" + BATCH + " changes)", saveTimes[1]);

        String topic = "bench-load-" + UUID.randomUUID();
        try (KafkaStore store = store(topic)) {
            for (Changes batch : batches) {
                store.save(batch);
            }
            TopicPartition partition = new TopicPartition(topic, store.partitionOf(NAMESPACE));
            try (KafkaConsumer<byte[], byte[]> plain = new KafkaConsumer<>(consumerConfig(false));
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(true))) {
                com.fasterxml.jackson.databind.ObjectMapper mapper = WireFormat.defaultObjectMapper();
                // Like the saves, the readers take turns round by round, so that drift in the machine's speed falls on
                // all of them alike.
                long[][] loadTimes = new long[4][rounds];
                long[] gcMillis = new long[2]; // pause time of the garbage collector during tuned raw reads and loads
                for (int round = -1; round < rounds; round++) {
                    long plainRaw = time(new Callable(() -> rawRead(plain, partition)));
                    long gcBefore = gcMillis();
                    long raw = time(new Callable(() -> rawRead(consumer, partition)));
                    long gcAfterRaw = gcMillis();
                    long parsed = time(new Callable(() -> rawReadAndParse(consumer, partition, mapper)));
                    long gcBeforeStore = gcMillis();
                    long stored = time(new Callable(() -> {
                        Changes loaded = store.load(NAMESPACE);
                        if (loaded.size() != Math.max(1, changes / VERSIONS)) {
                            throw new IllegalStateException("loaded " + loaded.size() + " changes");
                        }
                        return loaded;
                    }));
                    if (round >= 0) {
                        loadTimes[0][round] = plainRaw;
                        loadTimes[1][round] = raw;
                        loadTimes[2][round] = parsed;
                        loadTimes[3][round] = stored;
                        gcMillis[0] += gcAfterRaw - gcBefore;
                        gcMillis[1] += gcMillis() - gcBeforeStore;
                    }
                }
                Measurement plainLoad = measurement("raw KafkaConsumer, default settings: partition to end offset",
                        loadTimes[0]);
                Measurement rawLoad = measurement("raw KafkaConsumer, the store's settings: partition to end offset",
                        loadTimes[1]);
                Measurement rawParse = measurement("raw KafkaConsumer + Jackson readTree of every value",
                        loadTimes[2]);
                Measurement storeLoad = measurement("KafkaStore.load (latest wins, decode winners)", loadTimes[3]);
                new ResultTable("Kafka store vs raw Kafka clients (" + changes + " changes)")
                        .baseline(rawSave).compare(storeSave, rawSave)
                        .baseline(plainLoad).compare(storeLoad, plainLoad)
                        .baseline(rawLoad).compare(rawParse, rawLoad).compare(storeLoad, rawLoad)
                        .print(out);
                out.printf(Locale.ROOT, "%nstore throughput relative to the raw client (target >= 0.8x): save %.2fx; "
                        + "load %.2fx against a consumer with default settings, %.2fx against one with the store's%n",
                        (double) rawSave.medianNanos() / storeSave.medianNanos(),
                        (double) plainLoad.medianNanos() / storeLoad.medianNanos(),
                        (double) rawLoad.medianNanos() / storeLoad.medianNanos());
                out.printf(Locale.ROOT, "garbage-collector pauses per read, on average: raw consumer (store's "
                        + "settings) %.1f ms, store load %.1f ms%n", (double) gcMillis[0] / rounds,
                        (double) gcMillis[1] / rounds);
            }
        }
    }

    /** Milliseconds this JVM's garbage collectors have spent collecting so far. */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    private Measurement measurement(String name, long[] times) {
        return Measurement.ofTimes(name, changes, times);
    }

    private static long time(Callable run) {
        try {
            long start = System.nanoTime();
            run.call();
            return System.nanoTime() - start;
        } catch (Exception e) {
            throw new IllegalStateException("benchmark run failed", e);
        }
    }

    private KafkaStore store(String topic) {
        return KafkaStore.builder().bootstrapServers(servers).topic(topic).partitions(1).replicationFactor(1)
                .entityTypes(types).saveTimeout(Duration.ofMinutes(2)).loadTimeout(Duration.ofMinutes(5)).build();
    }

    /** Saves every batch through a store on a fresh topic (built before the clock starts). */
    private Callable storeSave() {
        KafkaStore store = store("bench-save-" + UUID.randomUUID());
        return new Callable(() -> {
            try {
                for (Changes batch : batches) {
                    store.save(batch);
                }
            } finally {
                store.close();
            }
            return batches.size();
        });
    }

    /** Sends the same bytes with a bare producer configured as the store's, to a fresh topic. */
    private Callable rawSave() {
        String topic = "bench-raw-" + UUID.randomUUID();
        store(topic).close(); // creates the topic as the store would
        List<List<ProducerRecord<byte[], byte[]>>> records = new ArrayList<>();
        for (Changes batch : batches) {
            List<ProducerRecord<byte[], byte[]>> encoded = new ArrayList<>(batch.size());
            for (Change change : batch) {
                byte[] key = ("[\"" + NAMESPACE + "\",\"item\",\"" + change.entityId() + "\"]")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                encoded.add(new ProducerRecord<>(topic, 0, key, wire.encode(change)));
            }
            records.add(encoded);
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", servers);
        config.put("key.serializer", ByteArraySerializer.class);
        config.put("value.serializer", ByteArraySerializer.class);
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("max.block.ms", Duration.ofMinutes(2).toMillis());
        config.put("max.request.size", 8 * 1024 * 1024);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        producer.partitionsFor(topic); // metadata, as the store's producer has it
        return new Callable(() -> {
            try {
                for (List<ProducerRecord<byte[], byte[]>> batch : records) {
                    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                    for (ProducerRecord<byte[], byte[]> record : batch) {
                        acks.add(producer.send(record));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        ack.get(2, TimeUnit.MINUTES);
                    }
                }
            } finally {
                producer.close();
            }
            return records.size();
        });
    }

    /**
     * A bare consumer's settings: the defaults (as an application reading the topic itself would start), or
     * {@code tuned} like the store's own consumers.
     */
    private Map<String, Object> consumerConfig(boolean tuned) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", servers);
        config.put("key.deserializer", ByteArrayDeserializer.class);
        config.put("value.deserializer", ByteArrayDeserializer.class);
        config.put("enable.auto.commit", false);
        if (tuned) {
            config.put("fetch.max.wait.ms", 10);
            config.put("max.poll.records", 10_000);
            config.put("max.partition.fetch.bytes", 4 << 20);
        }
        return config;
    }

    private static long rawRead(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition) {
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), Duration.ofMinutes(1)).get(partition);
        long begin = consumer.beginningOffsets(List.of(partition), Duration.ofMinutes(1)).get(partition);
        consumer.seek(partition, begin);
        long bytes = 0;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                bytes += record.key().length + record.value().length;
            }
        }
        return bytes;
    }

    private static long rawReadAndParse(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition,
                                        com.fasterxml.jackson.databind.ObjectMapper mapper) throws Exception {
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), Duration.ofMinutes(1)).get(partition);
        consumer.seek(partition, consumer.beginningOffsets(List.of(partition), Duration.ofMinutes(1)).get(partition));
        long fields = 0;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                fields += mapper.readTree(record.value()).size();
            }
        }
        return fields;
    }

    /**
     * A measured run whose setup (topic, client) happened when it was created: {@link Measurement} times only
     * {@link #call()}.
     */
    private static final class Callable implements java.util.concurrent.Callable<Object> {
        private final java.util.concurrent.Callable<Object> body;

        Callable(java.util.concurrent.Callable<Object> body) {
            this.body = body;
        }

        @Override
        public Object call() throws Exception {
            return body.call();
        }
    }
}
