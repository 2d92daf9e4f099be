package org.workspaceengine.persistence.file;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode lines during loads and compactions of large files: for a parallelism of {@code n}, {@code n
 * - 1} threads, the reading thread being the last (it decodes chunks itself rather than wait, see {@link InFlight}).
 * Its threads start on first use and end after 30 idle seconds, so an idle store holds none; they are daemons.
 */
final class ReadPool implements AutoCloseable {

    private final int threads;
    private final ThreadPoolExecutor executor;

    ReadPool(int threads, String name) {
        this.threads = threads;
        if (threads > 1) {
            AtomicInteger count = new AtomicInteger();
            // The reading thread decodes too when it would wait (InFlight.takeOldest): one thread fewer.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "file-store-read-" + count.incrementAndGet() + " " + name);
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
        } else {
            this.executor = null;
        }
    }

    /** How many threads decode, the reading thread included. */
    int threads() {
        return threads;
    }

    /** The executor, or null when decoding runs on the caller's thread. */
    Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
        }
    }
}
