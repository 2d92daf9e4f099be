package org.workspaceengine.persistence.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * Measures cases side by side: {@code warmups} unmeasured runs of each, then {@code rounds} rounds in which every
     * case runs once, in turn, so that a noisy machine's drift falls on all of them alike; each run starts after a
     * full collection, so that none pays for the garbage of the one before.
     *
     * @param names what each case measures
     * @param units how much work one run of any case does
     * @param runs the cases, in the order of {@code names}
     * @return a measurement per case, in the same order
     */
    public static List<Measurement> inTurns(List<String> names, long units, int warmups, int rounds,
                                            List<Callable<?>> runs) {
        long[][] times = new long[runs.size()][rounds];
        int current = 0;
        try {
            for (int round = -warmups; round < rounds; round++) {
                for (current = 0; current < runs.size(); current++) {
                    System.gc(); // untimed: no case pays for the garbage of the one before
                    long start = System.nanoTime();
                    blackhole(runs.get(current).call());
                    if (round >= 0) {
                        times[current][round] = System.nanoTime() - start;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark case '" + names.get(current) + "' failed", e);
        }
        List<Measurement> measurements = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            measurements.add(ofTimes(names.get(i), units, times[i]));
        }
        return measurements;
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
