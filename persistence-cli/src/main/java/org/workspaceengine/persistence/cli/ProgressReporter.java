package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.workspaceengine.persistence.ProgressListener;

/**
 * Shows progress of long work on stderr: a bar redrawn in place when stderr is a terminal, otherwise plain lines that
 * log files keep readable: one per {@link #LINE_INTERVAL_NANOS interval} while a task runs, and a last one when it
 * ends, only for tasks that ran that long (quick work stays quiet).
 */
final class ProgressReporter implements ProgressListener {

    /** The least time between two plain progress lines. */
    static final long LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final long REDRAW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BAR_WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final java.util.function.LongSupplier nanoTime;
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
            err.println(label(task) + ": " + amount(task, completed));
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
            err.println(label(task) + ": done, " + completed + " " + unit(task)
                    + String.format(Locale.ROOT, " in %.1f s", took / 1e9));
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
        line.append(amount(task, completed));
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

    private static String amount(Task task, long completed) {
        long total = task.expectedTotal();
        if (total < 0) {
            return completed + " " + unit(task);
        }
        long percent = total == 0 ? 100 : Math.min(100, completed * 100 / total);
        return completed + "/" + total + " " + unit(task) + " (" + percent + "%)";
    }

    private static String unit(Task task) {
        return task.unit().name().toLowerCase(Locale.ROOT);
    }
}
