package org.workspaceengine.persistence.spi;

import org.workspaceengine.persistence.Changes;

/**
 * A store whose save splits in two: {@link #prepareSave} makes every check a save makes and encodes what it will
 * write, writing nothing; {@link PreparedSave#commit()} then writes. A union prepares a save on every member before
 * any member writes, so a change that one member refuses (larger than its size limit, say) is written to none.
 *
 * <p>For a store that implements it, {@code save(changes)} is {@code prepareSave(changes).commit()}.
 */
public interface PreparedSaves {

    /**
     * Checks and encodes {@code changes} as a save would, writing nothing.
     *
     * @param changes the changes
     * @return the encoded changes, ready to be written
     * @throws org.workspaceengine.persistence.UnknownEntityTypeException if an entity's type is not registered
     * @throws org.workspaceengine.persistence.RejectedChangeException if a change cannot be kept exactly (too large
     *     for this store, text that does not encode, nesting too deep)
     * @throws org.workspaceengine.persistence.InvalidNamespaceException if a namespace cannot be stored here
     * @throws org.workspaceengine.persistence.StoreClosedException if the store is closed
     * @throws org.workspaceengine.persistence.PersistenceException if the store cannot save at all (read-only)
     */
    PreparedSave prepareSave(Changes changes);

    /** A save checked and encoded by {@link #prepareSave}, not written yet: commit it once, or drop it. */
    @FunctionalInterface
    interface PreparedSave {

        /**
         * Writes the prepared changes, with the guarantees and failures of the store's save (except the refusals,
         * which {@link #prepareSave} made already).
         */
        void commit();
    }
}
