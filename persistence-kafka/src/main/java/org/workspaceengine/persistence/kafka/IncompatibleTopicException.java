package org.workspaceengine.persistence.kafka;

import org.workspaceengine.persistence.PersistenceException;

/**
 * The store's topic exists with a configuration the store refuses: its {@code cleanup.policy} is not exactly
 * {@code compact}. With {@code delete} (alone or with {@code compact}) the broker removes records after the
 * retention time, so saved changes would silently disappear. Fix the topic, or opt out with
 * {@link KafkaStoreBuilder#allowNonCompactedTopic(boolean)}.
 */
public class IncompatibleTopicException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The topic, in the serialized form. */
    private final String topic;
    /** The cleanup policy, in the serialized form. */
    private final String cleanupPolicy;

    /**
     * An exception for {@code topic}, whose cleanup policy is {@code cleanupPolicy}.
     *
     * @param topic the topic
     * @param cleanupPolicy the cleanup policy
     */
    public IncompatibleTopicException(String topic, String cleanupPolicy) {
        super("Kafka topic '" + topic + "' has cleanup.policy=" + cleanupPolicy + ", but the store needs exactly "
                + "cleanup.policy=compact: with 'delete' the broker drops saved changes after the retention time. "
                + "Alter the topic (kafka-configs --alter --entity-type topics --entity-name " + topic
                + " --add-config cleanup.policy=compact), use another topic, or opt out with "
                + "allowNonCompactedTopic(true) / allowNonCompactedTopic=true");
        this.topic = topic;
        this.cleanupPolicy = cleanupPolicy;
    }

    /**
     * The topic.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * The topic's {@code cleanup.policy} as the broker reports it.
     *
     * @return the topic's {@code cleanup.policy} as the broker reports it
     */
    public String cleanupPolicy() {
        return cleanupPolicy;
    }
}
