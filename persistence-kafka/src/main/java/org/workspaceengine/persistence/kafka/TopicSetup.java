package org.workspaceengine.persistence.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * Creates the store's topic if absent, or checks that the existing one is compacted; with an admin client. A
 * read-only store only checks ({@link #existingTopic}).
 */
final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private final String topic;
    private final String servers;
    private final Map<String, Object> adminConfig;
    private final Duration timeout;

    TopicSetup(String topic, String servers, Map<String, Object> adminConfig, Duration timeout) {
        this.topic = topic;
        this.servers = servers;
        this.adminConfig = new HashMap<>(adminConfig);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.adminConfig.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        this.adminConfig.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 30_000));
        this.timeout = timeout;
    }

    /**
     * What a store needs to know of its topic.
     *
     * @param partitions its number of partitions; 0 if it does not exist
     * @param maxMessageBytes its {@code max.message.bytes}, the largest record batch the broker accepts; 0 if unknown
     */
    record Topic(int partitions, int maxMessageBytes) {
    }

    /**
     * Makes sure the topic exists and is compacted (unless {@code allowNonCompacted}).
     */
    Topic ensureTopic(int partitions, Integer replicationFactor, Integer minInsyncReplicas, int maxRecordBytes,
                    boolean allowNonCompacted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig)) {
            TopicDescription existing = describe(admin, deadline);
            if (existing == null) {
                Map<String, String> configs = new HashMap<>();
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes));
                if (minInsyncReplicas != null) {
                    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
                }
                NewTopic newTopic = new NewTopic(topic, Optional.of(partitions),
                        Optional.ofNullable(replicationFactor).map(Integer::shortValue)).configs(configs);
                try {
                    int created = await(admin.createTopics(List.of(newTopic)).numPartitions(topic), deadline,
                            "creating");
                    LOG.info("created Kafka topic '{}' with {} partitions and cleanup.policy=compact", topic, created);
                    return new Topic(created, maxRecordBytes);
                } catch (PersistenceException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing = describe(admin, deadline); // created concurrently by another client
                    if (existing == null) {
                        throw e;
                    }
                }
            }
            int maxMessageBytes = checkPolicy(admin, deadline, allowNonCompacted);
            if (existing.partitions().size() != partitions) {
                LOG.debug("Kafka topic '{}' exists with {} partitions; using them", topic,
                        existing.partitions().size());
            }
            return new Topic(existing.partitions().size(), maxMessageBytes);
        }
    }

    /** Checks the existing topic's policy like {@link #ensureTopic} but never creates it. */
    Topic existingTopic(boolean allowNonCompacted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig)) {
            TopicDescription existing = describe(admin, deadline);
            if (existing == null) {
                LOG.info("Kafka topic '{}' does not exist; the read-only store reads it as empty", topic);
                return new Topic(0, 0);
            }
            int maxMessageBytes = checkPolicy(admin, deadline, allowNonCompacted);
            return new Topic(existing.partitions().size(), maxMessageBytes);
        }
    }

    private TopicDescription describe(Admin admin, long deadline) {
        try {
            return await(admin.describeTopics(Set.of(topic)).allTopicNames(), deadline, "describing").get(topic);
        } catch (PersistenceException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /** Checks the cleanup policy; returns the topic's {@code max.message.bytes}, or 0 if unknown. */
    private int checkPolicy(Admin admin, long deadline, boolean allowNonCompacted) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(Set.of(resource)).all(), deadline, "reading the configuration of")
                .get(resource);
        ConfigEntry entry = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String policy = entry == null || entry.value() == null ? "(unknown)" : entry.value().trim();
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            if (!allowNonCompacted) {
                throw new IncompatibleTopicException(topic, policy);
            }
            LOG.warn("Kafka topic '{}' has cleanup.policy={}, not compact; allowed by allowNonCompactedTopic, but "
                    + "the broker may drop saved changes after the retention time", topic, policy);
        }
        ConfigEntry maxMessageBytes = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        try {
            return maxMessageBytes == null || maxMessageBytes.value() == null ? 0
                    : Integer.parseInt(maxMessageBytes.value().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private <T> T await(KafkaFuture<T> future, long deadline, String doing) {
        try {
            return future.get(Math.max(1, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while " + doing + " Kafka topic '" + topic + "'", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unavailable(doing, "no answer within " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unavailable(doing, "no answer within " + timeout, cause);
            }
            String message = doing + " Kafka topic '" + topic + "' at " + servers + " failed: " + cause.getMessage();
            if (cause instanceof RetriableException && !(cause instanceof UnknownTopicOrPartitionException)) {
                throw new StoreUnavailableException(message, cause);
            }
            throw new PersistenceException(message, cause);
        }
    }

    private StoreUnavailableException unavailable(String doing, String why, Throwable cause) {
        return new StoreUnavailableException(doing + " Kafka topic '" + topic + "' at " + servers + " failed: " + why
                + ": is the cluster reachable?", cause);
    }
}
