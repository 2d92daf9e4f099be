package org.workspaceengine.persistence.kafka.broker;

/**
 * A broker could not be prepared, started or stopped: its storage could not be formatted, it did not become ready in
 * time, its process exited, or the Kafka server on the class path is missing or incompatible.
 */
public final class KafkaBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with {@code message} and no cause.
     *
     * @param message what happened
     */
    public KafkaBrokerException(String message) {
        super(message);
    }

    /**
     * An exception with {@code message}, caused by {@code cause}.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public KafkaBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
