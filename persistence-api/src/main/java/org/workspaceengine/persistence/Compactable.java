package org.workspaceengine.persistence;

/**
 * A store that can rewrite a namespace's storage to keep only the current state (the latest change per entity).
 *
 * <p>Compaction never changes what {@link Store#load} returns; it only reclaims space.
 */
public interface Compactable {

    /**
     * Compacts {@code namespace}; an unknown namespace is a no-op.
     *
     * @param namespace the namespace
     */
    void compact(String namespace);

    /**
     * Like {@link #compact(String)}, reporting progress to {@code progress}.
     *
     * @param namespace the namespace
     * @param progress told of the work as it goes
     */
    default void compact(String namespace, ProgressListener progress) {
        ProgressListener.Task task = new ProgressListener.Task("compact", namespace, ProgressListener.Unit.CHANGES, -1);
        progress.onStart(task);
        compact(namespace);
        progress.onEnd(task, 0);
    }
}
