package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The broker (a child JVM) is SIGKILLed and restarted while writers stream at least 20,000 saves: afterwards every
 * save that returned is loaded, each entity once, with its latest version (or a later one whose save failed but
 * reached the broker anyway). The number of saves can be raised with {@code -Dkafka.crash.saves=...}.
 */
@Timeout(600)
class BrokerCrashTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final int WRITERS = 16;
    private static final int ENTITIES_PER_WRITER = 40;
    private static final int NAMESPACES = 4;

    @Test
    void everySaveThatReturnedSurvivesASigkillDuringTwentyThousandSaves(@TempDir Path dir) throws Exception {
        int target = Integer.getInteger("kafka.crash.saves", 20_000);
        int killAfter = target / 4;
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(dir)) {
            broker.start();
            // acked[w][k] = last version of writer w's entity k whose save returned; attempted = last tried.
            int[][] acked = new int[WRITERS][ENTITIES_PER_WRITER];
            int[][] attempted = new int[WRITERS][ENTITIES_PER_WRITER];
            for (int w = 0; w < WRITERS; w++) {
                java.util.Arrays.fill(acked[w], -1);
                java.util.Arrays.fill(attempted[w], -1);
            }
            AtomicInteger returned = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            try (KafkaStore store = KafkaStore.builder().bootstrapServers(broker.bootstrapServers())
                    .topic("crash").partitions(2).replicationFactor(1).saveTimeout(Duration.ofSeconds(5))
                    .loadTimeout(Duration.ofSeconds(30)).entityTypes(TestEntities.registry()).build()) {
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
                try {
                    List<Future<?>> writers = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                        int writer = w;
                        writers.add(pool.submit(() -> {
                            for (int version = 0; returned.get() < target; version++) {
                                int k = version % ENTITIES_PER_WRITER;
                                attempted[writer][k] = version;
                                try {
                                    store.save(Changes.builder(namespace(writer))
                                            .set(Widget.of(id(writer, k), version), T0.plusMillis(version)).build());
                                    acked[writer][k] = version;
                                    returned.incrementAndGet();
                                } catch (PersistenceException e) {
                                    failed.incrementAndGet();
                                    failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                                }
                            }
                            return null;
                        }));
                    }
                    awaitAtLeast(returned, killAfter);
                    broker.kill();
                    broker.start();
                    for (Future<?> writer : writers) {
                        writer.get(5, TimeUnit.MINUTES);
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
            assertThat(returned.get()).isGreaterThanOrEqualTo(target);
            System.err.printf("BrokerCrashTest: %d saves returned, %d failed %s%n", returned.get(), failed.get(),
                    failures);

            try (KafkaStore reader = KafkaStore.builder().bootstrapServers(broker.bootstrapServers()).topic("crash")
                    .loadTimeout(Duration.ofSeconds(60)).entityTypes(TestEntities.registry()).build()) {
                Map<String, Integer> loaded = new HashMap<>();
                for (int n = 0; n < NAMESPACES; n++) {
                    for (Change change : reader.load("crash-" + n)) {
                        Widget widget = (Widget) change.entity();
                        assertThat(loaded.put(widget.id(), widget.version())).as("entity %s loaded twice", widget.id())
                                .isNull();
                    }
                }
                for (int w = 0; w < WRITERS; w++) {
                    for (int k = 0; k < ENTITIES_PER_WRITER; k++) {
                        if (acked[w][k] < 0) {
                            continue;
                        }
                        assertThat(loaded.get(id(w, k)))
                                .as("entity %s: last returned save had version %d, last attempt %d (%d failed saves:"
                                        + " %s)", id(w, k), acked[w][k], attempted[w][k], failed.get(), failures)
                                .isNotNull().isBetween(acked[w][k], attempted[w][k]);
                    }
                }
            }
        }
    }

    private static String namespace(int writer) {
        return "crash-" + writer % NAMESPACES;
    }

    private static String id(int writer, int k) {
        return "w" + writer + "-e" + k;
    }

    private static void awaitAtLeast(AtomicInteger counter, int value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (counter.get() < value) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("only " + counter.get() + " saves returned within 3 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
