package org.workspaceengine.persistence.kafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft cluster: one process that is both broker and controller, listening on
 * {@value #HOST} only, with every internal topic at replication factor 1.
 *
 * @param brokerPort the port of the client listener ({@code PLAINTEXT})
 * @param controllerPort the port of the controller listener ({@code CONTROLLER})
 * @param dataDir the log directory; it also holds the metadata log
 */
record NodeConfig(int brokerPort, int controllerPort, Path dataDir) {

    /** The only address the node binds and advertises. */
    static final String HOST = "127.0.0.1";

    NodeConfig {
        checkPort(brokerPort, "brokerPort");
        checkPort(controllerPort, "controllerPort");
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException("brokerPort and controllerPort are both " + brokerPort);
        }
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
    }

    /** A node on {@code dataDir} with two ports that were free on {@value #HOST} a moment ago. */
    static NodeConfig withFreePorts(Path dataDir) {
        try (ServerSocket broker = new ServerSocket(0, 1, loopback());
                ServerSocket controller = new ServerSocket(0, 1, loopback())) {
            return new NodeConfig(broker.getLocalPort(), controller.getLocalPort(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    /** The node that {@link #write(Path) wrote} {@code file}, with the settings given here. */
    static NodeConfig read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        try {
            return new NodeConfig(
                    portOf(properties.getProperty("advertised.listeners")),
                    portOf(properties.getProperty("controller.quorum.bootstrap.servers")),
                    Path.of(properties.getProperty("log.dirs")));
        } catch (RuntimeException e) {
            throw new KafkaBrokerException(file + " is not a broker configuration written by this library", e);
        }
    }

    /** The address clients connect to, as {@code host:port}. */
    String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** The broker configuration, as Kafka's {@code server.properties} keys. */
    Properties toProperties() {
        String controller = HOST + ":" + controllerPort;
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty("listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller);
        properties.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("controller.quorum.bootstrap.servers", controller);
        properties.setProperty("log.dirs", dataDir.toString());
        // One node: every internal topic has a single replica, and a single partition keeps its creation quick.
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("offsets.topic.num.partitions", "1");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("transaction.state.log.num.partitions", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        properties.setProperty("share.coordinator.state.topic.num.partitions", "1");
        // Consumer groups need not wait for more members to join.
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        return properties;
    }

    /** Writes {@code properties} to {@code file} in the {@code server.properties} format, sorted by key. */
    static void write(Properties properties, Path file) {
        // store() writes one entry per line, escaped to ISO 8859-1 (what Kafka reads), after a date comment;
        // sorted entries are easier to read.
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            properties.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        List<String> lines = text.toString(StandardCharsets.ISO_8859_1).lines()
                .filter(line -> !line.startsWith("#"))
                .sorted()
                .toList();
        try {
            Files.write(file, lines, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static int portOf(String addresses) {
        Objects.requireNonNull(addresses, "missing address");
        return Integer.parseInt(addresses.substring(addresses.lastIndexOf(':') + 1).strip());
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be in [1, 65535]: " + port);
        }
    }

    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByName(HOST);
    }
}
