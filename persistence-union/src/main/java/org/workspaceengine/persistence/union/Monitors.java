package org.workspaceengine.persistence.union;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits on an object's monitor. */
final class Monitors {

    private Monitors() {
    }

    /**
     * Waits on {@code monitor}, which the caller holds, until {@code done} (checked under the monitor after each
     * {@code notifyAll}) or {@code deadline} ({@link System#nanoTime()}). An interrupt ends the wait and is kept.
     *
     * @return whether {@code done} holds
     */
    static boolean awaitUntil(Object monitor, BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
