package org.workspaceengine.persistence.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Saves from several threads racing a namespace's deletion: a save that returned before the deletion began must be
 * gone, one that began after the deletion returned must be kept, and one that raced it is there whole or not at all.
 */
final class NamespaceLifecycle {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final int THREADS = 4;
    private static final int SAVES_EACH_SIDE = 40;

    /** One save, of a widget and a gadget with the same id, and when it ran. */
    private record Save(String id, long started, long ended) {
    }

    private NamespaceLifecycle() {
    }

    static void savesRacingADeletion(Store store, String namespace) throws Exception {
        List<Save> saves = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long deleteStarted;
        long deleteEnded;
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    started.countDown();
                    for (int i = 0; !stop.get(); i++) {
                        String id = "t" + thread + "-" + i;
                        long before = System.nanoTime();
                        store.save(Changes.builder(namespace).set(Widget.of(id, i), T0.plusNanos(i))
                                .set(new Gadget(id, i), T0.plusNanos(i)).build());
                        saves.add(new Save(id, before, System.nanoTime()));
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            started.await();
            Await.until(SAVES_EACH_SIDE + " saves before the deletion", () -> done.get() >= SAVES_EACH_SIDE);
            deleteStarted = System.nanoTime();
            ((NamespaceDeletion) store).deleteNamespace(namespace);
            deleteEnded = System.nanoTime();
            int afterDelete = done.get();
            Await.until(SAVES_EACH_SIDE + " saves after the deletion",
                    () -> done.get() >= afterDelete + SAVES_EACH_SIDE);
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        Set<String> widgets = new HashSet<>();
        Set<String> gadgets = new HashSet<>();
        for (Change change : store.load(namespace)) {
            (change.entityType().equals(TestEntities.WIDGET) ? widgets : gadgets).add(change.entityId());
        }
        assertThat(widgets).as("every save is kept whole or not at all").isEqualTo(gadgets);
        int before = 0;
        int after = 0;
        for (Save save : saves) {
            if (save.ended() < deleteStarted) {
                before++;
                assertThat(widgets).as("a save that returned before the deletion began").doesNotContain(save.id());
            } else if (save.started() > deleteEnded) {
                after++;
                assertThat(widgets).as("a save that began after the deletion returned").contains(save.id());
            }
        }
        assertThat(before).as("saves that returned before the deletion began").isPositive();
        assertThat(after).as("saves that began after the deletion returned").isPositive();
    }
}
