package org.workspaceengine.persistence;

/** A store that can describe how a namespace is stored, for operators' tools ({@code pstore stats}). */
public interface NamespaceStatistics {

    /** How {@code namespace} is stored now; all zero for an unknown namespace. */
    NamespaceStats stats(String namespace);
}
