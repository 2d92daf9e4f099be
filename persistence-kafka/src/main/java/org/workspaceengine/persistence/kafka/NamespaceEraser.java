package org.workspaceengine.persistence.kafka;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * {@link KafkaStore#deleteNamespace}: holding the namespace's exclusive {@link NamespaceLocks lock}, it reads the
 * namespace's partition to its end offset for the keys whose latest record is not a tombstone already (keys only: no
 * value is parsed), and writes a tombstone for each to that partition (one transaction in transactional mode), all
 * within the save timeout. The broker's compaction then removes the namespace's records, and its tombstones after
 * {@code delete.retention.ms}. Thread-safe.
 */
final class NamespaceEraser {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceEraser.class);

    private final String topic;
    private final String bootstrapServers;
    private final Duration saveTimeout;
    private final PartitionReader keys;
    private final RecordWriter writer;
    private final NamespaceLocks locks;

    /**
     * @param keys the reader of the keys to tombstone, whose timeout is the save timeout
     * @param writer the store's writer, which writes the tombstones
     * @param locks the locks the writer's saves take too
     */
    NamespaceEraser(String topic, String bootstrapServers, Duration saveTimeout, PartitionReader keys,
                    RecordWriter writer, NamespaceLocks locks) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.saveTimeout = saveTimeout;
        this.keys = keys;
        this.writer = writer;
        this.locks = locks;
    }

    /** Deletes the valid {@code namespace} of a writable store; see {@link KafkaStore#deleteNamespace}. */
    void delete(String namespace) {
        long deadline = Deadlines.after(saveTimeout);
        String deleting = "deleting namespace '" + namespace + "' from Kafka topic '" + topic + "' at "
                + bootstrapServers;
        NamespaceLocks.Held held;
        try {
            held = locks.exclusive(namespace, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted before " + deleting + ": nothing was deleted", e);
        }
        if (held == null) {
            throw new StoreUnavailableException(deleting + " did not start within the save timeout of "
                    + Deadlines.format(saveTimeout) + ": saves to the namespace through this store were still "
                    + "waiting for acknowledgements (is the cluster reachable?); nothing was deleted");
        }
        try {
            PartitionReader.NamespaceKeys live;
            try {
                live = keys.liveKeys(namespace, deadline);
            } catch (StoreUnavailableException e) {
                throw new StoreUnavailableException(deleting + " failed: its keys could not be read: "
                        + e.getMessage() + "; nothing was deleted", e);
            }
            writer.writeTombstones(namespace, live.partition(), live.keys(), deadline);
            LOG.debug("deleted namespace '{}' from Kafka topic '{}': {} tombstones", namespace, topic,
                    live.keys().size());
        } finally {
            held.close();
        }
    }
}
