package org.workspaceengine.persistence.examples.readme;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;

/** The Kafka broker README's snippets (compiled, never run: no class here is a test class Surefire runs). */
final class KafkaBrokerReadme {

    void resolve() {
        try (KafkaCluster kafka = KafkaCluster.resolve()) {
            System.out.println("Using the " + kafka.description());
            runExample(kafka.bootstrapServers());
        }
    }

    class MyKafkaTest {

        private static final KafkaCluster KAFKA = KafkaCluster.shared();

        @Test
        void roundTrips() {
            String topic = "my-test-" + UUID.randomUUID();   // the cluster is shared: one topic per test
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            // ... produce to and consume from topic with config
        }
    }

    @Test
    void survivesABrokerCrash(@TempDir Path dir) throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(dir)) {
            broker.start();                  // formats dir/data, then returns once the broker answers
            produceWithAcksAll(broker.bootstrapServers());
            broker.kill();                   // SIGKILL, waits for the exit
            broker.start();                  // same log directory and ports; ready in about 5 s
            verify(broker.bootstrapServers());
        }
    }

    private static void runExample(String bootstrapServers) {
    }

    private static void produceWithAcksAll(String bootstrapServers) {
    }

    private static void verify(String bootstrapServers) {
    }
}
