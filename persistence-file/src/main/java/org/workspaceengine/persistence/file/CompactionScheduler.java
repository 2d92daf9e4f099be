package org.workspaceengine.persistence.file;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreClosedException;

/**
 * Compacts every namespace of a store periodically: the seed's hourly compaction loop.
 *
 * <pre>{@code
 * try (CompactionScheduler hourly = CompactionScheduler.start(store, Duration.ofHours(1))) {
 *     // ... run the service ...
 * }
 * }</pre>
 *
 * <p>Each run lists the namespaces and compacts them one by one; a namespace that fails is logged and the others
 * are still compacted. Runs never overlap. The schedule stops by itself once the store is closed.
 */
public final class CompactionScheduler implements AutoCloseable {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(CompactionScheduler.class);
    }

    private final Compactable compactable;
    private final NamespaceListing listing;
    private final ScheduledExecutorService ownExecutor;
    private final ScheduledFuture<?> future;

    private CompactionScheduler(Compactable compactable, NamespaceListing listing, Duration interval,
                                ScheduledExecutorService executor, boolean own) {
        this.compactable = compactable;
        this.listing = listing;
        this.ownExecutor = own ? executor : null;
        long nanos = interval.toNanos();
        this.future = executor.scheduleWithFixedDelay(this::scheduledRun, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Compacts every namespace of {@code store} every {@code interval}, the first time one interval from now, on a
     * daemon thread of its own.
     *
     * @param <S> the store's type
     * @param store the store
     * @param interval the interval
     * @return the running scheduler; close it to stop it
     */
    public static <S extends Compactable & NamespaceListing> CompactionScheduler start(S store, Duration interval) {
        Objects.requireNonNull(store, "store");
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "compaction-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        return new CompactionScheduler(store, store, checked(interval), executor, true);
    }

    /**
     * Like {@link #start(Compactable, Duration)}, on the caller's {@code executor} (a test seam; the scheduler does
     * not shut it down).
     *
     * @param <S> the store's type
     * @param store the store
     * @param interval the interval
     * @param executor the executor
     * @return what {@link #start(Compactable, Duration)} returns
     */
    public static <S extends Compactable & NamespaceListing> CompactionScheduler start(
            S store, Duration interval, ScheduledExecutorService executor) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(executor, "executor");
        return new CompactionScheduler(store, store, checked(interval), executor, false);
    }

    /**
     * Compacts every namespace now, on the calling thread.
     *
     * @return how many namespaces failed to compact (each failure is logged)
     * @throws StoreClosedException if the store is closed
     */
    public int runNow() {
        List<String> namespaces = listing.listNamespaces();
        int failed = 0;
        for (String namespace : namespaces) {
            try {
                compactable.compact(namespace);
            } catch (StoreClosedException e) {
                throw e;
            } catch (PersistenceException e) {
                failed++;
                Log.LOG.error("failed to compact namespace '{}': {}", namespace, e.getMessage(), e);
            }
        }
        Log.LOG.debug("compacted {} namespace(s), {} failed", namespaces.size(), failed);
        return failed;
    }

    /** Stops the schedule; a run in progress finishes. Idempotent. */
    @Override
    public void close() {
        future.cancel(false);
        if (ownExecutor != null) {
            ownExecutor.shutdown();
        }
    }

    private void scheduledRun() {
        try {
            runNow();
        } catch (StoreClosedException e) {
            Log.LOG.info("stopping scheduled compaction: the store is closed");
            if (ownExecutor != null) {
                ownExecutor.shutdown();
            }
            throw e; // ends this schedule
        } catch (RuntimeException e) {
            Log.LOG.error("scheduled compaction failed: {}", e.getMessage(), e); // keep the schedule going
        }
    }

    private static Duration checked(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        return interval;
    }
}
