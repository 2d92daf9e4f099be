package org.workspaceengine.persistence.file;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode lines during loads and compactions of large files. Its threads start on first use and
 * end after 30 idle seconds, so an idle store holds none; they are daemons.
 */
final class ReadPool implements AutoCloseable {

    private final int threads;
    private final ThreadPoolExecutor executor;

    ReadPool(int threads, String name) {
        this.threads = threads;
        if (threads > 1) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
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

    /** How many threads decode. */
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
