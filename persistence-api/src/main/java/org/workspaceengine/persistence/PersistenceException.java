package org.workspaceengine.persistence;

/**
 * The root of every exception a store throws. Unchecked; each subclass carries its context.
 *
 * <p>{@link StoreUnavailableException} and its subclasses are worth retrying; any other
 * {@code PersistenceException} will fail the same way again until something is fixed.
 */
public class PersistenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message}.
     *
     * @param message what happened
     */
    public PersistenceException(String message) {
        super(message);
    }

    /**
     * An exception with {@code message} caused by {@code cause}.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
