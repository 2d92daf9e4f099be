package org.workspaceengine.persistence;

/**
 * A store that counts what it holds without a load, and without deserializing entities where it can avoid it: for
 * dashboards, operators ({@code pstore stats}) and tests.
 */
public interface EntityCounting {

    /**
     * The entities of {@code namespace}, counted as a load would return them; zeros for an unknown namespace.
     *
     * @param namespace the namespace
     * @return the entities of {@code namespace}, counted as a load would return them; zeros for an unknown namespace
     * @throws InvalidNamespaceException if {@code namespace} is not a valid namespace
     */
    EntityCounts countEntities(String namespace);

    /**
     * How many namespaces hold at least one entity or deletion marker: as many as a listing names.
     *
     * @return how many namespaces hold at least one entity or deletion marker: as many as a listing names
     */
    long countNamespaces();
}
