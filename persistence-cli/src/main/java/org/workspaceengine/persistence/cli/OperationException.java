package org.workspaceengine.persistence.cli;

/**
 * A well-formed command that could not be carried out (a missing store directory, a store without a needed
 * capability, malformed input): {@code pstore} prints the message and exits with status 1.
 */
final class OperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OperationException(String message) {
        super(message);
    }

    OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
