package org.workspaceengine.persistence;

/**
 * A store that deletes a whole namespace: a tenant leaves, a test resets. Unlike unsetting every entity, which leaves
 * a deletion marker per entity, a deletion leaves nothing: a load of the namespace returns no change, a listing does
 * not name it, and a namespace saved again starts empty (an entity saved again with an older timestamp than before
 * the deletion is kept).
 */
public interface NamespaceDeletion {

    /**
     * Deletes everything stored in {@code namespace}, deletion markers included. Idempotent: deleting an unknown
     * namespace does nothing. A save through this store that returned before the deletion began is deleted, one that
     * began after it returned is kept, and one that races it lands wholly before or wholly after it.
     *
     * @param namespace the namespace
     * @throws InvalidNamespaceException if {@code namespace} is not a valid namespace
     * @throws StoreClosedException if the store is closed
     * @throws PersistenceException if the namespace could not be deleted; it is then whole or gone, as each store
     *     documents
     */
    void deleteNamespace(String namespace);
}
