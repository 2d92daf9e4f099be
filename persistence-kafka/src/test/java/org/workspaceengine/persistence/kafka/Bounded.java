package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * How the outage tests time an operation that must fail within its timeout: it runs the operation, checks that it
 * threw within {@code timeout} plus {@link #SLACK} (the bound the store promises), and returns what it threw.
 */
final class Bounded {

    /** What an operation may take beyond its own timeout: the bound every documented timeout promises. */
    static final Duration SLACK = Duration.ofSeconds(2);

    private Bounded() {
    }

    /** Runs {@code operation}, which must throw within {@code timeout} + {@link #SLACK}; returns what it threw. */
    static Throwable failure(String what, Duration timeout, ThrowingCallable operation) {
        long started = System.nanoTime();
        Throwable thrown = null;
        try {
            operation.call();
        } catch (Throwable e) {
            thrown = e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(thrown).as("%s should fail", what).isNotNull();
        assertThat(took).as("%s failed after %s (timeout %s): %s", what, took, timeout, thrown)
                .isLessThanOrEqualTo(timeout.plus(SLACK));
        return thrown;
    }

    /** Runs {@code operation}, which must return within {@code bound}; returns how long it took. */
    static Duration returns(String what, Duration bound, ThrowingCallable operation) {
        long started = System.nanoTime();
        try {
            operation.call();
        } catch (Throwable e) {
            throw new AssertionError(what + " threw " + e, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("%s took %s", what, took).isLessThanOrEqualTo(bound);
        return took;
    }
}
