package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A cluster that is down (nothing listens on its port: connections are refused): opening a store does not wait for
 * it, every operation (namespace deletion and counting included) fails as unavailable within its own timeout, and a
 * store opened meanwhile works once the broker (a child JVM, started by the last test) is up.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDownTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Duration SAVE_TIMEOUT = Duration.ofMillis(1_500);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(2);
    /** "At once": building a store does no I/O; this only absorbs a slow machine's class loading. */
    private static final Duration OPENING = Duration.ofSeconds(3);

    @TempDir
    static Path brokerDir;
    private static KafkaBrokerProcess broker;
    /** Stores opened while the broker was down, used again once it is up. */
    private static final List<KafkaStore> OPENED = new ArrayList<>();

    @BeforeAll
    static void chooseTheBrokersPortsWithoutStartingIt() {
        broker = KafkaBrokerProcess.create(brokerDir);
    }

    @AfterAll
    static void closeEverything() {
        OPENED.forEach(KafkaStore::close);
        broker.close();
    }

    private static KafkaStoreBuilder builder(String topic) {
        return KafkaStore.builder().bootstrapServers(broker.bootstrapServers()).topic(topic).partitions(1)
                .replicationFactor(1).saveTimeout(SAVE_TIMEOUT).loadTimeout(LOAD_TIMEOUT)
                .entityTypes(TestEntities.registry());
    }

    @Test
    @Order(1)
    void buildingAndOpeningStoresReturnAtOnceWhileTheClusterIsDown() {
        Bounded.returns("build()", OPENING, () -> OPENED.add(builder("down").build()));
        Bounded.returns("build() of a read-only store", OPENING,
                () -> OPENED.add(builder("down-missing").readOnly(true).build()));
        Bounded.returns("build() of a transactional store", OPENING,
                () -> OPENED.add(builder("down-tx").transactional(true).build()));
        Bounded.returns("Stores.open(kafka://...)", OPENING, () -> {
            Store store = Stores.open(URI.create("kafka://" + broker.bootstrapServers()
                    + "/down-uri?saveTimeout=1500ms&loadTimeout=2s"), TestEntities.registry());
            OPENED.add((KafkaStore) store);
        });
        assertThat(OPENED).allSatisfy(store -> assertThat(store.partitions()).isZero());
    }

    @Test
    @Order(2)
    void everyOperationFailsAsUnavailableWithinItsOwnTimeoutWhileTheClusterIsDown() {
        KafkaStore store = OPENED.get(0);
        Changes changes = Changes.builder("ws-1").set(Widget.of("w1", 1), T0).set(Widget.of("w2", 1), T0).build();

        assertThat(Bounded.failure("save", SAVE_TIMEOUT, () -> store.save(changes)))
                .isInstanceOf(SaveTimeoutException.class)
                .hasMessageContaining("2 of 2 records not acknowledged")
                .hasMessageContaining("within the save timeout of 1500ms");
        assertThat(Bounded.failure("load", LOAD_TIMEOUT, () -> store.load("ws-1")))
                .isInstanceOf(LoadTimeoutException.class)
                .hasMessageContaining("namespace 'ws-1'")
                .hasMessageContaining("load timeout of 2s");
        assertThat(Bounded.failure("listNamespaces", LOAD_TIMEOUT, store::listNamespaces))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("load timeout of 2s");
        assertThat(Bounded.failure("checkTopic", LOAD_TIMEOUT, store::checkTopic))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no answer within 2s");
        assertThat(Bounded.failure("load of a read-only store", LOAD_TIMEOUT, () -> OPENED.get(1).load("ws-1")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Bounded.failure("transactional save", SAVE_TIMEOUT, () -> OPENED.get(2).save(changes)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("1500ms");
        assertThat(Bounded.failure("deleteNamespace", SAVE_TIMEOUT, () -> store.deleteNamespace("ws-1")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("deleting namespace 'ws-1'")
                .hasMessageContaining("save timeout of 1500ms")
                .hasMessageContaining("nothing was deleted");
        assertThat(Bounded.failure("transactional deleteNamespace", SAVE_TIMEOUT,
                () -> OPENED.get(2).deleteNamespace("ws-1")))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("save timeout of 1500ms");
        assertThat(Bounded.failure("countEntities", LOAD_TIMEOUT, () -> store.countEntities("ws-1")))
                .isInstanceOf(LoadTimeoutException.class)
                .hasMessageContaining("load timeout of 2s");
        // Still nothing known: every later operation tries again.
        assertThat(store.partitions()).isZero();
    }

    @Test
    @Order(3)
    void storesOpenedWhileTheClusterWasDownReachItOnceItIsUp() {
        broker.start();
        KafkaStore store = OPENED.get(0);
        Changes changes = Changes.builder("ws-1").set(Widget.of("w1", 1), T0).build();

        // The clients reconnect with a backoff: the first attempts may still fail.
        Await.until("a save succeeds", () -> succeeds(() -> store.save(changes)));
        assertThat(store.load("ws-1")).containsExactly(Change.set("ws-1", Widget.of("w1", 1), T0));
        assertThat(store.partitions()).isEqualTo(1);

        // A read-only store decides at its first use that its topic is missing: it reads as empty, creates nothing.
        KafkaStore readOnly = OPENED.get(1);
        Await.until("a read-only load succeeds", () -> succeeds(() -> readOnly.load("ws-1")));
        assertThat(readOnly.load("ws-1")).isEmpty();
        assertThat(readOnly.listNamespaces()).isEmpty();

        KafkaStore transactional = OPENED.get(2);
        Await.until("a transactional save succeeds", () -> succeeds(() -> transactional.save(changes)));
        assertThat(transactional.load("ws-1")).hasSize(1);

        KafkaStore fromUri = OPENED.get(3);
        Await.until("a save to the store opened from a URI succeeds", () -> succeeds(() -> fromUri.save(changes)));
        assertThat(fromUri.listNamespaces()).containsExactly("ws-1");
    }

    private static boolean succeeds(Runnable operation) {
        try {
            operation.run();
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }
}
