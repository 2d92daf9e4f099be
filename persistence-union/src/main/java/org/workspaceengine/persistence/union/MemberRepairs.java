package org.workspaceengine.persistence.union;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.union.MemberCalls.Outcome;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * The read-repair of a {@link UnionStore}: after a merged load, each member that answered gets the winners it lacks
 * (missing, older, or different at the same timestamp), saved inline or in the background (at most one pending
 * repair per namespace and member), and each repair or failure is reported to the union's listener.
 */
final class MemberRepairs {

    // Under the union's name, where users configure its logging.
    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    private final ReadRepair mode;
    private final MemberCalls calls;
    private final Executor executor;
    private final WireFormat wireFormat;
    private final Duration memberTimeout;
    private final AtomicBoolean closed;
    private final UnionListener listener;
    private final HintedHandoff handoff;
    private final WriteOrder order;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private int running; // guarded by lock

    /**
     * @param closed the union's closed flag: background repairs that start after it is set do nothing
     * @param handoff where repairs of a member that is behind go: after the changes waiting in its backlog, so that
     *     the member still receives changes in order
     * @param order orders repairs with namespace deletions: a repair computed before a deletion is dropped
     */
    MemberRepairs(ReadRepair mode, MemberCalls calls, Executor executor, WireFormat wireFormat, Duration memberTimeout,
                  AtomicBoolean closed, UnionListener listener, HintedHandoff handoff, WriteOrder order) {
        this.order = order;
        this.mode = mode;
        this.calls = calls;
        this.executor = executor;
        this.wireFormat = wireFormat;
        this.memberTimeout = memberTimeout;
        this.closed = closed;
        this.listener = listener;
        this.handoff = handoff;
    }

    /**
     * Saves to each member of {@code answered} the {@code winners} of the merged load of {@code namespace} that it
     * lacks; nothing when read-repair is off, or once a namespace deletion has begun after the load began (when
     * {@link WriteOrder#deletions()} was {@code deletionsSeen}).
     */
    void repair(String namespace, List<Outcome<Changes>> answered, Changes winners, long deletionsSeen) {
        if (mode == ReadRepair.OFF) {
            return;
        }
        Map<Member, Changes> repairs = new LinkedHashMap<>();
        for (Outcome<Changes> outcome : answered) {
            Map<EntityKey, Change> held = new HashMap<>(Math.max(16, outcome.value().size() * 2));
            for (Change change : outcome.value()) {
                held.put(change.key(), change);
            }
            List<Change> lacking = new ArrayList<>();
            for (Change winner : winners) {
                if (lacks(held.get(winner.key()), winner)) {
                    lacking.add(winner);
                }
            }
            if (!lacking.isEmpty()) {
                repairs.put(outcome.member(), Changes.of(lacking));
            }
        }
        repairs.entrySet().removeIf(repair -> {
            if (!handoff.isBehind(repair.getKey())) {
                return false;
            }
            if (order.writeIfNoDeletionSince(deletionsSeen, () -> handoff.record(repair.getKey(), repair.getValue()))) {
                LOG.info("read-repair of {} change(s) of namespace '{}' for union member {} waits in its backlog",
                        repair.getValue().size(), namespace, repair.getKey().quoted());
            }
            return true;
        });
        if (repairs.isEmpty()) {
            return;
        }
        if (mode == ReadRepair.INLINE) {
            List<Member> targets = new ArrayList<>(repairs.keySet());
            List<Outcome<Void>> outcomes = new ArrayList<>();
            boolean written = order.writeIfNoDeletionSince(deletionsSeen, () -> outcomes.addAll(calls.run(targets,
                    "read-repair of namespace '" + namespace + "'", member -> {
                        member.store().save(repairs.get(member));
                        return null;
                    })));
            if (!written) {
                LOG.debug("read-repair of namespace '{}' dropped: a namespace deletion began after its load",
                        namespace);
            }
            for (Outcome<Void> outcome : outcomes) {
                if (outcome.succeeded()) {
                    repaired(namespace, outcome.member(), repairs.get(outcome.member()));
                } else {
                    repairFailed(namespace, outcome.member(), outcome.failure());
                }
            }
        } else {
            repairs.forEach((member, changes) -> repairInBackground(namespace, member, changes, deletionsSeen));
        }
    }

    /** Whether a member holding {@code held} (null: nothing) for an entity lacks {@code winner}. */
    private boolean lacks(Change held, Change winner) {
        if (held == null || held.timestamp().isBefore(winner.timestamp())) {
            return true;
        }
        return held.timestamp().equals(winner.timestamp()) && !sameContent(held, winner);
    }

    /** Equal changes, or (for entities without {@code equals}) changes with the same wire form. */
    private boolean sameContent(Change a, Change b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.changeType() != b.changeType()) {
            return false;
        }
        try {
            return Arrays.equals(wireFormat.encode(a), wireFormat.encode(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void repairInBackground(String namespace, Member member, Changes changes, long deletionsSeen) {
        String pendingKey = namespace + '\u0000' + member.name();
        if (!pending.add(pendingKey)) {
            return;
        }
        synchronized (lock) {
            running++;
        }
        Runnable repair = () -> {
            try {
                if (closed.get()) {
                    return;
                }
                if (order.writeIfNoDeletionSince(deletionsSeen, () -> member.store().save(changes))) {
                    repaired(namespace, member, changes);
                }
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    repairFailed(namespace, member, e);
                }
            } finally {
                repairEnded(pendingKey);
            }
        };
        try {
            executor.execute(repair);
        } catch (RejectedExecutionException e) {
            repairEnded(pendingKey);
            repairFailed(namespace, member, new PersistenceException("the union's executor refused the read-repair"
                    + " of namespace '" + namespace + "' (is it shut down?)", e));
        }
    }

    private void repairEnded(String pendingKey) {
        pending.remove(pendingKey);
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    private void repaired(String namespace, Member member, Changes changes) {
        LOG.info("read-repair wrote {} change(s) of namespace '{}' to union member {}", changes.size(), namespace,
                member.quoted());
        MemberMessages.notifyListener(listener, () -> listener.onReadRepair(namespace, member.name(), changes));
    }

    private void repairFailed(String namespace, Member member, Throwable failure) {
        LOG.warn("read-repair of namespace '{}' failed on union member {}: {}", namespace, member.quoted(),
                MemberMessages.message(failure));
        MemberFailure reported = new MemberFailure(member.name(), Operation.READ_REPAIR, failure);
        MemberMessages.notifyListener(listener, () -> listener.onMemberFailure(reported));
    }

    /** Waits up to the member timeout for running background repairs; returns whether they all ended. */
    boolean awaitRunning() {
        long deadline = System.nanoTime() + memberTimeout.toNanos();
        synchronized (lock) {
            return Monitors.awaitUntil(lock, () -> running == 0, deadline);
        }
    }
}
