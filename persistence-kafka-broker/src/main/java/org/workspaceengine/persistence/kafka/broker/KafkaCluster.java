package org.workspaceengine.persistence.kafka.broker;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster to run against: one named by the environment, one in Docker, or a real single-node KRaft broker
 * started in this JVM.
 *
 * <p>{@link #resolve()} picks, in order:
 * <ol>
 *   <li>the cluster at {@value #BOOTSTRAP_SERVERS_ENV}, if that environment variable is set and not blank (nothing is
 *       started, and {@link #close()} stops nothing);</li>
 *   <li>Kafka in Docker, if the system property {@value #DOCKER_PROPERTY} is {@code true} and Testcontainers (the
 *       optional dependency {@code org.testcontainers:kafka}) finds Docker; the image is {@code apache/kafka} of the
 *       Kafka version this library is built with, or the one the system property {@value #DOCKER_IMAGE_PROPERTY}
 *       names;</li>
 *   <li>otherwise, a broker in this JVM ({@link #startEmbedded()}).</li>
 * </ol>
 *
 * <p>Tests share one cluster per JVM through {@link #shared()}. Examples own theirs:
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.resolve()) {
 *     run(kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe.
 */
public final class KafkaCluster implements AutoCloseable {

    /** The environment variable naming an existing cluster, as a {@code host:port[,host:port...]} list. */
    public static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    /** The system property that, when {@code true}, asks for Kafka in Docker through Testcontainers. */
    public static final String DOCKER_PROPERTY = "persistence.kafka.docker";

    /** The system property naming the Docker image to run instead of {@code apache/kafka} of the built-with version. */
    public static final String DOCKER_IMAGE_PROPERTY = "persistence.kafka.docker.image";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

    private static KafkaCluster shared; // guarded by KafkaCluster.class

    private final String bootstrapServers;
    private final String description;
    private final boolean embedded;
    private final Runnable stop; // what close() runs; null when it stops nothing
    private boolean closed; // guarded by this

    private KafkaCluster(String bootstrapServers, String description, boolean embedded, Runnable stop) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
        this.embedded = embedded;
        this.stop = stop;
    }

    /**
     * The cluster to use, chosen as the {@link KafkaCluster class description} says; it starts a broker or container
     * when the environment names no cluster. The caller closes it.
     *
     * @return the cluster to use, chosen as the {@link KafkaCluster class description} says; it starts a broker or
     *     container when the environment names no cluster
     * @throws KafkaBrokerException if the broker or container cannot be started
     */
    public static KafkaCluster resolve() {
        return resolve(System::getenv, System::getProperty);
    }

    /**
     * The cluster of this JVM: {@link #resolve() resolved} on the first call, and stopped by a shutdown hook when the
     * JVM exits. Its {@link #close()} does nothing, so that no user stops it for the others.
     *
     * @return the cluster of this JVM: {@link #resolve() resolved} on the first call, and stopped by a shutdown hook
     *     when the JVM exits
     * @throws KafkaBrokerException if the broker or container cannot be started; the next call tries again
     */
    public static synchronized KafkaCluster shared() {
        if (shared == null) {
            KafkaCluster cluster = resolve();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kafka-cluster-shutdown"));
            shared = new KafkaCluster(cluster.bootstrapServers, cluster.description, cluster.embedded, null);
        }
        return shared;
    }

    /**
     * Starts a new single-node KRaft broker in this JVM and returns once it answers clients. It listens on
     * {@code 127.0.0.1} only, on free ports, and keeps its data in a new temporary directory that {@link #close()}
     * deletes. Give the JVM at least 512 MB of heap.
     *
     * @return the running broker; close it to stop it
     * @throws KafkaBrokerException if the broker cannot be started or does not answer within 60 seconds
     */
    public static KafkaCluster startEmbedded() {
        long start = System.nanoTime();
        EmbeddedBroker broker = EmbeddedBroker.start();
        KafkaCluster cluster = new KafkaCluster(broker.bootstrapServers(),
                "embedded KRaft broker at " + broker.bootstrapServers(), true, broker::close);
        LOG.info("Started the {} in {} ms", cluster.description,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return cluster;
    }

    /**
     * The running cluster at {@code bootstrapServers}; nothing is started, and {@link #close()} stops nothing.
     *
     * @param bootstrapServers a {@code host:port[,host:port...]} list
     * @return the running cluster at {@code bootstrapServers}; nothing is started, and {@link #close()} stops nothing
     * @throws IllegalArgumentException if {@code bootstrapServers} is blank
     */
    public static KafkaCluster external(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        return externalCluster(bootstrapServers, "external cluster at " + bootstrapServers.strip());
    }

    /** {@link #resolve()} with the given environment and system properties. */
    static KafkaCluster resolve(UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        String servers = environment.apply(BOOTSTRAP_SERVERS_ENV);
        if (servers != null && !servers.isBlank()) {
            return externalCluster(
                    servers, "external cluster from " + BOOTSTRAP_SERVERS_ENV + " (" + servers.strip() + ")");
        }
        if (Boolean.parseBoolean(systemProperties.apply(DOCKER_PROPERTY))) {
            String image = Objects.requireNonNullElse(
                    systemProperties.apply(DOCKER_IMAGE_PROPERTY), DockerBroker.DEFAULT_IMAGE);
            Optional<DockerBroker> docker = DockerBroker.startIfAvailable(image);
            if (docker.isPresent()) {
                DockerBroker broker = docker.get();
                KafkaCluster cluster = new KafkaCluster(broker.bootstrapServers(),
                        "Kafka container " + broker.image() + " at " + broker.bootstrapServers(), false, broker::close);
                LOG.info("Started the {}", cluster.description);
                return cluster;
            }
            LOG.warn("{}=true but Docker is not available: starting an embedded broker instead", DOCKER_PROPERTY);
        }
        return startEmbedded();
    }

    private static KafkaCluster externalCluster(String bootstrapServers, String description) {
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is blank");
        }
        LOG.info("Using the {}", description);
        return new KafkaCluster(bootstrapServers.strip(), description, false, null);
    }

    /**
     * The address list for a client's {@code bootstrap.servers}, as {@code host:port[,host:port...]}.
     *
     * @return the address list for a client's {@code bootstrap.servers}, as {@code host:port[,host:port...]}
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * What this cluster is and where, for logs: for example {@code embedded KRaft broker at 127.0.0.1:40123} or
     * {@code external cluster from KAFKA_BOOTSTRAP_SERVERS (kafka:9092)}.
     *
     * @return what this cluster is and where, for logs: for example {@code embedded KRaft broker at 127.0.0.1:40123} or
     *     {@code external cluster from KAFKA_BOOTSTRAP_SERVERS (kafka:9092)}
     */
    public String description() {
        return description;
    }

    /**
     * Whether this is a broker running in this JVM, started by {@link #startEmbedded()} or {@link #resolve()}.
     *
     * @return whether this is a broker running in this JVM, started by {@link #startEmbedded()} or {@link #resolve()}
     */
    public boolean isEmbedded() {
        return embedded;
    }

    /**
     * Stops what this instance started: the embedded broker (waiting until it has shut down, then deleting its data)
     * or the container. Does nothing for an external or the {@link #shared()} cluster, or when called again.
     *
     * @throws KafkaBrokerException if the broker or container fails to stop
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || stop == null) {
                return;
            }
            closed = true;
        }
        stop.run();
        LOG.info("Stopped the {}", description);
    }

    /** The {@link #description()}. */
    @Override
    public String toString() {
        return description;
    }
}
