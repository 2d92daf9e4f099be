package org.workspaceengine.persistence.kafka;

import java.time.Duration;

/**
 * What is left of a deadline given as a {@link System#nanoTime()} value, for the Kafka clients' timeouts, and how a
 * timeout is written in messages.
 */
final class Deadlines {

    private Deadlines() {
    }

    /** The deadline {@code timeout} from now. */
    static long after(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** Nanoseconds left before {@code deadline}; 0 or less once it has passed. */
    static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    /** The time left before {@code deadline}, at least a nanosecond (a client given zero would not even try). */
    static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, remainingNanos(deadline)));
    }

    /**
     * A timeout as the URI options write it: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 for
     * anything else ({@code PT1M30S}).
     */
    static String format(Duration timeout) {
        if (timeout.toNanos() % 1_000_000 != 0 || timeout.isNegative()) {
            return timeout.toString();
        }
        long millis = timeout.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds < 60 ? seconds + "s" : timeout.toString();
    }
}
