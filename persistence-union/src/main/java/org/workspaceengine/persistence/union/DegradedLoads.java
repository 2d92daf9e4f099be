package org.workspaceengine.persistence.union;

/**
 * What a {@link UnionStore} load does when some members fail (or time out) and others answer.
 *
 * <p>Either way, a load fails when every member fails, and a member failing with
 * {@link org.workspaceengine.persistence.UnknownEntityTypeException} or
 * {@link org.workspaceengine.persistence.MigrationException} fails the load: those are errors of the shared
 * entity-type registry, and answering without that member would silently drop entities.
 */
public enum DegradedLoads {

    /**
     * Answer from the members that did answer (the default), reporting the failed ones to
     * {@link UnionListener#onDegradedLoad} and in one WARN log line naming them.
     */
    ALLOWED,

    /** Fail the load, naming the failed members, with their causes attached. */
    FAIL
}
