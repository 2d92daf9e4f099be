package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A stopped broker (a child JVM): saves, loads and namespace deletions fail within their timeouts, and work again
 * once it is back.
 */
@Timeout(300)
class BrokerOutageTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(4);
    /** Slack for a slow, busy machine: the bound is "seconds, not forever". */
    private static final Duration SLACK = Duration.ofSeconds(15);

    @ParameterizedTest(name = "transactional={0}")
    @ValueSource(booleans = {false, true})
    void saveAndLoadFailWithinTheirTimeoutsWhileTheBrokerIsDownAndSucceedOnceItIsBack(boolean transactional,
                                                                                     @TempDir Path dir) {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(dir)) {
            broker.start();
            try (KafkaStore store = KafkaStore.builder().bootstrapServers(broker.bootstrapServers())
                    .topic("outage").partitions(1).replicationFactor(1).saveTimeout(SAVE_TIMEOUT)
                    .loadTimeout(LOAD_TIMEOUT).transactional(transactional).entityTypes(TestEntities.registry())
                    .build()) {
                store.save(Changes.builder("ws-1").set(Widget.of("before", 1), T0).build());

                broker.stop();

                long started = System.nanoTime();
                assertThatThrownBy(() -> store.save(Changes.builder("ws-1").set(Widget.of("during", 1), T0)
                        .set(Widget.of("during-2", 1), T0).build()))
                        .isInstanceOf(SaveTimeoutException.class)
                        .hasMessageContaining("namespace 'ws-1': 2")
                        .hasMessageContaining("2 of 2 records not acknowledged")
                        .hasMessageContaining("'outage'")
                        .satisfies(e -> assertThat(((SaveTimeoutException) e).unacknowledgedRecords()).isEqualTo(2));
                assertThat(elapsedSince(started)).isLessThan(SAVE_TIMEOUT.plus(SLACK));

                started = System.nanoTime();
                assertThatThrownBy(() -> store.load("ws-1"))
                        .isInstanceOf(LoadTimeoutException.class)
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("namespace 'ws-1'")
                        .hasMessageContaining("partition 0");
                assertThat(elapsedSince(started)).isLessThan(LOAD_TIMEOUT.plus(SLACK));

                started = System.nanoTime();
                assertThatThrownBy(() -> store.deleteNamespace("ws-1"))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("deleting namespace 'ws-1'")
                        .hasMessageContaining("nothing was deleted");
                assertThat(elapsedSince(started)).isLessThan(SAVE_TIMEOUT.plus(SLACK));

                broker.start();

                saveWithRetries(store, Changes.builder("ws-1").set(Widget.of("after", 1), T0).build());
                Changes loaded = loadWithRetries(store, "ws-1");
                assertThat(loaded).contains(Change.set("ws-1", Widget.of("before", 1), T0),
                        Change.set("ws-1", Widget.of("after", 1), T0));
                store.deleteNamespace("ws-1");
                assertThat(store.load("ws-1")).isEmpty();
            }
        }
    }

    /** The first attempts after a restart may still time out while the clients reconnect; within a minute, no. */
    private static void saveWithRetries(KafkaStore store, Changes changes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                store.save(changes);
                return;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    private static Changes loadWithRetries(KafkaStore store, String namespace) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return store.load(namespace);
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    private static Duration elapsedSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
