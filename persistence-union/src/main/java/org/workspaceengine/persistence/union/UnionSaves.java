package org.workspaceengine.persistence.union;

import static org.workspaceengine.persistence.union.MemberMessages.combined;
import static org.workspaceengine.persistence.union.MemberMessages.details;
import static org.workspaceengine.persistence.union.MemberMessages.memberWord;
import static org.workspaceengine.persistence.union.MemberMessages.names;
import static org.workspaceengine.persistence.union.MemberMessages.reportFailures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.spi.PreparedSaves;
import org.workspaceengine.persistence.spi.PreparedSaves.PreparedSave;
import org.workspaceengine.persistence.union.MemberCalls.Outcome;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * A union's saves, in two steps: every member checks and encodes the changes, writing nothing, so that a change any
 * member refuses is written to none; then the members that prepared write, under the write policy, and a change a
 * member missed as unavailable is recorded in its backlog for hinted handoff.
 */
final class UnionSaves {

    // Under the union's name, where users configure its logging.
    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    private final List<Member> members;
    private final List<EntityTypes> registries;
    private final WritePolicy writePolicy;
    private final MemberCalls calls;
    private final HintedHandoff handoff;
    private final UnionListener listener;
    private final WriteOrder order;

    UnionSaves(List<Member> members, List<EntityTypes> registries, WritePolicy writePolicy, MemberCalls calls,
               HintedHandoff handoff, UnionListener listener, WriteOrder order) {
        this.order = order;
        this.members = members;
        this.registries = registries;
        this.writePolicy = writePolicy;
        this.calls = calls;
        this.handoff = handoff;
        this.listener = listener;
    }

    /**
     * The first step: every registry checks {@code changes}, then every member prepares them in parallel.
     *
     * @param what the save for messages, such as {@code "save to namespace 'ws-1'"}
     * @throws UnknownEntityTypeException if a registry lacks an entity's type
     * @throws RejectedChangeException if a member cannot keep a change exactly (the first such member's refusal,
     *     the others suppressed)
     */
    PreparedSave prepare(String what, Changes changes) {
        for (EntityTypes registry : registries) {
            registry.checkSavable(changes);
        }
        if (changes.isEmpty()) {
            return () -> { };
        }
        List<Outcome<PreparedSave>> prepared = calls.run(members, what, member -> prepare(member, changes));
        PersistenceException refusal = null;
        for (Outcome<PreparedSave> outcome : prepared) {
            if (isRefusal(outcome.failure())) {
                if (refusal == null) {
                    refusal = (PersistenceException) outcome.failure();
                } else {
                    refusal.addSuppressed(outcome.failure());
                }
            }
        }
        if (refusal != null) {
            throw refusal;
        }
        return () -> order.write(() -> commit(what, changes, prepared));
    }

    /** A member's prepared save; a member that cannot prepare is saved to in the second step. */
    private static PreparedSave prepare(Member member, Changes changes) {
        if (member.store() instanceof PreparedSaves preparing) {
            return Objects.requireNonNull(preparing.prepareSave(changes), "the member's prepareSave returned null");
        }
        return () -> member.store().save(changes);
    }

    /** A failure that says the changes themselves cannot be saved, so no member may write them. */
    private static boolean isRefusal(Throwable failure) {
        return failure instanceof RejectedChangeException || failure instanceof UnknownEntityTypeException
                || failure instanceof InvalidNamespaceException;
    }

    /**
     * Writes a prepared save to every member that prepared it, except the members that are behind: their changes
     * go to their backlog, after the changes that wait there. If the write policy is met, the changes are recorded
     * for every member that missed them as unavailable, to be delivered when it answers.
     */
    private void commit(String what, Changes changes, List<Outcome<PreparedSave>> prepared) {
        List<Member> ready = new ArrayList<>();
        List<PreparedSave> saves = new ArrayList<>();
        List<Outcome<Void>> outcomes = new ArrayList<>(members.size());
        int behind = 0;
        for (Outcome<PreparedSave> outcome : prepared) {
            Member member = outcome.member();
            if (!outcome.succeeded()) {
                outcomes.add(new Outcome<>(member, null, outcome.failure()));
            } else if (handoff.isBehind(member)) {
                behind++;
                outcomes.add(new Outcome<>(member, null, new StoreUnavailableException("union member "
                        + member.quoted() + " is catching up: the save waits in its backlog behind "
                        + handoff.pending(member) + " change(s)")));
            } else {
                ready.add(member);
                saves.add(outcome.value());
            }
        }
        outcomes.addAll(calls.run(ready, what, member -> {
            saves.get(ready.indexOf(member)).commit();
            return null;
        }));
        settle(what, outcomes, behind, Operation.SAVE, changes);
    }

    /**
     * Deletes {@code namespace} on every member (which must all implement {@link NamespaceDeletion}), under the write
     * policy, ordered with saves; a member that is behind gets the deletion in its backlog, after the changes waiting
     * there, and so does a member that misses it as unavailable when the policy is met.
     */
    void deleteNamespace(String namespace) {
        List<Member> unable = new ArrayList<>();
        for (Member member : members) {
            if (!(member.store() instanceof NamespaceDeletion)) {
                unable.add(member);
            }
        }
        if (!unable.isEmpty()) {
            throw new UnsupportedOperationException("cannot delete namespace '" + namespace + "': union "
                    + memberWord(unable) + " " + names(unable) + " cannot delete namespaces");
        }
        String what = "deletion of namespace '" + namespace + "'";
        order.delete(() -> {
            List<Member> ready = new ArrayList<>();
            List<Outcome<Void>> outcomes = new ArrayList<>(members.size());
            int behind = 0;
            for (Member member : members) {
                if (handoff.isBehind(member)) {
                    behind++;
                    outcomes.add(new Outcome<>(member, null, new StoreUnavailableException("union member "
                            + member.quoted() + " is catching up: the deletion waits in its backlog behind "
                            + handoff.pending(member) + " change(s)")));
                } else {
                    ready.add(member);
                }
            }
            outcomes.addAll(calls.run(ready, what, member -> {
                ((NamespaceDeletion) member.store()).deleteNamespace(namespace);
                return null;
            }));
            settle(what, outcomes, behind, Operation.DELETE_NAMESPACE, NamespaceDeletionMark.of(namespace));
        });
    }

    /**
     * Applies the write policy to a write's {@code outcomes}: returns if it is met, recording {@code missed} for every
     * member that missed the write as unavailable (hinted handoff); throws otherwise.
     *
     * @param behind how many of the failures are members that are behind, whose write waits in their backlog
     */
    private void settle(String what, List<Outcome<Void>> outcomes, int behind, Operation operation, Changes missed) {
        List<Outcome<Void>> failed = reportFailures(outcomes, operation, listener);
        if (failed.isEmpty()) {
            return;
        }
        int succeeded = members.size() - failed.size();
        int required = writePolicy.requiredSuccesses(members.size());
        if (succeeded >= required) {
            for (Outcome<Void> outcome : failed) {
                // A member that keeps a deleted namespace would bring it back: it gets the deletion whatever failed.
                if (outcome.failure() instanceof StoreUnavailableException
                        || operation == Operation.DELETE_NAMESPACE) {
                    handoff.record(outcome.member(), missed);
                }
            }
            if (failed.size() > behind) {
                LOG.warn("{} succeeded on {} of {} union members (write policy {}), failed on {}", what, succeeded,
                        members.size(), writePolicy, details(failed));
            } else {
                LOG.debug("{} succeeded on {} of {} union members (write policy {}); recorded for {}", what,
                        succeeded, members.size(), writePolicy, names(failed));
            }
            return;
        }
        throw combined(what + " failed on union " + memberWord(failed) + " " + names(failed) + " (" + succeeded
                + " of " + members.size() + " succeeded; write policy " + writePolicy + " needs " + required + "): "
                + details(failed), failed, true);
    }
}
