package org.workspaceengine.persistence;

import java.util.Optional;

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
     * Like {@link #compact(String)}, reporting progress to {@code progress}, and saying what the compaction did
     * when the store counts its storage (as {@link StorageStatistics} does), from the compaction's own reading.
     *
     * @param namespace the namespace to compact
     * @param progress receives the compaction's progress
     * @return the namespace's storage before and after, or empty when the store does not count it
     */
    default Optional<Compaction> compact(String namespace, ProgressListener progress) {
        ProgressListener.Task task = new ProgressListener.Task("compact", namespace, ProgressListener.Unit.CHANGES, -1);
        progress.onStart(task);
        compact(namespace);
        progress.onEnd(task, 0);
        return Optional.empty();
    }
}
