package org.workspaceengine.persistence.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessTest {

    @TempDir
    Path workDir;

    @Test
    void recordsAckedBeforeSigkillAreReadAfterRestartOnTheSameLogDir() throws Exception {
        List<String> values = IntStream.range(0, 1_000).mapToObj(i -> "value-" + i).toList();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(workDir)) {
            broker.start();
            String bootstrapServers = broker.bootstrapServers();
            assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
            Clients.createTopic(bootstrapServers, "survivors");
            Clients.produce(bootstrapServers, "survivors", values);

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);
            assertThat(Clients.consume(bootstrapServers, "survivors", values.size()))
                    .containsExactlyElementsOf(values);
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
        }
        assertThat(workDir.resolve("broker.log")).isNotEmptyFile();
        assertThat(workDir.resolve("data").resolve("meta.properties")).exists();
    }

    @Test
    void startFailsWithTheTailOfTheLogWhenTheBrokerExits() throws IOException {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(workDir)) {
            String servers = broker.bootstrapServers();
            int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
            try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(taken.isBound()).isTrue();
                assertThatThrownBy(broker::start)
                        .isInstanceOf(KafkaBrokerException.class)
                        .hasMessageContaining("exited with code")
                        .hasMessageContaining("last lines of " + broker.logFile());
            }
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void aNewInstanceOnAnEarlierWorkDirKeepsItsPorts() {
        String first;
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(workDir)) {
            first = broker.bootstrapServers();
        }

        try (KafkaBrokerProcess again = KafkaBrokerProcess.create(workDir)) {
            assertThat(again.bootstrapServers()).isEqualTo(first);
        }
    }

    @Test
    void killNeedsARunningBrokerAndStopDoesNot() {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(workDir)) {
            assertThatThrownBy(broker::kill).isInstanceOf(IllegalStateException.class);
            broker.stop();
        }
    }

    @Test
    void aTemporaryWorkDirIsDeletedOnClose() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.create();
        Path dir = broker.workDir();
        assertThat(dir.resolve("server.properties")).exists();

        broker.close();

        assertThat(Files.exists(dir)).isFalse();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aForeignServerPropertiesIsRejected() throws IOException {
        Files.writeString(workDir.resolve("server.properties"), "node.id=7\n");

        assertThatThrownBy(() -> KafkaBrokerProcess.create(workDir)).isInstanceOf(KafkaBrokerException.class);
    }
}
