package org.workspaceengine.persistence.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;

/** The tests' broker (KAFKA_BOOTSTRAP_SERVERS, else one in-JVM KRaft broker) and small admin helpers. */
final class Brokers {

    private Brokers() {
    }

    /** The bootstrap servers of this JVM's shared cluster. */
    static String servers() {
        return KafkaCluster.shared().bootstrapServers();
    }

    /** A topic name no other test uses. */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A builder for the shared cluster and a fresh topic. */
    static KafkaStoreBuilder storeOnFreshTopic(String prefix) {
        return KafkaStore.builder().bootstrapServers(servers()).topic(uniqueTopic(prefix));
    }

    static Admin admin(String servers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    }

    /** Creates {@code topic} with {@code configs} on {@code servers}. */
    static void createTopic(String servers, String topic, int partitions, Map<String, String> configs)
            throws Exception {
        try (Admin admin = admin(servers)) {
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    /** Sets {@code key} to {@code value} in the configuration of {@code topic}. */
    static void setTopicConfig(String servers, String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin(servers)) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                    AlterConfigOp.OpType.SET)))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** The configuration of {@code topic}, read back from the broker. */
    static Config topicConfig(String servers, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin(servers)) {
            return admin.describeConfigs(Set.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
        }
    }
}
