package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A broker that dies (SIGKILL) while saves, loads and listings are running: every one of them, including those
 * caught mid-way, returns or fails within its own timeout, and the failures are the retriable kind.
 */
@Timeout(300)
class DyingBrokerTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(4);
    private static final int BATCH = 500;
    /** Operations of each kind that must fail after the kill before the test stops them. */
    private static final int FAILURES_AFTER_KILL = 2;

    /** One timed operation. */
    private record Attempt(String kind, Duration took, Duration timeout, Throwable failure) {
    }

    @Test
    void savesLoadsAndListingsCaughtByTheBrokersDeathEndWithinTheirTimeouts(@TempDir Path dir) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(dir)) {
            broker.start();
            try (KafkaStore store = KafkaStore.builder().bootstrapServers(broker.bootstrapServers()).topic("dying")
                    .partitions(2).replicationFactor(1).saveTimeout(SAVE_TIMEOUT).loadTimeout(LOAD_TIMEOUT)
                    .entityTypes(TestEntities.registry()).build()) {
                for (int round = 0; round < 20; round++) {
                    store.save(batch("ws-load", round));
                }
                List<Attempt> attempts = new CopyOnWriteArrayList<>();
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger saveRounds = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(3);
                try {
                    List<Future<?>> running = List.of(
                            pool.submit(() -> repeat("save", SAVE_TIMEOUT, killed, attempts,
                                    () -> store.save(batch("ws-save", saveRounds.getAndIncrement())))),
                            pool.submit(() -> repeat("load", LOAD_TIMEOUT, killed, attempts,
                                    () -> store.load("ws-load"))),
                            pool.submit(() -> repeat("listNamespaces", LOAD_TIMEOUT, killed, attempts,
                                    store::listNamespaces)));
                    Await.until("every kind of operation succeeded while the broker ran",
                            () -> attempts.stream().filter(a -> a.failure() == null).map(Attempt::kind).distinct()
                                    .count() == 3);
                    broker.kill();
                    killed.set(true);
                    for (Future<?> each : running) {
                        each.get(120, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(attempts).allSatisfy(attempt -> {
                    assertThat(attempt.took()).as("%s took %s: %s", attempt.kind(), attempt.took(), attempt.failure())
                            .isLessThanOrEqualTo(attempt.timeout().plus(Bounded.SLACK));
                    if (attempt.failure() != null) {
                        assertThat(attempt.failure()).isInstanceOf(StoreUnavailableException.class);
                    }
                });
                assertThat(attempts).filteredOn(a -> a.failure() != null).extracting(Attempt::kind)
                        .contains("save", "load", "listNamespaces");
            }
        }
    }

    /** Runs {@code operation} again and again, timing each, until it has failed a few times after the kill. */
    private static void repeat(String kind, Duration timeout, AtomicBoolean killed, List<Attempt> attempts,
                               Runnable operation) {
        int failuresAfterKill = 0;
        while (failuresAfterKill < FAILURES_AFTER_KILL) {
            boolean afterKill = killed.get();
            long started = System.nanoTime();
            Throwable failure = null;
            try {
                operation.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            attempts.add(new Attempt(kind, Duration.ofNanos(System.nanoTime() - started), timeout, failure));
            if (failure != null && !afterKill && !killed.get()) {
                throw new AssertionError(kind + " failed while the broker ran", failure);
            }
            if (failure != null) {
                failuresAfterKill++;
            }
        }
    }

    private static Changes batch(String namespace, int round) {
        ChangesBuilder builder = Changes.builder(namespace);
        for (int i = 0; i < BATCH; i++) {
            builder.set(Widget.of("w" + i, round), T0.plusSeconds(round));
        }
        return builder.build();
    }
}
