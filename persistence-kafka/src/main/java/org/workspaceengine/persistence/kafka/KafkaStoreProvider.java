package org.workspaceengine.persistence.kafka;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.spi.StoreOptions;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens {@code kafka:} URIs for {@link org.workspaceengine.persistence.Stores#open}:
 *
 * <pre>{@code
 * kafka://host:9092[,host:9092...]/topic?partitions=12&replicationFactor=3&minInsyncReplicas=2&saveTimeout=30s
 * }</pre>
 *
 * <p>Store options (all optional) are those of the builder, by the same names ({@code partitions},
 * {@code saveTimeout=30s}, {@code readOnly=true}, ...: see the README's table); {@code readOnly=true} opens the store
 * without creating the topic or writing anything. Every option whose name contains a dot is a Kafka client property
 * ({@code security.protocol=SASL_SSL}, {@code client.id=my-service}); percent-encode values that contain
 * {@code &}, {@code =} or {@code +}. Unknown options are refused; messages never show the values of secret options
 * ({@link UriOptions#isSecret}).
 *
 * <p>Opening does not contact the cluster (see {@link KafkaStore}): the store's first operation checks the topic.
 */
public final class KafkaStoreProvider implements StoreProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public KafkaStoreProvider() {
    }

    @Override
    public String scheme() {
        return "kafka";
    }

    @Override
    public StoreOptions<?> options() {
        return KafkaStoreOptions.ALL;
    }

    @Override
    public Store open(URI uri, EntityTypes entityTypes) {
        return builder(uri).entityTypes(entityTypes).build();
    }

    /**
     * The builder that {@code uri} describes, not yet built.
     *
     * @throws IllegalArgumentException if the URI is malformed or has an unknown option
     */
    static KafkaStoreBuilder builder(URI uri) {
        String shown = UriOptions.redacted(uri);
        if (!"kafka".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            throw new IllegalArgumentException("not a kafka://host:port/topic URI: " + shown);
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new IllegalArgumentException("store URI " + shown + " names no broker: use kafka://host:9092/topic");
        }
        if (authority.contains("@")) {
            throw new IllegalArgumentException("store URI kafka://***@.../ carries credentials in its authority; "
                    + "pass them as client properties instead (sasl.jaas.config=...)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String topic = path.startsWith("/") ? path.substring(1) : path;
        if (topic.isEmpty() || topic.contains("/")) {
            throw new IllegalArgumentException("store URI " + shown
                    + " must name one topic as its path: kafka://host:9092/topic");
        }
        KafkaStoreBuilder builder = KafkaStore.builder().bootstrapServers(authority)
                .topic(URLDecoder.decode(topic, StandardCharsets.UTF_8));
        UriOptions options = UriOptions.of(uri);
        KafkaStoreOptions.ALL.apply(options, builder);
        for (String name : options.names()) {
            if (name.contains(".")) { // a Kafka client property
                options.get(name).ifPresent(value -> builder.clientProperty(name, value));
            }
        }
        options.rejectUnknown();
        return builder;
    }
}
