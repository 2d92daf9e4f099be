package org.workspaceengine.persistence.file;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.ProgressListener;

/**
 * The automatic compaction of a store's files: after a save, a file that passes the garbage ratio is compacted on
 * one background daemon thread (which ends when idle), while the store is open. A compaction that fails is logged and
 * tried again once the file has doubled.
 */
final class AutoCompactor {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(AutoCompactor.class);
    }

    private final StoreConfig config;
    private final Lock open;
    private final AtomicBoolean closed;
    private final ExecutorService executor;

    /**
     * @param open held while a compaction runs, as by every operation of the store (its close waits for them)
     * @param closed whether the store is closed
     */
    AutoCompactor(StoreConfig config, Lock open, AtomicBoolean closed) {
        this.config = config;
        this.open = open;
        this.closed = closed;
        if (config.autoCompactRatio() > 0 && !config.readOnly()) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    runnable -> {
                        Thread thread = new Thread(runnable, "file-store-compaction " + config.directory());
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
        } else {
            this.executor = null;
        }
    }

    /** Queues a compaction of {@code log} if it passes the ratio and none is queued. */
    void maybeCompact(NamespaceLog log) {
        if (executor == null || !log.wantsAutoCompaction() || !log.queueAutoCompaction()) {
            return;
        }
        executor.execute(() -> {
            open.lock();
            if (closed.get()) {
                open.unlock();
                return;
            }
            try {
                // Saves made during a compaction are appended to its result as they are, so go again while the
                // file still passes the ratio.
                do {
                    log.compact(ProgressListener.NONE, config.autoCompactRatio());
                } while (!closed.get() && log.wantsAutoCompaction() && log.queueAutoCompaction());
            } catch (RuntimeException e) {
                log.autoCompactionFailed();
                Log.LOG.warn("automatic compaction of namespace '{}' ({}) failed; it is tried again once the file has "
                        + "doubled: {}", log.namespace(), log.path(), e.getMessage(), e);
            } finally {
                open.unlock();
            }
        });
    }

    /** Stops taking compactions; a running one finishes. */
    void shutdown() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
