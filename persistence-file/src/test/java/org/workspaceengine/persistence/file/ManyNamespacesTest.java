package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** A store with more namespaces than it keeps files open loses nothing and stays within its descriptor budget. */
@Timeout(120)
class ManyNamespacesTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final int NAMESPACES = 3 * OpenFiles.DEFAULT_LIMIT;

    @TempDir
    Path directory;

    @Test
    void filesBeyondTheOpenLimitAreClosedAndReopenedWithoutLosingSaves() {
        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).build()) {
            for (int round = 1; round <= 2; round++) {
                for (int n = 0; n < NAMESPACES; n++) {
                    store.save(Changes.builder("ns-" + n).set(Widget.of("w" + round, n), T0.plusSeconds(round))
                            .build());
                    assertThat(store.openFileCount()).isLessThanOrEqualTo(OpenFiles.DEFAULT_LIMIT);
                }
            }
            for (int n = 0; n < NAMESPACES; n++) {
                assertThat(store.load("ns-" + n)).extracting(Change::entityId).containsExactly("w1", "w2");
            }
            assertThat(store.listNamespaces()).hasSize(NAMESPACES);
        }
    }

    @Test
    void concurrentSavesAcrossManyNamespacesWithEvictionsLoseNothing() throws Exception {
        int threads = 4;
        int savesPerThread = 400;
        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry())
                .durability(Durability.NONE).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < savesPerThread; i++) {
                            String namespace = "ns-" + ((i * 7 + thread * 31) % NAMESPACES);
                            store.save(Changes.builder(namespace).set(Widget.of("t" + thread + "-" + i, i), T0)
                                    .build());
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(90, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long total = 0;
            for (String namespace : store.listNamespaces()) {
                total += store.load(namespace).size();
            }
            assertThat(total).isEqualTo((long) threads * savesPerThread);
        }
        try (FileStore reopened = FileStore.builder(directory).entityTypes(TestEntities.registry()).build()) {
            long total = 0;
            for (String namespace : reopened.listNamespaces()) {
                total += reopened.load(namespace).size();
            }
            assertThat(total).isEqualTo((long) threads * savesPerThread);
        }
    }
}
