package org.workspaceengine.persistence.kafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link LocalStateChildMain} in a child JVM of its own ({@code -Xmx256m}), killed with SIGKILL. */
final class LocalStateChild implements AutoCloseable {

    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private LocalStateChild(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // The child died: its output ends.
            } finally {
                lines.add(END);
            }
        }, "local-state-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a child in {@code mode} on {@code topic} of the shared broker, with the local state {@code directory}. */
    static LocalStateChild start(String mode, String topic, Path directory, boolean transactional, long seed)
            throws java.io.IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LocalStateChildMain.class.getName(), mode,
                Brokers.servers(), topic, directory.toString(), Boolean.toString(transactional),
                Long.toString(seed)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new LocalStateChild(process);
    }

    /** The pid of the child. */
    long pid() {
        return process.pid();
    }

    /**
     * The first line the child prints that starts with {@code prefix}, waiting up to {@code seconds}.
     *
     * @throws AssertionError if it ends or the time passes first
     */
    String await(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError("the child printed no line starting with '" + prefix + "' within "
                        + seconds + " s" + (line == null ? "" : " (it ended with exit code "
                        + process.waitFor() + ")"));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Closes the child's input, which ends a child that holds its directory. */
    void closeInput() throws java.io.IOException {
        OutputStream in = process.getOutputStream();
        in.close();
    }

    /** SIGKILL, and waits for the child to be gone (its file lock with it). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " did not die within 60 s of SIGKILL");
        }
    }

    /** Waits for the child to end by itself. */
    int waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** Kills the child if it is still alive (an AutoCloseable's close must not throw InterruptedException). */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
