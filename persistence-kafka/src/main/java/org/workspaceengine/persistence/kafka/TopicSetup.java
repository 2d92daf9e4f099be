package org.workspaceengine.persistence.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * The store's topic, reached on first use: the first operation that needs it checks that it exists and is compacted
 * (creating it if absent, unless the store is read-only), within that operation's own deadline. Until a check
 * succeeds every operation tries again, so a store opened while the cluster is down works once it is back; after
 * that, the answer is kept. Building a store never waits for the cluster.
 *
 * <p>Thread-safe: one check runs at a time; operations that arrive meanwhile wait for it, each within its deadline.
 */
final class TopicSetup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /**
     * What a store needs to know of its topic.
     *
     * @param partitions its number of partitions; 0 if it does not exist (only a read-only store accepts that)
     * @param maxMessageBytes its {@code max.message.bytes}, the largest record batch the broker accepts; 0 if unknown
     * @param topicId the id Kafka gave the topic when it was created (a topic deleted and created again has a new
     *     one); empty if unknown
     */
    record Topic(int partitions, int maxMessageBytes, String topicId) {
    }

    /** How to create the topic when it is absent; null for a read-only store, which never creates it. */
    record Creation(int partitions, Integer replicationFactor, Integer minInsyncReplicas, int maxMessageBytes) {
    }

    private final String topic;
    private final String servers;
    private final Map<String, Object> adminConfig;
    private final Creation creation;
    private final boolean allowNonCompacted;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Topic known;
    private Admin admin; // guarded by this; created on the first check, closed once the topic is known
    private boolean closed; // guarded by this

    TopicSetup(String topic, String servers, Map<String, Object> adminConfig, Creation creation,
               boolean allowNonCompacted) {
        this.topic = topic;
        this.servers = servers;
        this.adminConfig = new HashMap<>(adminConfig);
        this.creation = creation;
        this.allowNonCompacted = allowNonCompacted;
    }

    /** The topic, if a check has succeeded; null before. */
    Topic known() {
        return known;
    }

    /**
     * The topic, checked (and created if absent) now unless an earlier check succeeded.
     *
     * @param deadline the operation's deadline ({@link System#nanoTime()})
     * @param timeout the operation's timeout, for messages
     * @throws StoreUnavailableException if the cluster does not answer before the deadline, or answers with a
     *     retriable error
     * @throws IncompatibleTopicException if the topic exists with a cleanup policy other than {@code compact}
     * @throws PersistenceException if the cluster refuses (not authorized, invalid settings)
     */
    Topic require(long deadline, Duration timeout) {
        Topic topicFound = known;
        if (topicFound != null) {
            return topicFound;
        }
        try {
            if (!checking.tryLock(Math.max(0, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS)) {
                throw unavailable("describing", "no answer within " + Deadlines.format(timeout)
                        + " (another operation was still checking the topic)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while waiting to check Kafka topic '" + topic + "'", e);
        }
        try {
            if (known != null) {
                return known;
            }
            Topic checked = check(admin(), deadline, timeout);
            known = checked;
            closeAdmin();
            return checked;
        } finally {
            checking.unlock();
        }
    }

    /** Closes the admin client at once, abandoning a check in progress (its operation fails). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        closeAdmin();
    }

    private Topic check(Admin client, long deadline, Duration timeout) {
        TopicDescription existing = describe(client, deadline, timeout);
        if (existing == null) {
            if (creation == null) {
                LOG.info("Kafka topic '{}' does not exist; the read-only store reads it as empty", topic);
                return new Topic(0, 0, "");
            }
            Topic created = create(client, deadline, timeout);
            if (created != null) {
                return created;
            }
            existing = describe(client, deadline, timeout); // created concurrently by another client
            if (existing == null) {
                throw new StoreUnavailableException("creating Kafka topic '" + topic + "' at " + servers
                        + " failed: it exists, but cannot be described yet");
            }
        }
        int maxMessageBytes = checkPolicy(client, deadline, timeout);
        int partitions = existing.partitions().size();
        if (creation != null && partitions != creation.partitions()) {
            LOG.debug("Kafka topic '{}' exists with {} partitions; using them", topic, partitions);
        }
        return new Topic(partitions, maxMessageBytes, idOf(existing.topicId()));
    }

    /** Creates the topic; null if another client created it meanwhile. */
    private Topic create(Admin client, long deadline, Duration timeout) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(creation.maxMessageBytes()));
        if (creation.minInsyncReplicas() != null) {
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(creation.minInsyncReplicas()));
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(creation.partitions()),
                Optional.ofNullable(creation.replicationFactor()).map(Integer::shortValue)).configs(configs);
        try {
            CreateTopicsResult result = client.createTopics(List.of(newTopic),
                    new CreateTopicsOptions().timeoutMs(millisLeft(deadline)));
            int created = await(result.numPartitions(topic), deadline, timeout, "creating");
            Uuid id = await(result.topicId(topic), deadline, timeout, "creating");
            LOG.info("created Kafka topic '{}' with {} partitions and cleanup.policy=compact", topic, created);
            return new Topic(created, creation.maxMessageBytes(), idOf(id));
        } catch (PersistenceException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return null;
            }
            throw e;
        }
    }

    private TopicDescription describe(Admin client, long deadline, Duration timeout) {
        try {
            return await(client.describeTopics(Set.of(topic),
                    new DescribeTopicsOptions().timeoutMs(millisLeft(deadline))).allTopicNames(), deadline, timeout,
                    "describing").get(topic);
        } catch (PersistenceException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /** Checks the cleanup policy; returns the topic's {@code max.message.bytes}, or 0 if unknown. */
    private int checkPolicy(Admin client, long deadline, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(client.describeConfigs(Set.of(resource),
                new DescribeConfigsOptions().timeoutMs(millisLeft(deadline))).all(), deadline, timeout,
                "reading the configuration of").get(resource);
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

    private synchronized Admin admin() {
        if (closed) {
            throw new StoreClosedException("Kafka store on topic '" + topic + "'");
        }
        if (admin == null) {
            try {
                admin = Admin.create(adminConfig);
            } catch (KafkaException e) {
                throw ClientFailures.creating("admin client", topic, servers, e);
            }
        }
        return admin;
    }

    private void closeAdmin() {
        Admin toClose;
        synchronized (this) {
            toClose = admin;
            admin = null;
        }
        if (toClose != null) {
            try {
                toClose.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the admin client of Kafka topic '{}' failed", topic, e);
            }
        }
    }

    private static String idOf(Uuid id) {
        return id == null || Uuid.ZERO_UUID.equals(id) ? "" : id.toString();
    }

    private static int millisLeft(long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(Deadlines.remainingNanos(deadline))));
    }

    private <T> T await(KafkaFuture<T> future, long deadline, Duration timeout, String doing) {
        try {
            return future.get(Math.max(1, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while " + doing + " Kafka topic '" + topic + "'", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unavailable(doing, "no answer within " + Deadlines.format(timeout), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unavailable(doing, "no answer within " + Deadlines.format(timeout), cause);
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
