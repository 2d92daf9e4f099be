package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The redundant deployment started while its broker (a child JVM) is down: it opens at once, saves under
 * {@code atLeast:1} return, loads answer from the file, and once the broker starts Kafka holds every change saved
 * during the outage within 10 seconds, with no load issued.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutageHandoffTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    /** "At once": opening does no I/O with Kafka; this absorbs a slow machine's class loading. */
    private static final Duration OPENING = Duration.ofSeconds(3);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    @Test
    void unionsWithAKafkaMemberOpenAtOnceWhileTheBrokerIsDown(@TempDir Path brokerDir, @TempDir Path work) {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(brokerDir)) {
            String uri = "union:?member=" + encode("kafka://" + broker.bootstrapServers() + "/down")
                    + "&member=" + encode("file:" + work.resolve("file")) + "&writePolicy=atLeast:1&backlog="
                    + encode(work.resolve("backlog").toString());
            long started = System.nanoTime();
            try (Store union = Stores.open(uri, TestEntities.registry())) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(OPENING);
                assertThat(union).isInstanceOf(UnionStore.class);
            }
        }
    }

    @Test
    void startedWithTheBrokerDownItSavesLoadsFromTheFileAndKafkaCatchesUpWithin10sWithoutALoad(
            @TempDir Path brokerDir, @TempDir Path work) {
        EntityTypes types = TestEntities.registry();
        RecordingListener listener = new RecordingListener();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(brokerDir)) {
            long opening = System.nanoTime();
            KafkaStore kafka = KafkaStore.builder().bootstrapServers(broker.bootstrapServers()).topic("outage")
                    .partitions(1).replicationFactor(1).saveTimeout(Duration.ofSeconds(3))
                    .loadTimeout(Duration.ofSeconds(3)).entityTypes(types).build();
            FileStore file = FileStore.builder(work.resolve("file")).entityTypes(types).build();
            try (UnionStore union = UnionStore.builder().member("kafka", kafka).member("file", file)
                    .writePolicy(WritePolicy.atLeast(1)).memberTimeout(Duration.ofSeconds(10))
                    .backlog(work.resolve("backlog")).listener(listener).build()) {
                assertThat(Duration.ofNanos(System.nanoTime() - opening)).isLessThan(OPENING);

                for (int round = 0; round < 20; round++) {
                    union.save(batch(round));
                }
                Changes fromFile = file.load("ws-1");
                assertThat(fromFile).hasSize(500);
                assertThat(union.load("ws-1")).isEqualTo(fromFile);
                assertThat(listener.degraded).isNotEmpty();
                assertThat(union.pendingChanges()).containsEntry("kafka", 20L * 50).containsEntry("file", 0L);

                broker.start();
                long deadline = System.nanoTime() + CATCH_UP.toNanos();
                while (union.pendingChanges().get("kafka") > 0 && System.nanoTime() < deadline) {
                    sleep(20);
                }

                assertThat(union.pendingChanges().get("kafka")).as("changes not in Kafka %s after the broker "
                        + "started", CATCH_UP).isZero();
                try (KafkaStore reader = KafkaStore.builder().bootstrapServers(broker.bootstrapServers())
                        .topic("outage").readOnly(true).entityTypes(types).build()) {
                    assertThat(reader.load("ws-1")).isEqualTo(fromFile);
                }
            }
        }
    }

    /** 50 changes: versions {@code round} of widgets w0..w49 ... w(round*25 % 500). */
    private static Changes batch(int round) {
        ChangesBuilder builder = Changes.builder("ws-1");
        for (int i = 0; i < 50; i++) {
            int id = (round * 25 + i) % 500;
            builder.set(Widget.of("w" + id, round), T0.plusSeconds(round));
        }
        return builder.build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
