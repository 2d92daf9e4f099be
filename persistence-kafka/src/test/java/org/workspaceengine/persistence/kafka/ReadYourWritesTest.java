package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** Loads racing with saves always include every save that returned before the load began. */
class ReadYourWritesTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final int WRITERS = 4;
    private static final int LOADERS = 3;
    private static final int SAVES_PER_WRITER = 300;

    @ParameterizedTest(name = "transactional={0}")
    @ValueSource(booleans = {false, true})
    void loadsRacingWithSavesIncludeEverySaveThatReturnedBeforeTheyBegan(boolean transactional) throws Exception {
        try (KafkaStore store = Brokers.storeOnFreshTopic("ryw").partitions(2).replicationFactor(1)
                .transactional(transactional).entityTypes(TestEntities.registry()).build()) {
            assertLoadsSeeEveryReturnedSave(store, SAVES_PER_WRITER);
        }
    }

    /**
     * Races {@value #WRITERS} writers, each saving {@code savesPerWriter} changes to namespace {@code ryw}, with
     * {@value #LOADERS} loaders whose every load must hold each save that returned before it began; then checks that
     * the namespace holds every change.
     */
    static void assertLoadsSeeEveryReturnedSave(KafkaStore store, int savesPerWriter) throws Exception {
        Set<String> returned = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger loads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + LOADERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < savesPerWriter; i++) {
                        String id = "w" + writer + "-" + i;
                        store.save(Changes.builder("ryw").set(Widget.of(id, i), T0.plusMillis(i)).build());
                        returned.add(id);
                    }
                    return null;
                }));
            }
            List<Future<?>> loaders = new ArrayList<>();
            for (int l = 0; l < LOADERS; l++) {
                loaders.add(pool.submit(() -> {
                    while (writing.get()) {
                        Set<String> before = Set.copyOf(returned);
                        Set<String> seen = store.load("ryw").stream().map(Change::entityId)
                                .collect(Collectors.toSet());
                        assertThat(seen).as("load #%d", loads.incrementAndGet()).containsAll(before);
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> writer : writers) {
                    writer.get(5, TimeUnit.MINUTES);
                }
            } finally {
                writing.set(false);
            }
            for (Future<?> loader : loaders) {
                loader.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads.get()).isPositive();
        assertThat(store.load("ryw")).hasSize(WRITERS * savesPerWriter);
    }
}
