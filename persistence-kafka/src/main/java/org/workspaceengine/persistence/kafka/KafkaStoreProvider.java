package org.workspaceengine.persistence.kafka;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens {@code kafka:} URIs for {@link org.workspaceengine.persistence.Stores#open}:
 *
 * <pre>{@code
 * kafka://host:9092[,host:9092...]/topic?partitions=12&replicationFactor=3&minInsyncReplicas=2&saveTimeout=30s
 * }</pre>
 *
 * <p>Store options (all optional): {@code partitions}, {@code replicationFactor}, {@code minInsyncReplicas},
 * {@code maxRecordBytes} (integers), {@code saveTimeout}, {@code loadTimeout} (durations such as {@code 30s},
 * {@code 500ms}, {@code 2m}), {@code transactional}, {@code tombstonesForUnsets}, {@code allowNonCompactedTopic},
 * {@code readOnly} (booleans), as in {@link KafkaStore.Builder}; {@code readOnly=true} opens the store without
 * creating the topic or writing anything. Every option whose name contains a dot is a Kafka client property
 * ({@code security.protocol=SASL_SSL}, {@code client.id=my-service}); percent-encode values that contain
 * {@code &}, {@code =} or {@code +}. Unknown options are refused, and messages never show option values.
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
    public Store open(URI uri, EntityTypes entityTypes) {
        return builder(uri).entityTypes(entityTypes).build();
    }

    /**
     * The builder that {@code uri} describes, not yet built.
     *
     * @throws IllegalArgumentException if the URI is malformed or has an unknown option
     */
    static KafkaStore.Builder builder(URI uri) {
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
        KafkaStore.Builder builder = KafkaStore.builder().bootstrapServers(authority)
                .topic(URLDecoder.decode(topic, StandardCharsets.UTF_8));
        UriOptions options = UriOptions.of(uri);
        options.getInt("partitions").ifPresent(builder::partitions);
        options.getInt("replicationFactor").ifPresent(builder::replicationFactor);
        options.getInt("minInsyncReplicas").ifPresent(builder::minInsyncReplicas);
        options.getInt("maxRecordBytes").ifPresent(builder::maxRecordBytes);
        options.getDuration("saveTimeout").ifPresent(builder::saveTimeout);
        options.getDuration("loadTimeout").ifPresent(builder::loadTimeout);
        options.getBoolean("transactional").ifPresent(builder::transactional);
        options.getBoolean("tombstonesForUnsets").ifPresent(builder::tombstonesForUnsets);
        options.getBoolean("allowNonCompactedTopic").ifPresent(builder::allowNonCompactedTopic);
        options.getBoolean("readOnly").ifPresent(builder::readOnly);
        for (String key : optionNames(uri)) {
            if (key.contains(".")) {
                options.get(key).ifPresent(value -> builder.clientProperty(key, value));
            }
        }
        options.rejectUnknown();
        return builder;
    }

    private static Set<String> optionNames(URI uri) {
        Set<String> names = new LinkedHashSet<>();
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
