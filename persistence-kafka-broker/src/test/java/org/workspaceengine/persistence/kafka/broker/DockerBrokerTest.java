package org.workspaceengine.persistence.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

/** The Testcontainers broker, where a Docker engine runs; skipped, saying why, where none does (as in CI here). */
@Timeout(300)
class DockerBrokerTest {

    @Test
    void aContainerBrokerStartsAnswersAndStops() throws Exception {
        assumeTrue(DockerBroker.testcontainersPresent(), "Testcontainers is not on the test class path");
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine here, so the Testcontainers broker is not tried (the in-JVM broker is)");

        Optional<DockerBroker> started = DockerBroker.startIfAvailable(DockerBroker.DEFAULT_IMAGE);

        assertThat(started).isPresent();
        try (DockerBroker broker = started.get()) {
            assertThat(broker.bootstrapServers()).contains(":");
            Clients.createTopic(broker.bootstrapServers(), "docker-test");
            Clients.produce(broker.bootstrapServers(), "docker-test", List.of("hello"));
            assertThat(Clients.consume(broker.bootstrapServers(), "docker-test", 1)).containsExactly("hello");
        }
    }
}
