package org.workspaceengine.persistence.benchmarks.coldstart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command as a child process, timed from its start to its exit, with its peak resident set size (the
 * kernel's {@code VmHWM}, polled while it runs; 0 where {@code /proc} is missing).
 *
 * @param nanos wall time from start to exit
 * @param peakRssBytes the highest resident set size seen
 */
record ChildProcess(long nanos, long peakRssBytes) {

    private static final long TIMEOUT_SECONDS = 600;

    /**
     * Runs {@code command} with its output discarded (stderr to {@code log}).
     *
     * @throws IllegalStateException if it exits with another status than 0
     */
    static ChildProcess run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process process = builder.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peak = 0;
        while (!process.waitFor(5, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(status));
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
        }
        long nanos = System.nanoTime() - start;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + " of " + command + "; see " + log);
        }
        return new ChildProcess(nanos, peak);
    }

    /** The process's VmHWM in bytes, or 0 if it cannot be read (the process is gone). */
    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Exited between two polls.
        }
        return 0;
    }
}
