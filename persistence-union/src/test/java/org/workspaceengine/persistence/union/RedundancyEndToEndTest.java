package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * The seed's redundant deployment end to end: Kafka (a broker in a child JVM, stopped and restarted) plus a file
 * store, with {@code atLeast(1)} saves and inline read-repair. Union saves Kafka missed reach it through its backlog;
 * a change written to the file alone reaches it through read-repair (directly, or through the backlog while Kafka
 * is still behind).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RedundancyEndToEndTest {

    private static final Instant T1 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);
    private static final Instant T3 = T1.plusSeconds(2);
    private static final Duration KAFKA_SAVE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration KAFKA_LOAD_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @Test
    void loadsAndSavesContinueFromTheFileWhileKafkaIsDownAndReadRepairCatchesKafkaUp(@TempDir Path brokerDir,
                                                                                    @TempDir Path fileDir) {
        EntityTypes types = TestEntities.registry();
        RecordingListener listener = new RecordingListener();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(brokerDir)) {
            broker.start();
            KafkaStore kafka = KafkaStore.builder().bootstrapServers(broker.bootstrapServers()).topic("redundancy")
                    .partitions(1).replicationFactor(1).saveTimeout(KAFKA_SAVE_TIMEOUT)
                    .loadTimeout(KAFKA_LOAD_TIMEOUT).entityTypes(types).build();
            FileStore file = FileStore.builder(fileDir).entityTypes(types).build();
            try (UnionStore union = UnionStore.builder().member("kafka", kafka).member("file", file)
                    .writePolicy(WritePolicy.atLeast(1)).memberTimeout(Duration.ofSeconds(30))
                    .readRepair(ReadRepair.INLINE).listener(listener).build()) {

                union.save(Changes.builder("ws-1").set(Widget.of("w1", 1), T1).set(new Gadget("g1", 1), T1).build());
                assertThat(kafka.load("ws-1")).hasSize(2);

                broker.stop();

                // Loads answer from the file, degraded and reported.
                assertThat(union.load("ws-1")).hasSize(2);
                assertThat(listener.degraded).singleElement().satisfies(degraded -> {
                    assertThat(degraded.namespace()).isEqualTo("ws-1");
                    assertThat(degraded.failures()).extracting(MemberFailure::member).containsExactly("kafka");
                    assertThat(degraded.failures().get(0).cause()).isInstanceOf(StoreUnavailableException.class);
                });

                // With atLeast(1), saves continue on the file.
                union.save(Changes.builder("ws-1").set(Widget.of("w1", 2), T2).unset(new Gadget("g1", 1), T2)
                        .build());
                assertThat(listener.failures).filteredOn(f -> f.operation() == Operation.SAVE)
                        .extracting(MemberFailure::member).containsExactly("kafka");
                // A change Kafka surely missed: written to the file alone (a save the producer cannot deliver late).
                file.save(Changes.builder("ws-1").set(Widget.of("w2", 1), T3).build());
                Changes latest = union.load("ws-1");
                assertThat(latest).containsExactly(Change.set("ws-1", Widget.of("w1", 2), T2),
                        Change.unset("ws-1", new Gadget("g1", 1), T2), Change.set("ws-1", Widget.of("w2", 1), T3));

                broker.start();

                // The first loads after the restart may still be degraded while the clients reconnect.
                Changes repaired = loadUntilEveryMemberAnswers(union, listener);
                assertThat(repaired).isEqualTo(latest);
                // A repair made while Kafka was still behind waits in its backlog: it lands shortly after the load.
                Await.until("Kafka holds the latest state", () -> latest.equals(loadOrNull(kafka)));
                assertThat(listener.repairs).allSatisfy(repair -> assertThat(repair.member()).isEqualTo("kafka"));
                // The backlog counts a change delivered once Kafka acknowledged it, which may come after a load sees it.
                Await.until("Kafka's backlog is empty", () -> union.pendingChanges().get("kafka") == 0L);
                assertThat(file.load("ws-1")).isEqualTo(latest);
            }
        }
    }

    private static Changes loadOrNull(KafkaStore kafka) {
        try {
            return kafka.load("ws-1");
        } catch (StoreUnavailableException e) {
            return null;
        }
    }

    private static Changes loadUntilEveryMemberAnswers(UnionStore union, RecordingListener listener) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            int degradedBefore = listener.degraded.size();
            Changes loaded = union.load("ws-1");
            if (listener.degraded.size() == degradedBefore) {
                return loaded;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Kafka did not answer within " + RECOVERY + " of the broker's restart; last"
                        + " failure: " + listener.degraded.get(listener.degraded.size() - 1));
            }
        }
    }
}
