package org.workspaceengine.persistence;

import java.util.Objects;

/**
 * The entities of one namespace, counted by their latest change: what a load would return, counted without loading
 * it. The names match {@link StorageStats}'s.
 *
 * @param namespace the namespace
 * @param liveEntities entities whose latest change is a set
 * @param unsetMarkers entities whose latest change is an unset (deletion markers)
 */
public record EntityCounts(String namespace, long liveEntities, long unsetMarkers) {

    /**
     * Validates that the namespace is given and no count is negative.
     *
     * @param namespace the namespace
     * @param liveEntities the live entities
     * @param unsetMarkers the unset markers
     */
    public EntityCounts {
        Objects.requireNonNull(namespace, "namespace");
        if (liveEntities < 0 || unsetMarkers < 0) {
            throw new IllegalArgumentException("negative count for namespace '" + namespace + "'");
        }
    }

    /**
     * The counts of {@code changes}, a load's result (one change per entity) of {@code namespace}.
     *
     * @param namespace the namespace
     * @param changes the changes
     * @return the counts of {@code changes}, a load's result (one change per entity) of {@code namespace}
     */
    public static EntityCounts of(String namespace, Iterable<Change> changes) {
        long live = 0;
        long unsets = 0;
        for (Change change : changes) {
            if (change.isUnset()) {
                unsets++;
            } else {
                live++;
            }
        }
        return new EntityCounts(namespace, live, unsets);
    }

    /**
     * The changes a load of the namespace returns: live entities and deletion markers.
     *
     * @return the changes a load of the namespace returns: live entities and deletion markers
     */
    public long changes() {
        return liveEntities + unsetMarkers;
    }
}
