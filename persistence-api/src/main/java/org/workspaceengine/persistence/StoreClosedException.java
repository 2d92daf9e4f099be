package org.workspaceengine.persistence;

/** A store was used after {@link Store#close()}. */
public class StoreClosedException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception saying that {@code store} (a description) is closed.
     *
     * @param store the store
     */
    public StoreClosedException(String store) {
        super(store + " is closed");
    }
}
