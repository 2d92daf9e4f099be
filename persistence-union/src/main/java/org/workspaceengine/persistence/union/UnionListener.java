package org.workspaceengine.persistence.union;

import java.util.List;
import org.workspaceengine.persistence.Changes;

/**
 * Receives what a {@link UnionStore} notices about its members: failures, degraded loads, read-repairs and the
 * hinted handoff of changes a member missed. Use it for metrics and alerts; every method defaults to doing nothing.
 *
 * <p>Callbacks run on the thread that noticed the event (the caller's, an executor thread for background
 * read-repair, a handoff thread for deliveries) and should return quickly. An exception thrown by a callback is
 * logged and otherwise ignored.
 */
public interface UnionListener {

    /** A listener that ignores everything. */
    UnionListener NONE = new UnionListener() {
    };

    /**
     * A member failed or timed out in an operation, whether or not the union's operation failed as a whole
     * (under {@link WritePolicy#atLeast(int)} a save may succeed anyway; a load may be answered by other members).
     *
     * @param failure the failure
     */
    default void onMemberFailure(MemberFailure failure) {
    }

    /**
     * A load of {@code namespace} was answered without the members in {@code failures} (the
     * {@link DegradedLoads#ALLOWED} policy). Called after {@link #onMemberFailure} for each of them.
     *
     * @param namespace the namespace
     * @param failures the failures
     */
    default void onDegradedLoad(String namespace, List<MemberFailure> failures) {
    }

    /**
     * Read-repair wrote {@code repaired} (changes of {@code namespace}) to the member named {@code member}.
     *
     * @param namespace the namespace
     * @param member the member's name
     * @param repaired the changes written back to the member
     */
    default void onReadRepair(String namespace, String member, Changes repaired) {
    }

    /**
     * The hinted handoff delivered {@code delivered} changes of its backlog to the member named {@code member};
     * {@code pendingChanges} still wait.
     *
     * @param member the member's name
     * @param delivered how many changes were handed over
     * @param pendingChanges the pending changes
     */
    default void onHandoff(String member, int delivered, long pendingChanges) {
    }

    /**
     * The backlog of the member named {@code member} is full ({@code pendingChanges} wait): changes it misses from now
     * on are not recorded, and it catches up on them through read-repair only. Called once per time it fills up.
     *
     * @param member the member's name
     * @param pendingChanges the pending changes
     */
    default void onBacklogFull(String member, long pendingChanges) {
    }
}
