package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.workspaceengine.persistence.ProgressListener;

/**
 * Shows progress of long work on stderr: a bar redrawn in place when stderr is a terminal, otherwise plain lines that
 * log files keep readable: one per {@link #LINE_INTERVAL_NANOS interval} while a task runs, and a last one when it
 * ends, only for tasks that ran that long (quick work stays quiet). Amounts are in human units (kB, MB, GB of
 * storage; changes and records with thousands separators), with the rate so far and, when the total is known, the
 * time left at that rate.
 */
final class ProgressReporter implements ProgressListener {

    /** The least time between two plain progress lines. */
    static final long LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final long REDRAW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BAR_WIDTH = 30;
    /** How long work runs before a rate is shown: earlier ones say little. */
    private static final long RATE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long startedAt;
    private long lastShownAt;
    private boolean linesShown;
    private int lastWidth;

    ProgressReporter(Io io) {
        this.err = io.err();
        this.terminal = io.errIsTerminal();
        this.nanoTime = io.nanoTime();
    }

    @Override
    public synchronized void onStart(Task task) {
        startedAt = nanoTime.getAsLong();
        lastShownAt = startedAt;
        linesShown = false;
        if (terminal) {
            draw(task, 0);
        }
    }

    @Override
    public synchronized void onBatch(Task task, long completed) {
        long now = nanoTime.getAsLong();
        if (terminal) {
            if (now - lastShownAt >= REDRAW_INTERVAL_NANOS) {
                lastShownAt = now;
                draw(task, completed);
            }
        } else if (now - lastShownAt >= LINE_INTERVAL_NANOS) {
            lastShownAt = now;
            linesShown = true;
            err.println(label(task) + ": " + amount(task, completed, now - startedAt));
            err.flush();
        }
    }

    @Override
    public synchronized void onEnd(Task task, long completed) {
        long took = nanoTime.getAsLong() - startedAt;
        if (terminal) {
            draw(task, completed);
            err.println();
            lastWidth = 0;
        } else if (linesShown || took >= LINE_INTERVAL_NANOS) {
            err.println(label(task) + ": done, " + quantity(task.unit(), completed)
                    + String.format(Locale.ROOT, " in %.1f s", took / 1e9) + rate(task.unit(), completed, took));
        }
        err.flush();
    }

    private void draw(Task task, long completed) {
        StringBuilder line = new StringBuilder(label(task)).append(' ');
        long total = task.expectedTotal();
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, completed * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
        }
        line.append(amount(task, completed, nanoTime.getAsLong() - startedAt));
        int width = line.length();
        if (width < lastWidth) {
            line.append(" ".repeat(lastWidth - width));
        }
        lastWidth = width;
        err.print("\r" + line);
        err.flush();
    }

    private static String label(Task task) {
        return task.operation() + " " + task.namespace();
    }

    /** {@code 12.3/30.4 MB (40%), 85.0 MB/s, 1 s left}, or without total, percentage and time left. */
    static String amount(Task task, long completed, long elapsedNanos) {
        long total = task.expectedTotal();
        StringBuilder text = new StringBuilder();
        if (total < 0) {
            text.append(quantity(task.unit(), completed));
        } else {
            long percent = total == 0 ? 100 : Math.min(100, completed * 100 / total);
            text.append(quantity(task.unit(), completed, total)).append(" (").append(percent).append("%)");
        }
        text.append(rate(task.unit(), completed, elapsedNanos));
        if (total > 0 && completed > 0 && completed < total && elapsedNanos > 0) {
            long left = (long) ((double) elapsedNanos / completed * (total - completed) / 1e9);
            text.append(", ").append(duration(left)).append(" left");
        }
        return text.toString();
    }

    /** {@code , 85.0 MB/s}, or nothing before a measurable time has passed. */
    private static String rate(ProgressListener.Unit unit, long completed, long elapsedNanos) {
        if (elapsedNanos < RATE_AFTER_NANOS || completed == 0) {
            return "";
        }
        return ", " + quantity(unit, (long) (completed / (elapsedNanos / 1e9))) + "/s";
    }

    /** {@code 12.3 MB} or {@code 45,000 changes}. */
    static String quantity(ProgressListener.Unit unit, long amount) {
        return unit == ProgressListener.Unit.BYTES ? bytes(amount, scale(amount)) + " " + SCALES[scale(amount)]
                : String.format(Locale.ROOT, "%,d %s", amount, noun(unit));
    }

    /** {@code 12.3/30.4 MB} or {@code 45,000/100,000 changes}: both in the total's scale. */
    private static String quantity(ProgressListener.Unit unit, long amount, long total) {
        if (unit == ProgressListener.Unit.BYTES) {
            int scale = scale(total);
            return bytes(amount, scale) + "/" + bytes(total, scale) + " " + SCALES[scale];
        }
        return String.format(Locale.ROOT, "%,d/%,d %s", amount, total, noun(unit));
    }

    private static final String[] SCALES = {"bytes", "kB", "MB", "GB", "TB"};

    private static int scale(long bytes) {
        int scale = 0;
        for (double value = bytes; value >= 1000 && scale < SCALES.length - 1; value /= 1000) {
            scale++;
        }
        return scale;
    }

    private static String bytes(long bytes, int scale) {
        return scale == 0 ? Long.toString(bytes) : String.format(Locale.ROOT, "%.1f", bytes / Math.pow(1000, scale));
    }

    private static String noun(ProgressListener.Unit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }

    /** {@code 45 s}, {@code 3 min 05 s} or {@code 2 h 10 min}. */
    private static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds / 60 % 60);
    }
}
