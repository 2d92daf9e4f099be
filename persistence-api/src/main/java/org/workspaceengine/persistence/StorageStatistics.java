package org.workspaceengine.persistence;

/**
 * A store that can describe how a namespace is stored (records, bytes), for operators' tools ({@code pstore stats}).
 */
public interface StorageStatistics {

    /**
     * How {@code namespace} is stored now; all zero for an unknown namespace.
     *
     * @param namespace the namespace
     * @return how {@code namespace} is stored now; all zero for an unknown namespace
     */
    StorageStats storageStats(String namespace);
}
