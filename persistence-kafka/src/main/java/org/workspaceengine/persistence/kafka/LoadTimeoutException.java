package org.workspaceengine.persistence.kafka;

import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * A {@link KafkaStore#load load} (or a namespace listing) did not read its partition to the end offset within the
 * store's load timeout, usually because the cluster is unreachable. The message names the namespace, the topic
 * partition, the offset reached and the end offset.
 */
public class LoadTimeoutException extends StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /** The namespace, in the serialized form. */
    private final String namespace;
    /** The topic, in the serialized form. */
    private final String topic;
    /** The partition, in the serialized form. */
    private final int partition;
    /** The position, in the serialized form. */
    private final long position;
    /** The end offset, in the serialized form. */
    private final long endOffset;

    /**
     * An exception for a read of {@code topic} partition {@code partition} for {@code namespace} that stopped at
     * {@code position} of {@code endOffset} (-1 where not known yet); {@code message} explains what happened.
     *
     * @param message what happened
     * @param namespace the namespace
     * @param topic the topic
     * @param partition the partition
     * @param position the position
     * @param endOffset the end offset
     * @param cause the underlying failure
     */
    public LoadTimeoutException(String message, String namespace, String topic, int partition, long position,
                                long endOffset, Throwable cause) {
        super(message, cause);
        this.namespace = namespace;
        this.topic = topic;
        this.partition = partition;
        this.position = position;
        this.endOffset = endOffset;
    }

    /**
     * The namespace being loaded, or null for a namespace listing.
     *
     * @return the namespace being loaded, or null for a namespace listing
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The topic read.
     *
     * @return the topic read
     */
    public String topic() {
        return topic;
    }

    /**
     * The partition read.
     *
     * @return the partition read
     */
    public int partition() {
        return partition;
    }

    /**
     * The offset the read had reached, or -1 if it had not started.
     *
     * @return the offset the read had reached, or -1 if it had not started
     */
    public long position() {
        return position;
    }

    /**
     * The end offset the read was going to, or -1 if it could not be fetched.
     *
     * @return the end offset the read was going to, or -1 if it could not be fetched
     */
    public long endOffset() {
        return endOffset;
    }
}
