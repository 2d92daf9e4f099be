package org.workspaceengine.persistence.file;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The decoding tasks of one read, oldest first, run on the read pool and by the reading thread itself: while the
 * reader waits for the oldest result, it runs the oldest task if no pool thread has started it, else the newest task
 * none has. A pool thread works through the tasks in order, so the reader takes from the other end; without that, a
 * reader waiting for the task a pool thread is running would idle on a machine of two cores, and the read would run
 * at the speed of one. Used by the reading thread only; a null executor runs each task when it is submitted.
 *
 * @param <V> what a task returns
 */
final class InFlight<V> {

    /** A task that runs once, on the thread that claims it first. */
    private static final class Task<V> extends FutureTask<V> {
        private final AtomicBoolean claimed = new AtomicBoolean();

        Task(Callable<V> work) {
            super(work);
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                super.run();
            }
        }

        boolean unclaimed() {
            return !claimed.get();
        }
    }

    private final Executor executor;
    private final ArrayDeque<Task<V>> tasks = new ArrayDeque<>();

    InFlight(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code work} behind the tasks in flight. */
    void submit(Callable<V> work) {
        Task<V> task = new Task<>(work);
        tasks.addLast(task);
        if (executor == null) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** Queues a result already known behind the tasks in flight. */
    void addDone(V result) {
        Task<V> task = new Task<>(() -> result);
        task.run();
        tasks.addLast(task);
    }

    int size() {
        return tasks.size();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /**
     * The result of the oldest task, which leaves the queue; runs tasks on this thread while it is not done.
     *
     * @throws ExecutionException if the task failed
     * @throws InterruptedException if interrupted while waiting
     */
    V takeOldest() throws ExecutionException, InterruptedException {
        Task<V> oldest = tasks.removeFirst();
        while (!oldest.isDone()) {
            Task<V> spare = oldest.unclaimed() ? oldest : newestUnclaimed();
            if (spare == null) {
                break; // every task has a thread: wait
            }
            spare.run();
        }
        return oldest.get();
    }

    private Task<V> newestUnclaimed() {
        for (Iterator<Task<V>> newestFirst = tasks.descendingIterator(); newestFirst.hasNext(); ) {
            Task<V> task = newestFirst.next();
            if (task.unclaimed()) {
                return task;
            }
        }
        return null;
    }

    /** Cancels the tasks not taken (a read that failed or returned early). */
    void cancelAll() {
        for (Task<V> task : tasks) {
            task.cancel(false);
        }
        tasks.clear();
    }
}
