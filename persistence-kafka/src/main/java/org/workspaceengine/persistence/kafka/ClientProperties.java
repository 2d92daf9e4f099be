package org.workspaceengine.persistence.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * The user's Kafka client properties: which client each one goes to, and which ones are secrets that must never be
 * shown. A property is secret if Kafka declares it as a password ({@code sasl.jaas.config}, {@code ssl.*.password},
 * {@code ssl.keystore.key}...) or its name says so ({@link UriOptions#isSecret}: the rule of every store URI).
 */
final class ClientProperties {

    /** What secrets are shown as. */
    static final String HIDDEN = "[hidden]";

    private static final Set<String> PRODUCER = ProducerConfig.configNames();
    private static final Set<String> CONSUMER = ConsumerConfig.configNames();
    private static final Set<String> ADMIN = AdminClientConfig.configNames();
    private static final ConfigDef PRODUCER_DEFINITION = ProducerConfig.configDef();
    private static final ConfigDef CONSUMER_DEFINITION = ConsumerConfig.configDef();
    private static final ConfigDef ADMIN_DEFINITION = AdminClientConfig.configDef();

    private ClientProperties() {
    }

    /** The properties meant for a client knowing {@code known}: those it knows, and those no client knows. */
    private static Map<String, Object> select(Map<String, Object> properties, Set<String> known) {
        Map<String, Object> selected = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            boolean anyKnows = PRODUCER.contains(key) || CONSUMER.contains(key) || ADMIN.contains(key);
            if (known.contains(key) || !anyKnows) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    static Map<String, Object> forProducer(Map<String, Object> properties) {
        return select(properties, PRODUCER);
    }

    static Map<String, Object> forConsumer(Map<String, Object> properties) {
        return select(properties, CONSUMER);
    }

    static Map<String, Object> forAdmin(Map<String, Object> properties) {
        return select(properties, ADMIN);
    }

    /** Whether the value of {@code key} is a secret. */
    static boolean isSecret(String key) {
        if (isPasswordType(PRODUCER_DEFINITION, key) || isPasswordType(CONSUMER_DEFINITION, key)
                || isPasswordType(ADMIN_DEFINITION, key)) {
            return true;
        }
        return UriOptions.isSecret(key);
    }

    private static boolean isPasswordType(ConfigDef definition, String key) {
        ConfigDef.ConfigKey configKey = definition.configKeys().get(key);
        return configKey != null && configKey.type == ConfigDef.Type.PASSWORD;
    }

    /** {@code properties} sorted by name, secrets shown as {@value #HIDDEN}: safe to log or print. */
    static Map<String, String> redacted(Map<String, Object> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : String.valueOf(value)));
        return shown;
    }
}
