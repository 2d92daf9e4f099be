package org.workspaceengine.persistence.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A single-node KRaft broker in this JVM on a fresh temporary directory, which {@link #close()} deletes.
 *
 * <p>The directory holds {@code server.properties} and, beside it, the log directory {@code data}.
 */
final class EmbeddedBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final NodeConfig node;
    private final Path workDir;
    private final KafkaServer server;

    private EmbeddedBroker(NodeConfig node, Path workDir, KafkaServer server) {
        this.node = node;
        this.workDir = workDir;
        this.server = server;
    }

    /** Formats a new temporary directory, starts a broker on it and returns once it answers clients. */
    static EmbeddedBroker start() {
        Path workDir = createWorkDir();
        KafkaServer server = null;
        try {
            NodeConfig node = NodeConfig.withFreePorts(workDir.resolve("data"));
            Properties properties = node.toProperties();
            Path configFile = workDir.resolve("server.properties");
            NodeConfig.write(properties, configFile);
            KafkaServer.formatStorage(configFile);
            server = KafkaServer.start(properties);
            BrokerReadiness.await(NodeConfig.HOST, node.brokerPort(), READY_TIMEOUT, () -> { });
            return new EmbeddedBroker(node, workDir, server);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                try {
                    server.close();
                } catch (RuntimeException stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            Directories.deleteQuietly(workDir);
            throw e;
        }
    }

    /** The address clients connect to, as {@code 127.0.0.1:port}. */
    String bootstrapServers() {
        return node.bootstrapServers();
    }

    /** Stops the broker, waits until it has stopped, and deletes its directory; does nothing the second time. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            Directories.deleteQuietly(workDir);
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("kafka-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the broker", e);
        }
    }
}
