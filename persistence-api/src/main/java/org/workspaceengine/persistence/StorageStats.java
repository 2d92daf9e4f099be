package org.workspaceengine.persistence;

/**
 * How one namespace is stored.
 *
 * @param namespace the namespace
 * @param records the stored records (file lines, Kafka records), including superseded versions
 * @param bytes the bytes those records take
 * @param liveEntities entities whose latest change is a set
 * @param unsetMarkers entities whose latest change is an unset (deletion markers)
 */
public record StorageStats(String namespace, long records, long bytes, long liveEntities, long unsetMarkers) {

    /**
     * Validates that no count is negative.
     *
     * @param namespace the namespace
     * @param records the records
     * @param bytes the bytes
     * @param liveEntities the live entities
     * @param unsetMarkers the unset markers
     */
    public StorageStats {
        if (records < 0 || bytes < 0 || liveEntities < 0 || unsetMarkers < 0) {
            throw new IllegalArgumentException("negative count in stats of '" + namespace + "'");
        }
    }

    /**
     * Stored records per current entity (live or unset): 1.0 for a fully compacted namespace, 10.0 when each entity
     * was written ten times; 0.0 for an empty namespace.
     *
     * @return stored records per current entity (live or unset): 1.0 for a fully compacted namespace, 10.0 when each
     *     entity was written ten times; 0.0 for an empty namespace
     */
    public double garbageRatio() {
        long current = liveEntities + unsetMarkers;
        return current == 0 ? 0.0 : (double) records / current;
    }
}
