package org.workspaceengine.persistence.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in a child JVM, for tests that crash a broker: {@link #kill()} it, {@link #start()} it
 * again on the same log directory and ports, and check what survived.
 *
 * <p>The child runs {@code kafka.Kafka} on this JVM's class path (which must hold {@code kafka_2.13}, as it does when
 * this library is a dependency) with {@code -Xmx512m}. It listens on {@code 127.0.0.1} only, on two ports chosen
 * when this object is created and kept across restarts. Its work directory holds:
 * <ul>
 *   <li>{@code server.properties}: the broker configuration;</li>
 *   <li>{@code data}: the log directory, formatted on the first {@link #start()};</li>
 *   <li>{@code broker.log}: the child's standard output and error, appended to on every start.</li>
 * </ul>
 * A work directory that already holds a {@code server.properties} written by this class is reused with its ports, so a
 * new object can continue where an earlier one stopped.
 *
 * <p>{@link #pause()} suspends the child with SIGSTOP, a hung broker: its ports stay open and the kernel still accepts
 * connections, but nothing answers until {@link #resume()}.
 *
 * <p>The broker's session expires 3 seconds after a kill, so a restart is ready within seconds. A shutdown hook
 * kills the child when this JVM exits; a child of a JVM that was itself killed with SIGKILL outlives it.
 *
 * <pre>{@code
 * try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(tempDir)) {
 *     broker.start();
 *     produce(broker.bootstrapServers());
 *     broker.kill();
 *     broker.start();
 *     verify(broker.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;
    private static final int LOG_TAIL_BYTES = 16 * 1024;

    private final Path workDir;
    private final boolean ownsWorkDir;
    private final NodeConfig node;
    private final Path configFile;
    private final Path logFile;
    private Process process; // guarded by this; null when not started
    private Thread reaper; // guarded by this; the shutdown hook that kills process
    private boolean closed; // guarded by this
    private boolean paused; // guarded by this

    private KafkaBrokerProcess(Path workDir, boolean ownsWorkDir) {
        this.workDir = workDir.toAbsolutePath();
        this.ownsWorkDir = ownsWorkDir;
        this.configFile = this.workDir.resolve("server.properties");
        this.logFile = this.workDir.resolve("broker.log");
        try {
            Files.createDirectories(this.workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + this.workDir, e);
        }
        if (Files.exists(configFile)) {
            this.node = NodeConfig.read(configFile);
        } else {
            this.node = NodeConfig.withFreePorts(this.workDir.resolve("data"));
            Properties properties = node.toProperties();
            // After a kill the controller keeps the old registration until its session expires; the restarted broker
            // cannot register before that. A short session makes a restart quick.
            properties.setProperty("broker.session.timeout.ms", "3000");
            properties.setProperty("broker.heartbeat.interval.ms", "500");
            NodeConfig.write(properties, configFile);
        }
    }

    /**
     * A broker (not yet started) working in {@code workDir}, which is created if needed and kept on {@link #close()}.
     * Its ports are chosen now, or read back if {@code workDir} was a broker's work directory before.
     *
     * @param workDir the work dir
     * @return a broker (not yet started) working in {@code workDir}, which is created if needed and kept on {@link
     *     #close()}
     * @throws KafkaBrokerException if {@code workDir} holds a {@code server.properties} this class did not write
     */
    public static KafkaBrokerProcess create(Path workDir) {
        return new KafkaBrokerProcess(Objects.requireNonNull(workDir, "workDir"), false);
    }

    /**
     * A broker (not yet started) working in a new temporary directory, which {@link #close()} deletes.
     *
     * @return a broker (not yet started) working in a new temporary directory, which {@link #close()} deletes
     */
    public static KafkaBrokerProcess create() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("kafka-broker-process-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the broker", e);
        }
        try {
            return new KafkaBrokerProcess(workDir, true);
        } catch (RuntimeException e) {
            Directories.deleteQuietly(workDir);
            throw e;
        }
    }

    /**
     * Starts the child JVM (formatting the log directory the first time) and returns once the broker answers clients.
     *
     * @throws IllegalStateException if it is running or this object is closed
     * @throws KafkaBrokerException if the child exits or does not answer within 60 seconds; the message ends with the
     *     last lines of its log, and the child is killed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("The broker process in " + workDir + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException("The broker process in " + workDir + " is already running");
        }
        if (!Files.exists(node.dataDir().resolve("meta.properties"))) {
            KafkaServer.formatStorage(configFile);
        }
        long startNanos = System.nanoTime();
        Process started = launch();
        process = started;
        reaper = new Thread(started::destroyForcibly, "kafka-broker-process-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            BrokerReadiness.await(NodeConfig.HOST, node.brokerPort(), READY_TIMEOUT, () -> {
                if (!started.isAlive()) {
                    throw new KafkaBrokerException("The broker process exited with code " + started.exitValue());
                }
            });
        } catch (KafkaBrokerException e) {
            try {
                terminate(true);
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw new KafkaBrokerException(e.getMessage() + "; last lines of " + logFile + ":\n" + logTail(), e);
        }
        LOG.info("Started the broker process {} at {} in {} ms", started.pid(), bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /**
     * Kills the child with SIGKILL (no shutdown, no flush) and waits until it has exited.
     *
     * @throws IllegalStateException if it is not running
     * @throws KafkaBrokerException if it has not exited within 30 seconds
     */
    public synchronized void kill() {
        if (!isRunning()) {
            throw new IllegalStateException("The broker process in " + workDir + " is not running");
        }
        long pid = process.pid();
        terminate(true);
        LOG.info("Killed the broker process {}", pid);
    }

    /**
     * Stops the child gracefully (SIGTERM, so the broker shuts down cleanly) and waits until it has exited; kills it
     * if it has not exited within 30 seconds. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        long pid = process.pid();
        terminate(false);
        LOG.info("Stopped the broker process {}", pid);
    }

    /**
     * Suspends the child with SIGSTOP, as a hung broker: connections are still accepted by the kernel, but no request
     * is answered until {@link #resume()}. Does nothing if it is paused already.
     *
     * @throws IllegalStateException if it is not running
     * @throws KafkaBrokerException if the signal cannot be sent (no {@code kill} command)
     */
    public synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException("The broker process in " + workDir + " is not running");
        }
        if (!paused) {
            signal("STOP");
            paused = true;
            LOG.info("Paused the broker process {}", process.pid());
        }
    }

    /**
     * Continues a {@linkplain #pause() paused} child with SIGCONT. Does nothing if it is not paused.
     *
     * @throws KafkaBrokerException if the signal cannot be sent
     */
    public synchronized void resume() {
        if (paused && isRunning()) {
            signal("CONT");
            LOG.info("Resumed the broker process {}", process.pid());
        }
        paused = false;
    }

    /**
     * Whether the child is {@linkplain #pause() paused}.
     *
     * @return whether the child is {@linkplain #pause() paused}
     */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /**
     * The child's process id, while it is running.
     *
     * @return the child's process id, while it is running
     */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("The broker process in " + workDir + " is not running");
        }
        return process.pid();
    }

    /**
     * Whether the child JVM is alive (it may still be starting or stopping).
     *
     * @return whether the child JVM is alive (it may still be starting or stopping)
     */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * The address clients connect to, as {@code 127.0.0.1:port}; the same across restarts.
     *
     * @return the address clients connect to, as {@code 127.0.0.1:port}; the same across restarts
     */
    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    /**
     * The directory holding the configuration, the log directory and the child's log.
     *
     * @return the directory holding the configuration, the log directory and the child's log
     */
    public Path workDir() {
        return workDir;
    }

    /**
     * The file the child's standard output and error go to.
     *
     * @return the file the child's standard output and error go to
     */
    public Path logFile() {
        return logFile;
    }

    /** {@link #stop() Stops} the broker, and deletes the work directory if {@link #create()} made it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (ownsWorkDir) {
                Directories.deleteQuietly(workDir);
            }
        }
    }

    /** The broker's address and work directory. */
    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + ", " + workDir + "]";
    }

    /** This JVM's class path with every entry made absolute: the child runs in the work directory. */
    private static String absoluteClassPath() {
        List<String> entries = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private Process launch() {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", absoluteClassPath(),
                "kafka.Kafka",
                configFile.toString());
        try {
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new KafkaBrokerException("Cannot start the broker process: " + command.get(0), e);
        }
    }

    /** Sends {@code kill -NAME pid} to the child and waits for the command. */
    private void signal(String name) {
        long pid = process.pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new KafkaBrokerException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new KafkaBrokerException("Cannot send SIG" + name + " to the broker process " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while sending SIG" + name + " to " + pid, e);
        }
    }

    /** Ends the child, forcibly or not, waits for its exit, and forgets it. */
    private void terminate(boolean forcibly) {
        Process ending = process;
        if (paused && !forcibly) {
            signal("CONT"); // a stopped JVM would not handle SIGTERM
        }
        paused = false;
        try {
            if (forcibly) {
                ending.destroyForcibly();
            } else {
                ending.destroy();
            }
            if (!ending.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                if (forcibly) {
                    throw new KafkaBrokerException("The broker process " + ending.pid() + " did not exit within "
                            + EXIT_TIMEOUT + " of SIGKILL");
                }
                LOG.warn("The broker process {} did not stop within {}; killing it", ending.pid(), EXIT_TIMEOUT);
                terminate(true);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while waiting for the broker process " + ending.pid(), e);
        }
        process = null;
        removeReaper();
    }

    private void removeReaper() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it kills a process that is gone.
        }
        reaper = null;
    }

    /** The last lines of the child's log, or why they cannot be read. */
    private String logTail() {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, LOG_TAIL_BYTES));
            channel.position(size - buffer.capacity());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full
            }
            String[] lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\\R");
            return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - LOG_TAIL_LINES),
                    lines.length));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }
}
