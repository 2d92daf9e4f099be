package org.workspaceengine.persistence.cli;

import java.io.UncheckedIOException;
import org.workspaceengine.persistence.PersistenceException;

/** One-line error messages. */
final class Messages {

    private Messages() {
    }

    /**
     * What went wrong, on one line: the exception's message (or its type when it has none), followed by its cause's
     * message when that adds something. The stores' own exceptions carry their context in their message already, so
     * their causes (parser details) are left to {@code --verbose}.
     */
    static String oneLine(Throwable e) {
        String message = describe(e);
        Throwable cause = e.getCause();
        if (cause != null && cause != e && !(e instanceof UsageException) && !(e instanceof PersistenceException)
                && !(e instanceof OperationException)) {
            String because = describe(cause);
            if (!message.contains(because)) {
                message = message + ": " + because;
            }
        }
        return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        boolean selfExplaining = e instanceof PersistenceException || e instanceof OperationException
                || e instanceof UsageException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof UncheckedIOException;
        return selfExplaining ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
