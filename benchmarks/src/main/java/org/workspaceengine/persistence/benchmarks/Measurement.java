package org.workspaceengine.persistence.benchmarks;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Times one case: warm-up runs, then measured rounds, reporting the median (robust on a noisy machine).
 *
 * @param name what was measured
 * @param units how much work one run does (changes, records), for throughput
 * @param medianNanos the median time of one run
 * @param minNanos the fastest run
 * @param maxNanos the slowest run
 */
public record Measurement(String name, long units, long medianNanos, long minNanos, long maxNanos) {

    /** Runs {@code run} {@code warmups} times unmeasured, then {@code rounds} times measured. */
    public static Measurement of(String name, long units, int warmups, int rounds, Callable<?> run) {
        try {
            for (int i = 0; i < warmups; i++) {
                blackhole(run.call());
            }
            long[] times = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                blackhole(run.call());
                times[i] = System.nanoTime() - start;
            }
            return ofTimes(name, units, times);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark case '" + name + "' failed", e);
        }
    }

    /** The median, fastest and slowest of run times measured elsewhere (such as rounds taken in turns). */
    public static Measurement ofTimes(String name, long units, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Measurement(name, units, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    /** Units per second at the median. */
    public double unitsPerSecond() {
        return units * 1e9 / medianNanos;
    }

    /** The median in milliseconds. */
    public double medianMillis() {
        return medianNanos / 1e6;
    }

    private static volatile int sink;

    private static void blackhole(Object result) {
        sink ^= System.identityHashCode(result);
    }
}
