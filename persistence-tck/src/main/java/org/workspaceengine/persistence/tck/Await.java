package org.workspaceengine.persistence.tck;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in tests for a condition that other threads bring about, polling it, within a bound. */
public final class Await {

    /** Long enough for a slow, busy machine; a condition that holds returns at once. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     * @throws AssertionError naming {@code what} if it does not hold within {@link #TIMEOUT}, or if interrupted
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
