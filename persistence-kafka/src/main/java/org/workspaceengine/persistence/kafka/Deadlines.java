package org.workspaceengine.persistence.kafka;

import java.time.Duration;

/** What is left of a deadline given as a {@link System#nanoTime()} value, for the Kafka clients' timeouts. */
final class Deadlines {

    private Deadlines() {
    }

    /** Nanoseconds left before {@code deadline}; 0 or less once it has passed. */
    static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    /** The time left before {@code deadline}, at least a nanosecond (a client given zero would not even try). */
    static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, remainingNanos(deadline)));
    }
}
