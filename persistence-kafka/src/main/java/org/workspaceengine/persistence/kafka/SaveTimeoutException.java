package org.workspaceengine.persistence.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * A {@link KafkaStore#save save} (or a {@link KafkaStore#deleteNamespace namespace deletion}, whose records are
 * tombstones) did not get every record acknowledged within the store's save timeout, usually because the cluster is
 * unreachable. The message names each namespace and how many of its records were not acknowledged.
 *
 * <p>Records that were not acknowledged may still be written later (the producer keeps retrying them until its
 * {@code delivery.timeout.ms}); saving the same changes again is safe, since equal versions of an entity load as
 * one.
 */
public class SaveTimeoutException extends StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /** The topic, in the serialized form. */
    private final String topic;
    /** The records, in the serialized form. */
    private final int records;
    /** The unacknowledged, in the serialized form. */
    private final LinkedHashMap<String, Integer> unacknowledged;

    /**
     * An exception for a save of {@code records} records to {@code topic}, of which {@code unacknowledged} (per
     * namespace) were not acknowledged; {@code message} explains what happened.
     *
     * @param message what happened
     * @param topic the topic
     * @param records the records
     * @param unacknowledged the unacknowledged
     * @param cause the underlying failure
     */
    public SaveTimeoutException(String message, String topic, int records, Map<String, Integer> unacknowledged,
                                Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.records = records;
        this.unacknowledged = new LinkedHashMap<>(unacknowledged);
    }

    /**
     * The topic saved to.
     *
     * @return the topic saved to
     */
    public String topic() {
        return topic;
    }

    /**
     * The number of records the save sent or tried to send.
     *
     * @return the number of records the save sent or tried to send
     */
    public int records() {
        return records;
    }

    /**
     * The number of records not acknowledged, per namespace, in the order of the save.
     *
     * @return the number of records not acknowledged, per namespace, in the order of the save
     */
    public Map<String, Integer> unacknowledgedByNamespace() {
        return Collections.unmodifiableMap(unacknowledged);
    }

    /**
     * The total number of records not acknowledged.
     *
     * @return the total number of records not acknowledged
     */
    public int unacknowledgedRecords() {
        return unacknowledged.values().stream().mapToInt(Integer::intValue).sum();
    }
}
