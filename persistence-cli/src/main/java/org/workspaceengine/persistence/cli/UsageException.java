package org.workspaceengine.persistence.cli;

/**
 * The command line cannot be right as given (a malformed store URI, an unknown scheme or URI option, contradictory
 * arguments): {@code pstore} prints the message and exits with status 2.
 */
class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
