package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** Helpers of the local-state tests: random changes, and the check that a local view answers as the log does. */
final class LocalStates {

    static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private LocalStates() {
    }

    /** A store on {@code topic} of the shared broker, with the test entities, reading through {@code state}. */
    static KafkaStoreBuilder store(String topic, Path state) {
        KafkaStoreBuilder builder = KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic)
                .replicationFactor(1).partitions(2).entityTypes(TestEntities.registry());
        return state == null ? builder : builder.localState(state);
    }

    /**
     * {@code store}, once its new topic answers reads on every partition: a listing waits for each partition's
     * leader. An idempotent producer whose first send to a just-created topic meets NotLeaderOrFollower can be left
     * retrying out-of-order sequences until its save times out (seen twice on the shared broker), so tests that
     * save to a fresh topic first wait for it.
     */
    static KafkaStore ready(KafkaStore store) {
        store.checkTopic();
        store.listNamespaces();
        return store;
    }

    /**
     * One save of {@code count} random changes over {@code namespaces} namespaces of {@code entities} entities each:
     * sets and unsets, timestamps that repeat (ties) and go backwards (older versions saved later).
     */
    static Changes randomChanges(Random random, int count, int namespaces, int entities) {
        List<Change> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String namespace = "ns-" + random.nextInt(namespaces);
            Widget widget = Widget.of("e" + random.nextInt(entities), random.nextInt(1000));
            Instant at = T0.plusSeconds(random.nextInt(50));
            changes.add(random.nextInt(8) == 0 ? Change.unset(namespace, widget, at) : Change.set(namespace, widget,
                    at));
        }
        return Changes.of(changes);
    }

    /** Asserts that {@code local} loads, lists and counts exactly as {@code log} does. */
    static void assertSameAnswers(KafkaStore local, KafkaStore log, String context) {
        List<String> namespaces = log.listNamespaces();
        assertThat(local.listNamespaces()).as("namespaces, %s", context).isEqualTo(namespaces);
        assertThat(local.countNamespaces()).as("namespace count, %s", context).isEqualTo(namespaces.size());
        for (String namespace : namespaces) {
            assertThat(local.load(namespace).stream().toList()).as("load of %s, %s", namespace, context)
                    .isEqualTo(log.load(namespace).stream().toList());
            assertThat(local.countEntities(namespace)).as("counts of %s, %s", namespace, context)
                    .isEqualTo(log.countEntities(namespace));
        }
    }

    /** Why the local view of {@code partition} was last rebuilt in this process, or null. */
    static String lastRebuild(KafkaStore store, int partition) {
        return store.localState().view(new TopicPartition(store.topic(), partition)).lastRebuild();
    }
}
