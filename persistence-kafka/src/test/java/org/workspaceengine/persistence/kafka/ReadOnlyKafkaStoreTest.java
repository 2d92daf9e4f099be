package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A read-only store never creates the topic or writes (saves, compactions and namespace deletions are refused), and
 * reads what a writable store saved.
 */
class ReadOnlyKafkaStoreTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @Test
    void readOnlyOpenOfAMissingTopicCreatesNothingAndReadsEmpty() throws Exception {
        String topic = Brokers.uniqueTopic("read-only-missing");
        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).readOnly(true)
                .entityTypes(TestEntities.registry()).build()) {
            assertThat(store.isReadOnly()).isTrue();
            assertThat(store.load("ns")).isEmpty();
            assertThat(store.partitions()).isZero();
            assertThat(store.listNamespaces()).isEmpty();
            assertThatThrownBy(() -> store.partitionOf("ns")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + topic + "'");
        }
        assertThat(topics()).doesNotContain(topic);
    }

    @Test
    void readOnlyUriOpenOfAMissingTopicCreatesNothing() throws Exception {
        String topic = Brokers.uniqueTopic("read-only-uri");
        try (Store store = Stores.open(URI.create("kafka://" + Brokers.servers() + "/" + topic + "?readOnly=true"),
                TestEntities.registry())) {
            assertThat(store).isInstanceOf(KafkaStore.class);
            assertThat(((KafkaStore) store).isReadOnly()).isTrue();
            assertThat(store.load("ns")).isEmpty();
        }
        assertThat(topics()).doesNotContain(topic);
    }

    @Test
    void readOnlyStoreReadsWhatAWritableStoreSaved() {
        String topic = Brokers.uniqueTopic("read-only-reads");
        Changes saved = Changes.builder("ns").set(Widget.of("w1", 1), T0).set(Widget.of("w2", 2), T0).build();
        try (KafkaStore writer = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(3)
                .entityTypes(TestEntities.registry()).build()) {
            writer.save(saved);
        }
        try (KafkaStore reader = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).readOnly(true)
                .entityTypes(TestEntities.registry()).build()) {
            assertThat(reader.load("ns")).containsExactlyInAnyOrder(
                    Change.set("ns", Widget.of("w1", 1), T0), Change.set("ns", Widget.of("w2", 2), T0));
            assertThat(reader.listNamespaces()).containsExactly("ns");
            assertThat(reader.partitions()).isEqualTo(3);
        }
    }

    @Test
    void saveAndCompactOnAReadOnlyStoreAreRefusedNamingTheTopic() throws Exception {
        String topic = Brokers.uniqueTopic("read-only-refuses");
        Brokers.createTopic(Brokers.servers(), topic, 1, Map.of("cleanup.policy", "compact"));
        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).readOnly(true)
                .entityTypes(TestEntities.registry()).build()) {
            assertThatThrownBy(() -> store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build()))
                    .isExactlyInstanceOf(PersistenceException.class)
                    .hasMessageContaining("read-only").hasMessageContaining("'" + topic + "'")
                    .hasMessageContaining("'ns'");
            assertThatThrownBy(() -> store.compact("ns"))
                    .isExactlyInstanceOf(PersistenceException.class)
                    .hasMessageContaining("read-only").hasMessageContaining("'" + topic + "'");
            assertThat(store.load("ns")).isEmpty();
        }
    }

    @Test
    void deletingANamespaceOnAReadOnlyStoreIsRefusedNamingTheTopicWithNothingWritten() throws Exception {
        String topic = Brokers.uniqueTopic("read-only-delete");
        try (KafkaStore writer = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(1)
                .entityTypes(TestEntities.registry()).build()) {
            writer.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }
        long before = endOffset(topic);
        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).readOnly(true)
                .entityTypes(TestEntities.registry()).build()) {
            assertThatThrownBy(() -> store.deleteNamespace("ns"))
                    .isExactlyInstanceOf(PersistenceException.class)
                    .hasMessageContaining("read-only").hasMessageContaining("'" + topic + "'")
                    .hasMessageContaining("delete namespace 'ns'");

            assertThat(store.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T0));
        }
        assertThat(endOffset(topic)).isEqualTo(before);
    }

    @Test
    void readOnlyStoreStillRefusesANonCompactedTopic() throws Exception {
        String topic = Brokers.uniqueTopic("read-only-delete-policy");
        Brokers.createTopic(Brokers.servers(), topic, 1, Map.of("cleanup.policy", "delete"));

        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).readOnly(true)
                .build()) {
            assertThatThrownBy(() -> store.load("ns"))
                    .isInstanceOf(IncompatibleTopicException.class)
                    .hasMessageContaining("'" + topic + "'")
                    .hasMessageContaining("cleanup.policy=delete");
        }
        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).readOnly(true)
                .allowNonCompactedTopic(true).build()) {
            assertThat(store.listNamespaces()).isEmpty();
        }
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Brokers.admin(Brokers.servers())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(60, TimeUnit.SECONDS).offset();
        }
    }

    private static Set<String> topics() throws Exception {
        try (Admin admin = Brokers.admin(Brokers.servers())) {
            return admin.listTopics().names().get(60, TimeUnit.SECONDS);
        }
    }
}
