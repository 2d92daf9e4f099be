package org.workspaceengine.persistence;

/**
 * A store's backing system could not be reached or did not answer in time. Retrying later may succeed; nothing
 * already stored was lost.
 */
public class StoreUnavailableException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message what happened
     */
    public StoreUnavailableException(String message) {
        super(message);
    }

    /**
     * An exception with {@code message} caused by {@code cause}.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
