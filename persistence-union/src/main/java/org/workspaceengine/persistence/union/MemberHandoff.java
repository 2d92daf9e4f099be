package org.workspaceengine.persistence.union;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.union.MemberBacklog.Batch;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * Hands one member the changes it missed: records them in its {@link MemberBacklog} and delivers them in the
 * background, in order, in batches of up to {@value #BATCH} changes, as soon as the member answers again. While
 * the member fails, delivery is retried with a backoff from {@value #FIRST_BACKOFF_MILLIS} ms doubling up to
 * {@value #MAX_BACKOFF_MILLIS} ms (each attempt is an ordinary save, bounded by the member's own timeouts), so a
 * member that is down costs one attempt every two seconds at most, and no thread spins. Delivery stops on
 * {@link #stop}.
 *
 * <p>A change the member refuses for good (a {@link RejectedChangeException}, such as a record over its size limit)
 * is delivered alone to find it, then dropped with an ERROR log line and a {@link MemberFailure} of operation
 * {@link Operation#HANDOFF}: it can never be delivered, and blocking the changes after it would be worse.
 */
final class MemberHandoff {

    // Under the union's name, where users configure its logging.
    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    static final int BATCH = 5_000;
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 2_000;
    private static final long DRAINED = -1;
    private static final long STOPPED = -2;

    private final Member member;
    private final MemberBacklog backlog;
    private final ScheduledExecutorService scheduler;
    private final UnionListener listener;
    private final Object lock = new Object();
    private boolean scheduled; // guarded by lock: a delivery is running or will
    private int running; // guarded by lock: deliveries running now (one, but for a moment at its end)
    private boolean stopped; // guarded by lock
    private boolean reportedFull; // guarded by lock: the listener heard the backlog is full; reset once it empties
    // The deliverer's own state: one delivery runs at a time.
    private int failures;
    private long next = -1; // the number of the next change to deliver, once known
    private long singleUntil = -1; // changes before this one are delivered one at a time
    private long streakDelivered; // changes delivered since the backlog last emptied
    private long streakStarted; // when the first of them was sent
    // Namespaces whose deletion waits in the backlog, with how many deletions of each: the member's data of those
    // namespaces is stale until they are delivered, and reads must not use it.
    private final Map<String, Integer> pendingDeletions = new ConcurrentHashMap<>();

    MemberHandoff(Member member, MemberBacklog backlog, ScheduledExecutorService scheduler, UnionListener listener) {
        this.member = member;
        this.backlog = backlog;
        this.scheduler = scheduler;
        this.listener = listener;
        backlog.pendingDeletions().forEach(namespace -> pendingDeletions.merge(namespace, 1, Integer::sum));
    }

    Member member() {
        return member;
    }

    /** How many changes wait for the member. */
    long pending() {
        return backlog.pending();
    }

    /** Whether changes wait for the member: a save must then go to the backlog too, after them. */
    boolean isBehind() {
        return backlog.pending() > 0;
    }

    /** Whether a deletion of {@code namespace} waits in the backlog: the member's data of it is stale. */
    boolean isDeleting(String namespace) {
        return pendingDeletions.containsKey(namespace);
    }

    /** The namespaces whose deletion waits in the backlog. */
    Set<String> namespacesBeingDeleted() {
        return Set.copyOf(pendingDeletions.keySet());
    }

    /**
     * Records changes the member missed and starts delivering them. When the backlog is full, or cannot be written,
     * the changes are not recorded: the listener and the log say so, and the member catches up on them through
     * read-repair only. Namespace deletions are recorded even in a full backlog.
     */
    void record(Changes changes) {
        List<String> deletions = MemberBacklog.namespaces(changes.asList());
        deletions.forEach(namespace -> pendingDeletions.merge(namespace, 1, Integer::sum));
        boolean appended;
        try {
            appended = backlog.append(changes);
        } catch (RuntimeException e) {
            deliveredDeletions(deletions);
            LOG.error("cannot record {} change(s) for union member {} in its backlog: it misses them until "
                    + "read-repair: {}", changes.size(), member.quoted(), MemberMessages.message(e));
            MemberFailure failure = new MemberFailure(member.name(), Operation.HANDOFF, e);
            MemberMessages.notifyListener(listener, () -> listener.onMemberFailure(failure));
            return;
        }
        if (!appended) {
            deliveredDeletions(deletions);
            full(changes.size());
            return;
        }
        wake(0);
    }

    /** Forgets one pending deletion of each of {@code namespaces}. */
    private void deliveredDeletions(List<String> namespaces) {
        namespaces.forEach(namespace -> pendingDeletions.computeIfPresent(namespace,
                (deleted, count) -> count == 1 ? null : count - 1));
    }

    private void full(int dropped) {
        long pending = backlog.pending();
        synchronized (lock) {
            if (reportedFull) {
                LOG.debug("backlog of union member {} is full: {} more change(s) not recorded", member.quoted(),
                        dropped);
                return;
            }
            reportedFull = true;
        }
        LOG.warn("backlog of union member {} is full ({} of {} changes pending): changes it misses are no longer "
                + "recorded, and it catches up on them through read-repair only", member.quoted(), pending,
                backlog.limit());
        MemberMessages.notifyListener(listener, () -> listener.onBacklogFull(member.name(), pending));
    }

    /** Starts delivering what the backlog holds (a union opened on an existing backlog). */
    void start() {
        if (backlog.pending() > 0) {
            wake(0);
        }
    }

    /**
     * Stops delivering: no attempt starts after this; waits up to {@code waitNanos} for one that is running.
     *
     * @return whether no delivery is running any more
     */
    boolean stop(long waitNanos) {
        long deadline = System.nanoTime() + waitNanos;
        synchronized (lock) {
            stopped = true;
            return Monitors.awaitUntil(lock, () -> running == 0, deadline);
        }
    }

    /** Closes the backlog: what is pending stays in a durable one for the next union. */
    void close() {
        backlog.close();
    }

    private void wake(long delayMillis) {
        synchronized (lock) {
            if (scheduled || stopped) {
                return;
            }
            scheduled = true;
        }
        schedule(delayMillis);
    }

    private void schedule(long delayMillis) {
        try {
            scheduler.schedule(this::deliver, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                scheduled = false; // shut down: the union is closing
            }
        }
    }

    /** Delivers batches until the backlog is empty or the member fails; then schedules the retry. */
    private void deliver() {
        synchronized (lock) {
            if (stopped) {
                scheduled = false;
                return;
            }
            running++;
        }
        long retryInMillis = MAX_BACKOFF_MILLIS;
        boolean retry = false;
        try {
            retryInMillis = deliverBatches();
        } catch (RuntimeException e) {
            LOG.error("delivering the backlog of union member {} failed unexpectedly", member.quoted(), e);
        } finally {
            synchronized (lock) {
                running--;
                lock.notifyAll();
                if (retryInMillis != DRAINED) {
                    // When drained, scheduled was cleared as the backlog was found empty; a record may have set it.
                    retry = !stopped && retryInMillis != STOPPED;
                    scheduled = retry;
                }
            }
            if (retry) {
                schedule(retryInMillis);
            }
        }
    }

    /**
     * Delivers until the backlog is empty ({@link #DRAINED}, with {@code scheduled} cleared), delivery is stopped
     * ({@link #STOPPED}) or the member fails (the backoff before the next attempt, in ms).
     */
    private long deliverBatches() {
        while (true) {
            synchronized (lock) {
                if (stopped) {
                    return STOPPED;
                }
            }
            Batch batch;
            try {
                batch = backlog.next(next >= 0 && next < singleUntil ? 1 : BATCH);
            } catch (RuntimeException e) {
                return failed(e);
            }
            if (batch.isEmpty()) {
                synchronized (lock) {
                    if (backlog.pending() > 0) {
                        continue; // appended meanwhile
                    }
                    scheduled = false;
                    reportedFull = false;
                }
                drained();
                return DRAINED;
            }
            long attemptStarted = System.nanoTime();
            try {
                deliverInOrder(batch.changes());
            } catch (RejectedChangeException | InvalidNamespaceException | UnsupportedOperationException e) {
                if (batch.count() > 1) {
                    singleUntil = batch.first() + batch.count();
                    next = batch.first();
                    continue; // find the change the member refuses
                }
                refused(e);
            } catch (RuntimeException e) {
                return failed(e);
            }
            backlog.delivered(batch);
            deliveredDeletions(MemberBacklog.namespaces(batch.changes()));
            next = batch.first() + batch.count();
            if (streakDelivered == 0) {
                streakStarted = attemptStarted;
            }
            delivered(batch);
        }
    }

    /** Saves {@code changes} to the member, a namespace deletion among them deleting the namespace there, in order. */
    private void deliverInOrder(List<Change> changes) {
        int start = 0;
        for (int i = 0; i <= changes.size(); i++) {
            if (i < changes.size() && !NamespaceDeletionMark.is(changes.get(i))) {
                continue;
            }
            if (i > start) {
                member.store().save(Changes.of(changes.subList(start, i)));
            }
            if (i < changes.size()) {
                if (!(member.store() instanceof NamespaceDeletion deletion)) {
                    throw new UnsupportedOperationException("union member " + member.quoted()
                            + " cannot delete namespaces");
                }
                deletion.deleteNamespace(changes.get(i).namespace());
            }
            start = i + 1;
        }
    }

    private void refused(RuntimeException e) {
        LOG.error("union member {} refuses a change of its backlog, which is dropped (it can never be delivered): {}",
                member.quoted(), MemberMessages.message(e));
        MemberFailure failure = new MemberFailure(member.name(), Operation.HANDOFF, e);
        MemberMessages.notifyListener(listener, () -> listener.onMemberFailure(failure));
    }

    private void delivered(Batch batch) {
        if (failures > 0) {
            LOG.info("union member {} answers again: delivering the {} change(s) of its backlog", member.quoted(),
                    backlog.pending() + batch.count());
            failures = 0;
        }
        streakDelivered += batch.changes().size();
        long pending = backlog.pending();
        int count = batch.changes().size();
        MemberMessages.notifyListener(listener, () -> listener.onHandoff(member.name(), count, pending));
    }

    private void drained() {
        if (streakDelivered > 0) {
            LOG.info("union member {} caught up: delivered {} change(s) of its backlog in {} ms", member.quoted(),
                    streakDelivered, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - streakStarted));
        }
        streakDelivered = 0;
        singleUntil = -1;
    }

    /** Counts a failed attempt; returns the backoff before the next one. */
    private long failed(RuntimeException e) {
        failures++;
        if (failures == 1) {
            LOG.warn("union member {} does not take the {} change(s) of its backlog yet (retrying every {} ms at "
                    + "most): {}", member.quoted(), backlog.pending(), MAX_BACKOFF_MILLIS, MemberMessages.message(e));
            MemberFailure failure = new MemberFailure(member.name(), Operation.HANDOFF, e);
            MemberMessages.notifyListener(listener, () -> listener.onMemberFailure(failure));
        } else {
            LOG.debug("union member {} still does not take its backlog: {}", member.quoted(),
                    MemberMessages.message(e));
        }
        return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failures - 1, 10));
    }
}
