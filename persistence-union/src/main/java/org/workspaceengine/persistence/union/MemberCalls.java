package org.workspaceengine.persistence.union;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * Calls members in parallel on an executor and waits for each, bounded by the member timeout, collecting one
 * outcome per member in member order. Every member is called, whatever the others do.
 *
 * <p>A member that times out is not interrupted (an interrupt would close a file channel it is writing): its call
 * keeps running on its executor thread and its outcome is reported as a {@link StoreUnavailableException}.
 */
final class MemberCalls {

    /** What to ask one member. */
    @FunctionalInterface
    interface Call<T> {
        T apply(Member member);
    }

    /** The answer of one member: a value, or the failure it threw. */
    record Outcome<T>(Member member, T value, Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    private final Executor executor;
    private final Duration timeout;

    MemberCalls(Executor executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    /**
     * Calls every member in {@code members} with {@code call} and waits for all, each bounded by the member timeout
     * measured from the start.
     *
     * @param what the operation for messages, such as {@code "load of namespace 'ws-1'"}
     * @throws PersistenceException if the calling thread is interrupted while waiting
     */
    <T> List<Outcome<T>> run(List<Member> members, String what, Call<T> call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<FutureTask<T>> tasks = new ArrayList<>(members.size());
        List<Throwable> rejections = new ArrayList<>(members.size());
        for (Member member : members) {
            FutureTask<T> task = new FutureTask<>(() -> call.apply(member));
            Throwable rejection = null;
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                rejection = new PersistenceException("the union's executor refused to run " + what
                        + " (is it shut down?)", e);
            }
            tasks.add(task);
            rejections.add(rejection);
        }
        List<Outcome<T>> outcomes = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            FutureTask<T> task = tasks.get(i);
            if (rejections.get(i) != null) {
                outcomes.add(new Outcome<>(member, null, rejections.get(i)));
                continue;
            }
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                outcomes.add(new Outcome<>(member, task.get(remaining, TimeUnit.NANOSECONDS), null));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome<>(member, null, e.getCause()));
            } catch (TimeoutException | CancellationException e) {
                task.cancel(false);
                outcomes.add(new Outcome<>(member, null, new StoreUnavailableException("no answer to " + what
                        + " within the member timeout of " + format(timeout))));
            } catch (InterruptedException e) {
                for (FutureTask<T> each : tasks) {
                    each.cancel(false);
                }
                Thread.currentThread().interrupt();
                throw new PersistenceException("interrupted while waiting for union members to finish " + what, e);
            }
        }
        return outcomes;
    }

    /** {@code 250ms}, {@code 10s}, or ISO-8601 for anything longer than an hour. */
    static String format(Duration duration) {
        if (duration.compareTo(Duration.ofHours(1)) > 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
