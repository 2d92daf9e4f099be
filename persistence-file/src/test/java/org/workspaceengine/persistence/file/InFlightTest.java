package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link InFlight} gives results oldest first, each task run once, and lets the reading thread run queued tasks while
 * a pool thread runs the one it waits for.
 */
@Timeout(60)
class InFlightTest {

    @Test
    void theReaderRunsTheNewestQueuedTaskWhileThePoolRunsTheOldest() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            InFlight<String> inFlight = new InFlight<>(pool);
            CountDownLatch oldestStarted = new CountDownLatch(1);
            CountDownLatch newestRan = new CountDownLatch(1);
            AtomicReference<Thread> newestThread = new AtomicReference<>();
            // The oldest holds the pool's only thread until the newest has run: only the reader can run it.
            inFlight.submit(() -> {
                oldestStarted.countDown();
                assertThat(newestRan.await(30, TimeUnit.SECONDS)).isTrue();
                return "oldest";
            });
            inFlight.submit(() -> "middle");
            inFlight.submit(() -> {
                newestThread.set(Thread.currentThread());
                newestRan.countDown();
                return "newest";
            });
            assertThat(oldestStarted.await(30, TimeUnit.SECONDS)).isTrue();

            List<String> results = new ArrayList<>();
            while (!inFlight.isEmpty()) {
                results.add(inFlight.takeOldest());
            }

            assertThat(results).containsExactly("oldest", "middle", "newest");
            assertThat(newestThread.get()).isSameAs(Thread.currentThread());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theReaderRunsTheOldestItselfWhenNoPoolThreadHasStartedIt() throws Exception {
        List<Runnable> neverRun = new ArrayList<>();
        InFlight<Thread> inFlight = new InFlight<>(neverRun::add); // a pool that never gets to its queue

        inFlight.submit(Thread::currentThread);
        inFlight.submit(Thread::currentThread);

        assertThat(inFlight.takeOldest()).isSameAs(Thread.currentThread());
        assertThat(inFlight.takeOldest()).isSameAs(Thread.currentThread());
        neverRun.forEach(Runnable::run); // the pool's late run of a task already run does nothing
        assertThat(inFlight.isEmpty()).isTrue();
    }

    @Test
    void aTaskRunsOnceWhoeverClaimsIt() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        InFlight<Integer> inFlight = new InFlight<>(queued::add);
        int[] runs = new int[1];
        inFlight.submit(() -> ++runs[0]);

        queued.forEach(Runnable::run);
        queued.forEach(Runnable::run);

        assertThat(inFlight.takeOldest()).isEqualTo(1);
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void withoutAnExecutorTasksRunWhenSubmittedAndFailuresSurfaceWhenTaken() {
        InFlight<String> inFlight = new InFlight<>(null);
        List<String> ran = new ArrayList<>();
        inFlight.submit(() -> {
            ran.add("first");
            throw new IllegalStateException("broken chunk");
        });
        inFlight.addDone("known");

        assertThat(ran).containsExactly("first");
        assertThatThrownBy(inFlight::takeOldest).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("broken chunk");
        assertThat(inFlight.size()).isEqualTo(1);
        inFlight.cancelAll();
        assertThat(inFlight.isEmpty()).isTrue();
    }
}
