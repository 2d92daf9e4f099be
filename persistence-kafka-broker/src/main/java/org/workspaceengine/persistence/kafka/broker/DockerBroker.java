package org.workspaceengine.persistence.kafka.broker;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a Docker container, run by Testcontainers' {@link KafkaContainer}.
 *
 * <p>Testcontainers ({@code org.testcontainers:kafka}) is an optional dependency: {@link #startIfAvailable} first
 * checks that it is on the class path, so without it this class is never linked against it and finds no Docker.
 */
final class DockerBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerBroker.class);

    /** The image run unless another is asked for: Kafka of the version this library is built with. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.4.0";

    private final KafkaContainer container;
    private final String image;

    private DockerBroker(KafkaContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    /** Whether Testcontainers' Kafka module is on the class path. */
    static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, DockerBroker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts a container of {@code image} if Testcontainers is on the class path and finds a Docker environment;
     * empty otherwise.
     */
    static Optional<DockerBroker> startIfAvailable(String image) {
        if (!testcontainersPresent()) {
            LOG.warn("Testcontainers is not on the class path: add org.testcontainers:kafka to use Docker");
            return Optional.empty();
        }
        return Docker.start(image);
    }

    /** The address clients connect to, as {@code host:port}. */
    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    /** The image the container runs. */
    String image() {
        return image;
    }

    /** Stops and removes the container. */
    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            throw new KafkaBrokerException("Cannot stop the Kafka container of " + image, e);
        }
    }

    /** What needs Testcontainers, in a class of its own: loaded only once it is known to be there. */
    private static final class Docker {
        private Docker() {
        }

        static Optional<DockerBroker> start(String image) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                throw new KafkaBrokerException("Testcontainers failed to look for Docker", e);
            }
            if (!available) {
                LOG.warn("Testcontainers finds no Docker environment");
                return Optional.empty();
            }
            KafkaContainer container;
            try {
                container = new KafkaContainer(image);
            } catch (RuntimeException e) {
                throw new KafkaBrokerException("Cannot create a Kafka container of " + image, e);
            }
            try {
                container.start();
                return Optional.of(new DockerBroker(container, image));
            } catch (RuntimeException e) {
                KafkaBrokerException failure = new KafkaBrokerException("Cannot start a Kafka container of " + image,
                        e);
                try {
                    container.stop();
                } catch (RuntimeException stopFailure) {
                    failure.addSuppressed(stopFailure);
                }
                throw failure;
            }
        }
    }
}
