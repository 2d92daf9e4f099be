package org.workspaceengine.persistence.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaClusterTest {

    private static KafkaCluster cluster;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaCluster.startEmbedded();
    }

    @AfterAll
    static void stopBroker() {
        cluster.close();
    }

    @Test
    void embeddedBrokerCreatesTopicsAndServesProduceAndConsume() throws Exception {
        List<String> values = IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList();

        Clients.createTopic(cluster.bootstrapServers(), "produce-consume");
        Clients.produce(cluster.bootstrapServers(), "produce-consume", values);

        assertThat(Clients.consume(cluster.bootstrapServers(), "produce-consume", values.size()))
                .containsExactlyElementsOf(values);
        assertThat(cluster.isEmbedded()).isTrue();
        assertThat(cluster.description()).isEqualTo("embedded KRaft broker at " + cluster.bootstrapServers());
    }

    @Test
    void embeddedBrokerAdvertisesAndListensOnLoopbackOnly() throws Exception {
        assertThat(cluster.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        try (Admin admin = Clients.admin(cluster.bootstrapServers())) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertThat(nodes).extracting(Node::host).containsExactly("127.0.0.1");
        }

        int port = port(cluster);
        List<InetAddress> otherAddresses = nonLoopbackAddresses();
        assumeFalse(otherAddresses.isEmpty(), "this machine has no address but loopback");
        for (InetAddress address : otherAddresses) {
            assertThat(accepts(address, port)).as("connect to %s port %d", address, port).isFalse();
        }
    }

    @Test
    void closeStopsTheEmbeddedBrokerOnce() {
        KafkaCluster second = KafkaCluster.startEmbedded();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThat(accepts(loopback, port(second))).isTrue();

        second.close();
        second.close();

        assertThat(accepts(loopback, port(second))).isFalse();
    }

    @Test
    void environmentVariableNamesAnExternalClusterThatCloseLeavesAlone() {
        Map<String, String> environment = Map.of(KafkaCluster.BOOTSTRAP_SERVERS_ENV, " kafka-1:9092,kafka-2:9092 ");

        KafkaCluster external = KafkaCluster.resolve(environment::get, name -> null);
        external.close();

        assertThat(external.isEmbedded()).isFalse();
        assertThat(external.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(external.description())
                .isEqualTo("external cluster from KAFKA_BOOTSTRAP_SERVERS (kafka-1:9092,kafka-2:9092)");
    }

    @Test
    void withoutDockerTheDockerFlagFallsBackToAnEmbeddedBroker() throws Exception {
        Map<String, String> environment = Map.of(KafkaCluster.BOOTSTRAP_SERVERS_ENV, "  ");
        Map<String, String> properties = Map.of(KafkaCluster.DOCKER_PROPERTY, "true");
        assumeFalse(dockerSocketExists(), "Docker may be available here");

        try (KafkaCluster resolved = KafkaCluster.resolve(environment::get, properties::get)) {
            assertThat(resolved.isEmbedded()).isTrue();
            Clients.createTopic(resolved.bootstrapServers(), "fallback");
        }
    }

    @Test
    void sharedClusterIsOnePerJvmAndIgnoresClose() throws Exception {
        KafkaCluster shared = KafkaCluster.shared();
        shared.close();

        assertThat(KafkaCluster.shared()).isSameAs(shared);
        Clients.createTopic(shared.bootstrapServers(), "shared");
    }

    @Test
    void externalClusterNeedsAnAddress() {
        assertThatThrownBy(() -> KafkaCluster.external(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(KafkaCluster.external("localhost:9092").description())
                .isEqualTo("external cluster at localhost:9092");
    }

    @Test
    void defaultDockerImageIsTheKafkaVersionOnTheClassPath() throws IOException {
        Properties version = new Properties();
        try (InputStream in = Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            version.load(in);
        }

        assertThat(DockerBroker.DEFAULT_IMAGE).isEqualTo("apache/kafka:" + version.getProperty("version"));
    }

    private static boolean dockerSocketExists() {
        return Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
    }

    private static int port(KafkaCluster embedded) {
        String servers = embedded.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
