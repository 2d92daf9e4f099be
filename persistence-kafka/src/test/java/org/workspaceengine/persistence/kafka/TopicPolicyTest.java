package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The store's topic, checked when the store first reaches it: created compacted, an existing non-compacted one
 * refused unless the user opts out.
 */
class TopicPolicyTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @Test
    void aTopicCreatedByTheStoreIsCompactedWithTheGivenSettings() throws Exception {
        String topic = Brokers.uniqueTopic("created");
        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(4)
                .replicationFactor(1).minInsyncReplicas(1).maxRecordBytes(2_000_000).build()) {
            assertThat(store.partitions()).as("before the first use").isZero();
            store.checkTopic();
            assertThat(store.partitions()).isEqualTo(4);
        }

        Config config = Brokers.topicConfig(Brokers.servers(), topic);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2000000");
    }

    @Test
    void anExistingTopicWithDeletePolicyIsRefusedByEveryOperationUntilItIsFixed() throws Exception {
        String topic = Brokers.uniqueTopic("delete-policy");
        Brokers.createTopic(Brokers.servers(), topic, 1, Map.of("cleanup.policy", "delete"));

        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic)
                .entityTypes(TestEntities.registry()).build()) {
            assertThatThrownBy(() -> store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build()))
                    .isInstanceOf(IncompatibleTopicException.class)
                    .hasMessageContaining("'" + topic + "'")
                    .hasMessageContaining("cleanup.policy=delete")
                    .hasMessageContaining("allowNonCompactedTopic")
                    .satisfies(e -> assertThat(((IncompatibleTopicException) e).cleanupPolicy()).isEqualTo("delete"));
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(IncompatibleTopicException.class);
            assertThatThrownBy(store::listNamespaces).isInstanceOf(IncompatibleTopicException.class);

            Brokers.setTopicConfig(Brokers.servers(), topic, "cleanup.policy", "compact");

            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            assertThat(store.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T0));
        }
    }

    @Test
    void anExistingTopicThatAlsoDeletesIsRefused() throws Exception {
        String topic = Brokers.uniqueTopic("compact-delete");
        Brokers.createTopic(Brokers.servers(), topic, 1, Map.of("cleanup.policy", "compact,delete"));

        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).build()) {
            assertThatThrownBy(store::checkTopic)
                    .isInstanceOf(IncompatibleTopicException.class).hasMessageContaining("compact,delete");
        }
    }

    @Test
    void optingOutAcceptsANonCompactedTopic() throws Exception {
        String topic = Brokers.uniqueTopic("opt-out");
        Brokers.createTopic(Brokers.servers(), topic, 1, Map.of("cleanup.policy", "delete"));

        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic)
                .allowNonCompactedTopic(true).entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            assertThat(store.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T0));
        }
    }

    @Test
    void anExistingCompactedTopicKeepsItsOwnPartitionCount() throws Exception {
        String topic = Brokers.uniqueTopic("existing");
        Brokers.createTopic(Brokers.servers(), topic, 2, Map.of("cleanup.policy", "compact"));

        try (KafkaStore store = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(5)
                .build()) {
            store.checkTopic();
            assertThat(store.partitions()).isEqualTo(2);
        }
    }
}
