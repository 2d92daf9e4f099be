package org.workspaceengine.persistence.union;

import java.util.Objects;

/**
 * One member of a {@link UnionStore} failing (or timing out) in one operation.
 *
 * @param member the member's name (the one given to the builder, or {@code #index Type})
 * @param operation what the union asked the member to do
 * @param cause what the member threw; a {@link org.workspaceengine.persistence.StoreUnavailableException} when it
 *     did not answer within the member timeout
 */
public record MemberFailure(String member, Operation operation, Throwable cause) {

    /**
     * Validates that every component is present.
     *
     * @param member the member's name
     * @param operation the operation
     * @param cause the underlying failure
     */
    public MemberFailure {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(cause, "cause");
    }

    /** The operations a union sends to its members. */
    public enum Operation {
        /** {@link org.workspaceengine.persistence.Store#save}. */
        SAVE,
        /** {@link org.workspaceengine.persistence.Store#load}. */
        LOAD,
        /** {@link org.workspaceengine.persistence.NamespaceListing#listNamespaces()}. */
        LIST_NAMESPACES,
        /** {@link org.workspaceengine.persistence.Compactable#compact(String)}. */
        COMPACT,
        /** {@link org.workspaceengine.persistence.NamespaceDeletion#deleteNamespace(String)}. */
        DELETE_NAMESPACE,
        /** A save that writes the winners of a load back to a member that lacked them. */
        READ_REPAIR,
        /**
         * The hinted handoff: recording a change the member missed in its backlog, or delivering the backlog (the
         * first failed attempt after a success is reported, not every retry), or a change it refuses for good.
         */
        HANDOFF
    }
}
