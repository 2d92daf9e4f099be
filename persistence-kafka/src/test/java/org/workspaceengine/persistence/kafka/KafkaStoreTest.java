package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Unserializable;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** Kafka-specific behaviour on the real broker: record layout, modes, progress, errors, URIs and secrets. */
class KafkaStoreTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @Test
    void recordsAreKeyedByNamespaceTypeAndIdWithTheWireFormatAsValueInTheNamespacesPartition() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("layout").partitions(3)
                .entityTypes(TestEntities.registry()).build()) {
            Change change = Change.set("ws \"1\"", Widget.of("w1", 1), T0);
            store.save(Changes.of(change));

            List<ConsumerRecord<byte[], byte[]>> records = readAll(store.topic(), store.partitionOf("ws \"1\""));

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(new String(record.key(), StandardCharsets.UTF_8))
                        .isEqualTo("[\"ws \\\"1\\\"\",\"widget\",\"w1\"]");
                assertThat(record.value()).isEqualTo(WireFormat.create(TestEntities.registry()).encode(change));
            });
            assertThat(store.partitionOf("ws \"1\"")).isEqualTo(NamespacePartitioner.partition("ws \"1\"", 3));
        }
    }

    @Test
    void tombstoneModeWritesUnsetsAsNullRecordsThatLoadsDropTheEntityFor() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("tombstones").partitions(1).tombstonesForUnsets(true)
                .entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("ns").set(Widget.of("gone", 1), T0).set(Widget.of("kept", 1), T0).build());
            store.save(Changes.builder("ns").unset(Widget.of("gone", 1), T0.plusSeconds(1)).build());

            assertThat(store.load("ns")).containsExactly(Change.set("ns", Widget.of("kept", 1), T0));
            List<ConsumerRecord<byte[], byte[]>> records = readAll(store.topic(), 0);
            assertThat(records).hasSize(3);
            assertThat(records.get(2).value()).isNull();

            store.save(Changes.builder("ns").set(Widget.of("gone", 2), T0.plusSeconds(2)).build());
            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("kept", "gone");
        }
    }

    @Test
    void aLargeSaveWithAnEntityThatCannotBeSerializedFailsOnThatEntityAndWritesNothing() {
        EntityTypes types = TestEntities.registry().register(TestEntities.UNSERIALIZABLE, Unserializable.class);
        try (KafkaStore store = Brokers.storeOnFreshTopic("unserializable").partitions(1).entityTypes(types)
                .build()) {
            ChangesBuilder changes = Changes.builder("ns");
            for (int i = 0; i < 1000; i++) {
                changes.set(i == 700 || i == 900 ? new Unserializable("x" + i) : Widget.of("w" + i, i), T0);
            }

            // Encoded on two threads, yet the failure is the first bad change's own, as a sequential loop gives.
            assertThatThrownBy(() -> store.save(changes.build())).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("unserializable/x700").hasMessageNotContaining("x900");
            assertThat(store.load("ns")).isEmpty();
        }
    }

    @Test
    void aChangeWhoseRecordIsLargerThanMaxRecordBytesIsRefusedBeforeAnythingIsSent() {
        try (KafkaStore store = Brokers.storeOnFreshTopic("too-large").partitions(1).maxRecordBytes(64 * 1024)
                .entityTypes(TestEntities.registry()).build()) {
            Widget huge = new Widget("huge", "too big", 1, Map.of(), "x".repeat(200_000));

            assertThatThrownBy(() -> store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).set(huge, T0)
                    .build())).isInstanceOf(RejectedChangeException.class)
                    .hasMessageContaining("entity widget/huge of namespace 'ns'")
                    .hasMessageContaining("more than the 65536 bytes of maxRecordBytes")
                    .hasMessageContaining("nothing of this save was written");

            assertThat(store.load("ns")).isEmpty();
        }
    }

    @Test
    void anExistingTopicsSmallerMaxMessageBytesIsTheLimitFromTheFirstSaveOnBeforeAnythingIsSent() throws Exception {
        String topic = Brokers.uniqueTopic("small-messages");
        Brokers.createTopic(Brokers.servers(), topic, 1, Map.of("cleanup.policy", "compact",
                "max.message.bytes", "32768"));
        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic)
                .entityTypes(TestEntities.registry()).build()) {
            Widget big = new Widget("big", "big", 1, Map.of(), "x".repeat(40_000));
            Changes changes = Changes.builder("ns").set(Widget.of("small", 1), T0).set(big, T0).build();
            assertThat(store.maxRecordBytes()).as("before the store reaches its topic").isEqualTo(8 << 20);

            // The first save learns the topic's limit when it commits, and refuses before it sends anything.
            assertThatThrownBy(() -> store.save(changes))
                    .isInstanceOf(RejectedChangeException.class)
                    .hasMessageContaining("32768 bytes of max.message.bytes of topic '" + topic + "'");
            assertThat(store.maxRecordBytes()).isEqualTo(32768);
            // From then on the limit is checked when the save is prepared.
            assertThatThrownBy(() -> store.prepareSave(changes))
                    .isInstanceOf(RejectedChangeException.class)
                    .hasMessageContaining("32768 bytes of max.message.bytes of topic '" + topic + "'");
            assertThat(store.load("ns")).isEmpty();
        }
    }

    @Test
    void aTransactionalSaveThatFailsPartlyLeavesNothingVisible() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("tx-atomic").partitions(2).transactional(true)
                .entityTypes(TestEntities.registry()).build()) {
            store.checkTopic();
            // The topic's limit shrinks under the running store: the broker refuses what the store let through.
            Brokers.setTopicConfig(Brokers.servers(), store.topic(), "max.message.bytes", "65536");
            Widget huge = new Widget("huge", "too big", 1, Map.of(), "x".repeat(200_000));
            Changes mixed = Changes.builder("ns-a").set(Widget.of("w1", 1), T0).build()
                    .concat(Changes.builder("ns-b").set(Widget.of("w2", 1), T0).set(huge, T0).build());

            assertThatThrownBy(() -> store.save(mixed)).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("3 of 3 records not acknowledged")
                    .hasMessageContaining("namespace 'ns-a': 1").hasMessageContaining("namespace 'ns-b': 2");

            assertThat(store.load("ns-a")).isEmpty();
            assertThat(store.load("ns-b")).isEmpty();
            store.save(Changes.builder("ns-a").set(Widget.of("w3", 1), T0).build());
            assertThat(store.load("ns-a")).extracting(Change::entityId).containsExactly("w3");
        }
    }

    @Test
    void withoutTransactionsTheAcknowledgedRecordsOfAFailedSaveStay() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("no-tx").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            store.checkTopic();
            Brokers.setTopicConfig(Brokers.servers(), store.topic(), "max.message.bytes", "65536");
            Widget huge = new Widget("huge", "too big", 1, Map.of(), "x".repeat(200_000));

            assertThatThrownBy(() -> store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).set(huge, T0)
                    .build())).isInstanceOf(PersistenceException.class)
                    .isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("1 of 2 records not acknowledged (namespace 'ns': 1)");

            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("w1");
        }
    }

    @Test
    void loadReportsProgressInOffsetsOfTheNamespacesPartition() {
        try (KafkaStore store = Brokers.storeOnFreshTopic("progress").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            for (int i = 0; i < 5; i++) {
                store.save(Changes.builder(i % 2 == 0 ? "ns" : "other").set(Widget.of("w" + i, i), T0).build());
            }
            List<String> events = new ArrayList<>();
            ProgressListener listener = new ProgressListener() {
                @Override
                public void onStart(Task task) {
                    events.add("start " + task.unit() + " " + task.expectedTotal());
                }

                @Override
                public void onBatch(Task task, long completed) {
                    events.add("batch " + completed);
                }

                @Override
                public void onEnd(Task task, long completed) {
                    events.add("end " + completed);
                }
            };

            assertThat(store.load("ns", listener)).hasSize(3);

            assertThat(events).first().isEqualTo("start RECORDS 5");
            // Reading the partition, then decoding the winners as a phase of its own.
            assertThat(events).containsSubsequence("end 5", "start CHANGES 3", "batch 3", "end 3");
            assertThat(events).last().isEqualTo("end 3");
            assertThat(events).contains("batch 5");
        }
    }

    @Test
    void aCorruptRecordFailsTheLoadNamingTopicPartitionAndOffset() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("corrupt").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            sendRaw(store.topic(), RecordKeys.encode("ns", "widget", "w2"),
                    "{not json".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("Kafka topic '" + store.topic() + "' partition 0 offset 1")
                    .satisfies(e -> assertThat(((CorruptDataException) e).location()).endsWith("offset 1"));
            assertThat(store.load("other-namespace")).isEmpty();
        }
    }

    @Test
    void recordsInAnotherJsonLayoutFromOtherWritersLoadByTheirEnvelope() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("foreign").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0.plusSeconds(5)).build());
            WireFormat wire = WireFormat.create(TestEntities.registry());
            Change older = Change.set("ns", Widget.of("w1", 2), T0);
            Change other = Change.set("ns", Widget.of("w2", 1), T0);
            // Spaces after the commas, and the timestamp first: the end of such a value says nothing.
            String spaced = wire.encodeToString(older).replace(",\"", ", \"");
            String timestampFirst = "{\"timestamp\":\"" + T0 + "\"," + wire.encodeToString(other)
                    .replace(",\"timestamp\":\"" + T0 + "\"", "").substring(1);
            sendRaw(store.topic(), RecordKeys.encode("ns", "widget", "w1"), spaced.getBytes(StandardCharsets.UTF_8));
            sendRaw(store.topic(), RecordKeys.encode("ns", "widget", "w2"),
                    timestampFirst.getBytes(StandardCharsets.UTF_8));

            assertThat(store.load("ns")).containsExactly(other,
                    Change.set("ns", Widget.of("w1", 1), T0.plusSeconds(5)));
        }
    }

    @Test
    void aWinnerWhoseKeyDisagreesWithItsValueIsCorruptData() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("mismatch").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            store.checkTopic();
            byte[] value = WireFormat.create(TestEntities.registry()).encode(Change.set("ns", Widget.of("w2", 1), T0));
            sendRaw(store.topic(), RecordKeys.encode("ns", "widget", "w1"), value);

            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("partition 0 offset 0").hasMessageContaining("widget/w1")
                    .hasMessageContaining("widget/w2");
        }
    }

    @Test
    void theTimestampHeaderOfEarlierVersionsIsIgnored() throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("old-header").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            store.checkTopic();
            Change saved = Change.set("ns", Widget.of("w1", 1), T0);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(store.topic(), 0,
                    RecordKeys.encode("ns", "widget", "w1"), WireFormat.create(TestEntities.registry()).encode(saved));
            // What earlier versions wrote: epoch second and nanosecond, big-endian; here a disagreeing one.
            record.headers().add("ts", ByteBuffer.allocate(12).putLong(T0.getEpochSecond() + 60).putInt(0).array());
            try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
                producer.send(record).get(60, TimeUnit.SECONDS);
            }

            assertThat(store.load("ns")).containsExactly(saved);
        }
    }

    private static void sendRaw(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(60, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", Brokers.servers(), "key.serializer",
                ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class));
    }

    @Test
    void listNamespacesScansEveryPartition() {
        try (KafkaStore store = Brokers.storeOnFreshTopic("list").partitions(4)
                .entityTypes(TestEntities.registry()).build()) {
            for (int i = 0; i < 12; i++) {
                store.save(Changes.builder("ns-" + i).set(Widget.of("w", i), T0).build());
            }
            assertThat(store.listNamespaces()).hasSize(12).isSorted().contains("ns-0", "ns-11");
        }
    }

    @Test
    void storesOpenFromKafkaUrisWithOptionsAndClientProperties() {
        String topic = Brokers.uniqueTopic("uri");
        try (Store store = Stores.open(java.net.URI.create("kafka://" + Brokers.servers() + "/" + topic
                + "?partitions=2&saveTimeout=20s&client.id=uri-test"), TestEntities.registry())) {
            assertThat(store).isInstanceOf(KafkaStore.class);
            assertThat(store.toString()).contains("client.id=uri-test").contains("saveTimeout=PT20S");
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            assertThat(((KafkaStore) store).partitions()).isEqualTo(2);
            assertThat(store.load("ns")).hasSize(1);
        }
    }

    @Test
    void secretsNeverAppearInLogsMessagesOrToString() {
        String secret = "s3cr3t-value-that-must-not-leak";
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String text;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (KafkaStore store = Brokers.storeOnFreshTopic("secrets").entityTypes(TestEntities.registry())
                    .clientProperty("security.protocol", "PLAINTEXT")
                    .clientProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                            + "required username=\"u\" password=\"" + secret + "\";")
                    .clientProperty("ssl.truststore.password", secret)
                    .clientProperty("ssl.key.password", secret)
                    .clientProperty("my.plugin.secret", secret)
                    .build()) {
                store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
                store.load("ns");
                text = store.toString();
                assertThat(text).contains("sasl.jaas.config=[hidden]").contains("ssl.truststore.password=[hidden]");
            }
            // A store that cannot reach its cluster fails with a message; it must not carry secrets either.
            try (KafkaStore unreachable = KafkaStore.builder().bootstrapServers("127.0.0.1:1").topic("unreachable")
                    .saveTimeout(Duration.ofSeconds(2)).loadTimeout(Duration.ofSeconds(2))
                    .entityTypes(TestEntities.registry())
                    .clientProperty("sasl.jaas.config", "x password=\"" + secret + "\";").build()) {
                assertThatThrownBy(() -> unreachable.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build()))
                        .isInstanceOf(StoreUnavailableException.class)
                        .satisfies(e -> assertThat(e.toString()).doesNotContain(secret));
                assertThatThrownBy(() -> unreachable.load("ns"))
                        .isInstanceOf(StoreUnavailableException.class)
                        .satisfies(e -> assertThat(e.toString()).doesNotContain(secret));
            }
            assertThatThrownBy(() -> Stores.open("kafka://127.0.0.1:1/t?sasl.jaas.config=" + secret + "&bogus=1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("bogus").doesNotContain(secret));
        } finally {
            System.setErr(originalErr);
        }
        assertThat(text).doesNotContain(secret);
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                Brokers.servers(), "key.deserializer", ByteArrayDeserializer.class, "value.deserializer",
                ByteArrayDeserializer.class))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(records::add);
            }
        }
        return records;
    }
}
