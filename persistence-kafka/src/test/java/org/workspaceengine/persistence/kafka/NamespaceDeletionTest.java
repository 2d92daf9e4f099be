package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Namespace deletion and counts on the real broker, as the topic holds them: tombstones per key, one transaction,
 * other store instances, listings that look past tombstones, counts that deserialize nothing.
 */
class NamespaceDeletionTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @Test
    void aDeletionLeavesATombstoneAsTheLatestRecordOfEveryKeyOfTheNamespaceAndNothingElse() {
        try (KafkaStore store = Brokers.storeOnFreshTopic("delete-layout").partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("doomed").set(Widget.of("w1", 1), T0).set(Widget.of("w2", 1), T0)
                    .unset(new Gadget("g1", 1), T0).build());
            store.save(Changes.builder("doomed").set(Widget.of("w1", 2), T0.plusSeconds(1)).build());
            store.save(Changes.builder("kept").set(Widget.of("w1", 1), T0).build());

            store.deleteNamespace("doomed");

            List<ConsumerRecord<byte[], byte[]>> records = readAll(store.topic(), false);
            Map<String, byte[]> latest = latestPerKey(records);
            assertThat(latest).containsOnlyKeys(key("doomed", "widget", "w1"), key("doomed", "widget", "w2"),
                    key("doomed", "gadget", "g1"), key("kept", "widget", "w1"));
            assertThat(latest.get(key("doomed", "widget", "w1"))).isNull();
            assertThat(latest.get(key("doomed", "widget", "w2"))).isNull();
            assertThat(latest.get(key("doomed", "gadget", "g1"))).isNull();
            assertThat(latest.get(key("kept", "widget", "w1"))).isNotNull();
            assertThat(records).as("one tombstone per key, after the five saved records").hasSize(8)
                    .filteredOn(record -> record.value() == null).hasSize(3);

            store.deleteNamespace("doomed");
            store.deleteNamespace("never-saved");

            assertThat(readAll(store.topic(), false)).as("deleting again writes nothing").hasSize(8);
            assertThat(store.load("doomed")).isEmpty();
            assertThat(store.load("kept")).containsExactly(Change.set("kept", Widget.of("w1", 1), T0));
        }
    }

    @Test
    void aTransactionalDeletionWritesItsTombstonesInOneTransactionThatReadCommittedReadersSeeOnReturn() {
        try (KafkaStore store = Brokers.storeOnFreshTopic("delete-tx").partitions(1).transactional(true)
                .entityTypes(TestEntities.registry()).build()) {
            ChangesBuilder save = Changes.builder("doomed");
            for (int i = 0; i < 50; i++) {
                save.set(Widget.of("w" + i, i), T0);
            }
            store.save(save.build());
            store.save(Changes.builder("kept").set(Widget.of("w1", 1), T0).build());

            store.deleteNamespace("doomed");

            List<ConsumerRecord<byte[], byte[]>> committed = readAll(store.topic(), true);
            List<ConsumerRecord<byte[], byte[]>> tombstones = committed.stream()
                    .filter(record -> record.value() == null).toList();
            assertThat(tombstones).hasSize(50);
            assertThat(latestPerKey(committed)).allSatisfy((key, value) ->
                    assertThat(value == null).as(key).isEqualTo(key.startsWith("[\"doomed\",")));
            // Each transaction ends with a commit marker, which takes an offset of its own: 50 tombstones at
            // consecutive offsets followed by one marker at the end are one transaction.
            long first = tombstones.get(0).offset();
            assertThat(tombstones).extracting(ConsumerRecord::offset)
                    .isEqualTo(LongStream.range(first, first + 50).boxed().toList());
            assertThat(endOffset(store.topic())).isEqualTo(first + 51);
        }
    }

    @Test
    void anotherStoreInstanceSeesTheDeletionAndItsSavesAfterItStartFreshForTheFirst() {
        String topic = Brokers.uniqueTopic("delete-instances");
        try (KafkaStore first = store(topic, TestEntities.registry());
             KafkaStore second = store(topic, TestEntities.registry())) {
            first.save(Changes.builder("ns").set(Widget.of("w1", 1), T0.plusSeconds(60))
                    .unset(new Gadget("g1", 1), T0.plusSeconds(60)).build());
            first.save(Changes.builder("other").set(Widget.of("w1", 1), T0).build());
            assertThat(second.countEntities("ns")).isEqualTo(new EntityCounts("ns", 1, 1));

            first.deleteNamespace("ns");

            assertThat(second.load("ns")).isEmpty();
            assertThat(second.listNamespaces()).containsExactly("other");
            assertThat(second.countNamespaces()).isEqualTo(1);
            assertThat(second.countEntities("ns")).isEqualTo(new EntityCounts("ns", 0, 0));

            second.save(Changes.builder("ns").set(Widget.of("w1", 2), T0).build());

            assertThat(first.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T0));
            assertThat(first.listNamespaces()).containsExactly("ns", "other");
        }
    }

    @Test
    void countsReadTheChangeTypeOfEachWinnerWithoutDeserializingAnyEntity() {
        String topic = Brokers.uniqueTopic("counts");
        try (KafkaStore writer = store(topic, TestEntities.registry());
             KafkaStore unaware = store(topic, EntityTypes.create())) {
            writer.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).set(Widget.of("w2", 1), T0)
                    .set(new Gadget("g1", 1), T0).build());
            writer.save(Changes.builder("ns").unset(Widget.of("w2", 2), T0.plusSeconds(1))
                    .set(Widget.of("w1", 0), T0.minusSeconds(1)).build());

            assertThat(unaware.countEntities("ns")).isEqualTo(new EntityCounts("ns", 2, 1));
            assertThatThrownBy(() -> unaware.load("ns")).isInstanceOf(UnknownEntityTypeException.class);
            assertThat(writer.countEntities("never-saved")).isEqualTo(new EntityCounts("never-saved", 0, 0));
        }
    }

    @Test
    void aNamespaceIsListedWhileAnyOfItsKeysIsLiveWhateverItsLastRecordIs() {
        try (KafkaStore store = Brokers.storeOnFreshTopic("delete-listing").partitions(1).tombstonesForUnsets(true)
                .entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("a").set(Widget.of("w1", 1), T0).set(Widget.of("w2", 1), T0).build());
            store.save(Changes.builder("b").set(Widget.of("w1", 1), T0).build());
            // The last record of "a" is a tombstone, yet its w2 is live.
            store.save(Changes.builder("a").unset(Widget.of("w1", 1), T0.plusSeconds(1)).build());

            assertThat(store.listNamespaces()).containsExactly("a", "b");
            assertThat(store.countEntities("a")).isEqualTo(new EntityCounts("a", 1, 0));

            store.save(Changes.builder("a").unset(Widget.of("w2", 1), T0.plusSeconds(1)).build());

            assertThat(store.listNamespaces()).containsExactly("b");
            assertThat(store.countNamespaces()).isEqualTo(1);

            // A version written after a tombstone starts fresh, even with an older timestamp than before it.
            store.save(Changes.builder("a").set(Widget.of("w1", 3), T0.minusSeconds(1)).build());

            assertThat(store.listNamespaces()).containsExactly("a", "b");
            assertThat(store.load("a")).containsExactly(Change.set("a", Widget.of("w1", 3), T0.minusSeconds(1)));
        }
    }

    private static KafkaStore store(String topic, EntityTypes types) {
        return KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(1)
                .replicationFactor(1).entityTypes(types).build();
    }

    private static String key(String namespace, String type, String id) {
        return "[\"" + namespace + "\",\"" + type + "\",\"" + id + "\"]";
    }

    /** The value of the latest record of each key (null for a tombstone), keys as text. */
    private static Map<String, byte[]> latestPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            latest.put(new String(record.key(), StandardCharsets.UTF_8), record.value());
        }
        return latest;
    }

    /** Every record of partition 0 of {@code topic}, read with a plain consumer to the end offset taken first. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(readCommitted))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(60)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end) {
                assertThat(System.nanoTime() - deadline).as("reading %s to offset %d", topic, end).isNegative();
                consumer.poll(Duration.ofMillis(200)).records(partition).forEach(records::add);
            }
        }
        return records;
    }

    /** The end offset of partition 0 of {@code topic}, commit markers included. */
    private static long endOffset(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(false))) {
            return consumer.endOffsets(List.of(partition), Duration.ofSeconds(60)).get(partition);
        }
    }

    private static Map<String, Object> consumerConfig(boolean readCommitted) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", Brokers.servers());
        config.put("key.deserializer", ByteArrayDeserializer.class);
        config.put("value.deserializer", ByteArrayDeserializer.class);
        config.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
        return config;
    }
}
