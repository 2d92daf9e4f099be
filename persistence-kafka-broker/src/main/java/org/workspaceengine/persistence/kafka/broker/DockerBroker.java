package org.workspaceengine.persistence.kafka.broker;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka in a Docker container, run by Testcontainers' {@code org.testcontainers.kafka.KafkaContainer}.
 *
 * <p>Testcontainers ({@code org.testcontainers:kafka}) is an optional dependency, so it is used by reflection: without
 * it on the class path this class still loads and {@link #startIfAvailable(String)} finds no Docker.
 */
final class DockerBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DockerBroker.class);

    /** The image run unless another is asked for: Kafka of the version this library is built with. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.4.0";

    private static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";
    private static final String KAFKA_CONTAINER = "org.testcontainers.kafka.KafkaContainer";

    private final Object container;
    private final String image;
    private final String bootstrapServers;

    private DockerBroker(Object container, String image, String bootstrapServers) {
        this.container = container;
        this.image = image;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a container of {@code image} if Testcontainers is on the class path and finds a Docker environment;
     * empty otherwise.
     */
    static Optional<DockerBroker> startIfAvailable(String image) {
        Class<?> containerClass;
        try {
            Class<?> factoryClass = Class.forName(DOCKER_CLIENT_FACTORY);
            Object factory = factoryClass.getMethod("instance").invoke(null);
            if (!(Boolean) factoryClass.getMethod("isDockerAvailable").invoke(factory)) {
                LOG.warn("Testcontainers finds no Docker environment");
                return Optional.empty();
            }
            containerClass = Class.forName(KAFKA_CONTAINER);
        } catch (ClassNotFoundException e) {
            LOG.warn("Testcontainers is not on the class path: add org.testcontainers:kafka to use Docker");
            return Optional.empty();
        } catch (InvocationTargetException e) {
            throw new KafkaBrokerException("Testcontainers failed to look for Docker", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
        Object container;
        try {
            container = containerClass.getConstructor(String.class).newInstance(image);
        } catch (InvocationTargetException e) {
            throw new KafkaBrokerException("Cannot create a Kafka container of " + image, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
        try {
            containerClass.getMethod("start").invoke(container);
            String bootstrapServers = (String) containerClass.getMethod("getBootstrapServers").invoke(container);
            return Optional.of(new DockerBroker(container, image, bootstrapServers));
        } catch (ReflectiveOperationException e) {
            KafkaBrokerException failure = e instanceof InvocationTargetException thrown
                    ? new KafkaBrokerException("Cannot start a Kafka container of " + image, thrown.getCause())
                    : incompatible(e);
            try {
                stop(container);
            } catch (RuntimeException stopFailure) {
                failure.addSuppressed(stopFailure);
            }
            throw failure;
        }
    }

    /** The address clients connect to, as {@code host:port}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The image the container runs. */
    String image() {
        return image;
    }

    /** Stops and removes the container. */
    @Override
    public void close() {
        stop(container);
    }

    private static void stop(Object container) {
        try {
            container.getClass().getMethod("stop").invoke(container);
        } catch (InvocationTargetException e) {
            throw new KafkaBrokerException("Cannot stop the Kafka container", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static KafkaBrokerException incompatible(ReflectiveOperationException e) {
        return new KafkaBrokerException("Testcontainers on the class path is not the expected version: " + e, e);
    }
}
