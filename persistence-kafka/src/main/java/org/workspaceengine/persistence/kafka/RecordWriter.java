package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The writing half of a {@link KafkaStore}: turns changes into records, sends them with the store's one producer
 * (idempotent, or transactional and then one save at a time) and waits until all are acknowledged, failing within
 * the save timeout with an exception that counts what was not acknowledged per namespace. It writes the tombstones of
 * a {@linkplain NamespaceEraser namespace deletion} the same way. Thread-safe.
 *
 * <p>A save is {@linkplain #prepare prepared} without contacting the cluster: every change is encoded and checked
 * against the record-size limit known then. Its {@linkplain #commit commit} reaches the topic (checking it on first
 * use, within the save's deadline), checks the sizes again if the topic's own {@code max.message.bytes} turned out
 * smaller, computes each record's partition from the topic's partition count, and only then sends anything.
 */
final class RecordWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);
    /** From this many changes on, a save encodes them on the common fork-join pool. */
    private static final int PARALLEL_ENCODE_MIN = 256;

    private final String topic;
    private final TopicSetup topicSetup;
    private final String bootstrapServers;
    private final Duration saveTimeout;
    private final boolean transactional;
    private final boolean tombstonesForUnsets;
    private final WireFormat wireFormat;
    private final Map<String, Object> producerConfig;
    private final ConsumerPool consumers;
    private final String storeDescription;
    private final RecordLimit clientLimit;
    private final NamespaceLocks locks;
    private final Object producerGuard = new Object();
    private final ReentrantLock transactionLock = new ReentrantLock();
    private Producer<byte[], byte[]> producer; // guarded by producerGuard; null until created or after discarding
    private volatile boolean closed; // written under producerGuard

    /**
     * The largest record a save may write, in bytes (its {@link RecordSizes#upperBound}), and where that limit comes
     * from, for messages.
     */
    record RecordLimit(int bytes, String source) {
    }

    /**
     * The encoded records of a save, checked against {@code limit}, to {@link #commit} later; {@code stripes} are the
     * {@link NamespaceLocks} stripes of its namespaces.
     */
    record Prepared(Changes changes, byte[][] keys, byte[][] values, int limit, long stripes) {
    }

    /** The bytes of a prepared save's keys and values (a tombstone's value has none). */
    static long bytes(Prepared prepared) {
        long bytes = 0;
        for (int i = 0; i < prepared.keys().length; i++) {
            bytes += prepared.keys()[i].length + (prepared.values()[i] == null ? 0 : prepared.values()[i].length);
        }
        return bytes;
    }

    /**
     * @param clientLimit the limit the store's settings set ({@code maxRecordBytes}, the producer's
     *     {@code max.request.size}); the topic's {@code max.message.bytes} lowers it once known
     */
    RecordWriter(String topic, TopicSetup topicSetup, String bootstrapServers, Duration saveTimeout,
                 boolean transactional, boolean tombstonesForUnsets, WireFormat wireFormat,
                 Map<String, Object> producerConfig, ConsumerPool consumers, String storeDescription,
                 RecordLimit clientLimit, NamespaceLocks locks) {
        this.topic = topic;
        this.topicSetup = topicSetup;
        this.bootstrapServers = bootstrapServers;
        this.saveTimeout = saveTimeout;
        this.transactional = transactional;
        this.tombstonesForUnsets = tombstonesForUnsets;
        this.wireFormat = wireFormat;
        this.producerConfig = producerConfig;
        this.consumers = consumers;
        this.storeDescription = storeDescription;
        this.clientLimit = clientLimit;
        this.locks = locks;
    }

    /** The record-size limit known now: the client's, or the topic's {@code max.message.bytes} once known if less. */
    RecordLimit limit() {
        return limit(topicSetup.known());
    }

    private RecordLimit limit(TopicSetup.Topic known) {
        if (known != null && known.maxMessageBytes() > 0 && known.maxMessageBytes() < clientLimit.bytes()) {
            return new RecordLimit(known.maxMessageBytes(), "max.message.bytes of topic '" + topic + "'");
        }
        return clientLimit;
    }

    /**
     * The records of {@code changes}, encoded and checked against the size limit known now, without contacting the
     * cluster.
     *
     * @throws RejectedChangeException if a change does not encode, or its record is larger than the limit
     */
    Prepared prepare(Changes changes) {
        RecordLimit limit = limit();
        byte[][] keys = new byte[changes.size()][];
        byte[][] values = new byte[changes.size()][];
        encode(changes, keys, values, limit);
        return new Prepared(changes, keys, values, limit.bytes(), NamespaceLocks.stripesOf(changes));
    }

    /**
     * Sends the records of a {@link #prepare prepared} save and waits for their acknowledgement, all within the save
     * timeout, topic check included. From before it sends until every record is acknowledged it holds the shared
     * {@link NamespaceLocks locks} of its namespaces, so that it lands wholly before or after a deletion of one.
     *
     * @throws RejectedChangeException if the topic's {@code max.message.bytes}, learned now, is smaller than a record
     *     (nothing is sent)
     */
    void commit(Prepared prepared) {
        long deadline = Deadlines.after(saveTimeout);
        Changes changes = prepared.changes();
        SentRecords.Batch batch = SentRecords.Batch.save(changes);
        TopicSetup.Topic target;
        try {
            target = topicSetup.require(deadline, saveTimeout);
        } catch (StoreUnavailableException e) {
            throw sent(batch).timeout().fail(e).failure(" (the topic could not be checked)");
        }
        RecordLimit limit = limit(target);
        if (limit.bytes() < prepared.limit()) {
            for (int i = 0; i < changes.size(); i++) {
                checkSize(changes.get(i), prepared.keys()[i], prepared.values()[i], limit);
            }
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(changes.size());
        Map<String, Integer> partitions = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            int partition = partitions.computeIfAbsent(changes.get(i).namespace(),
                    namespace -> NamespacePartitioner.partition(namespace, target.partitions()));
            records.add(new ProducerRecord<>(topic, partition, prepared.keys()[i], prepared.values()[i]));
        }
        NamespaceLocks.Held held = shared(batch, prepared.stripes(), deadline);
        try {
            write(batch, records, deadline);
        } finally {
            held.close();
        }
    }

    /**
     * Writes a tombstone (a record without a value) for each of {@code keys} of {@code namespace} to
     * {@code partition}, all in one transaction in transactional mode, and waits until every one is acknowledged
     * (in transactional mode: visible to read-committed readers), before {@code deadline}. Writes nothing for no keys.
     * The caller holds the namespace's exclusive {@link NamespaceLocks lock}.
     */
    void writeTombstones(String namespace, int partition, List<byte[]> keys, long deadline) {
        if (keys.isEmpty()) {
            return;
        }
        SentRecords.Batch batch = SentRecords.Batch.deletion(namespace, keys.size());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            records.add(new ProducerRecord<>(topic, partition, key, null));
        }
        write(batch, records, deadline);
    }

    /** Sends {@code records}, in one transaction in transactional mode, and waits for every acknowledgement. */
    private void write(SentRecords.Batch batch, List<ProducerRecord<byte[], byte[]>> records, long deadline) {
        if (transactional) {
            writeInTransaction(batch, records, deadline);
        } else {
            SentRecords sent = send(idempotentProducer(batch), batch, records, deadline);
            if (!sent.allAcknowledged()) {
                throw sent.failure(batch.partly());
            }
        }
    }

    /** The shared locks of a save's namespaces, taken before {@code deadline}, or the save's failure. */
    private NamespaceLocks.Held shared(SentRecords.Batch batch, long stripes, long deadline) {
        NamespaceLocks.Held held;
        try {
            held = locks.shared(stripes, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted before saving " + batch.namespaces().size() + " records of "
                    + batch.describe() + " to Kafka topic '" + topic + "'", e);
        }
        if (held == null) {
            throw sent(batch).timeout().failure(" (still waiting for a deletion of a namespace it saves to)");
        }
        return held;
    }

    /** Closes the producer, waiting up to the save timeout for records still in flight; later saves fail. */
    void close() {
        Producer<byte[], byte[]> toClose;
        synchronized (producerGuard) {
            closed = true;
            toClose = producer;
            producer = null;
        }
        try {
            if (toClose != null) {
                toClose.close(saveTimeout);
            }
        } catch (RuntimeException e) {
            LOG.warn("closing the Kafka producer of topic '{}' failed: {}", topic, e.getMessage());
        }
    }

    /** A record of the write of {@code batch}, to count what is acknowledged. */
    private SentRecords sent(SentRecords.Batch batch) {
        return new SentRecords(batch, topic, bootstrapServers, saveTimeout);
    }

    /** "namespace 'x'", or "3 namespaces": what a save is of, in messages. */
    static String describeNamespaces(Changes changes) {
        Set<String> namespaces = changes.namespaces();
        return namespaces.size() == 1 ? "namespace '" + namespaces.iterator().next() + "'"
                : namespaces.size() + " namespaces";
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException(storeDescription);
        }
    }

    /**
     * Encodes every change into {@code keys} and {@code values}, all before anything is sent (so that an entity that
     * cannot be serialized fails the save before it writes anything). A large save is encoded on the common fork-join
     * pool as well as this thread: encoding is most of a save's own work, and the producer has nothing to send
     * meanwhile.
     */
    private void encode(Changes changes, byte[][] keys, byte[][] values, RecordLimit limit) {
        int size = changes.size();
        if (size < PARALLEL_ENCODE_MIN) {
            for (int i = 0; i < size; i++) {
                encode(changes.get(i), i, keys, values, limit);
            }
            return;
        }
        // Failures are caught where they happen so that the caller gets the very exception of the first change
        // that failed, as a sequential loop would throw it (a fork-join pool may rethrow a copy).
        RuntimeException[] failures = new RuntimeException[size];
        IntStream.range(0, size).parallel().forEach(i -> {
            try {
                encode(changes.get(i), i, keys, values, limit);
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        });
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void encode(Change change, int index, byte[][] keys, byte[][] values, RecordLimit limit) {
        String namespace = Namespaces.requireValid(change.namespace());
        byte[] key = RecordKeys.encode(namespace, change.entityType(), change.entityId());
        byte[] value = change.isUnset() && tombstonesForUnsets ? null : wireFormat.encode(change);
        checkSize(change, key, value, limit);
        keys[index] = key;
        values[index] = value;
    }

    private static void checkSize(Change change, byte[] key, byte[] value, RecordLimit limit) {
        long size = RecordSizes.upperBound(key.length, value == null ? -1 : value.length);
        if (size > limit.bytes()) {
            throw new RejectedChangeException(change.namespace(), change.key(), "its Kafka record would take " + size
                    + " bytes (a key of " + key.length + ", a value of " + (value == null ? 0 : value.length)
                    + " and the record's overhead), more than the " + limit.bytes() + " bytes of " + limit.source(),
                    null);
        }
    }

    private void writeInTransaction(SentRecords.Batch batch, List<ProducerRecord<byte[], byte[]>> records,
                                    long deadline) {
        try {
            if (!transactionLock.tryLock(Deadlines.remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
                throw sent(batch).timeout().failure(" (still waiting for another transactional save)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted before writing " + records.size() + " records of "
                    + batch.describe() + " to Kafka topic '" + topic + "'", e);
        }
        try {
            Producer<byte[], byte[]> current = transactionalProducer(batch, deadline);
            try {
                current.beginTransaction();
            } catch (KafkaException e) {
                discardProducer(current);
                throw sent(batch).fail(e).failure(" (could not begin the transaction)");
            }
            SentRecords sent = send(current, batch, records, deadline);
            if (!sent.allAcknowledged()) {
                endFailedTransaction(current, sent.timedOut);
                throw sent.noneCommitted().failure(" (the transaction was aborted: none of its records is visible)");
            }
            commitWithin(current, batch, deadline);
            awaitCommittedVisible(sent, deadline);
        } finally {
            transactionLock.unlock();
        }
    }

    /**
     * Commits the transaction, waiting no longer than the save's deadline. The producer's own wait is its
     * {@code max.block.ms}, which would let a hung cluster hold a save for about twice its timeout; so the commit runs
     * on a thread of its own, and one still running at the deadline is abandoned with its producer, whose closing
     * ends it.
     */
    private void commitWithin(Producer<byte[], byte[]> current, SentRecords.Batch batch, long deadline) {
        FutureTask<Void> commit = new FutureTask<>(() -> {
            current.commitTransaction();
            return null;
        });
        Thread committer = new Thread(commit, "kafka-store-commit-" + topic);
        committer.setDaemon(true);
        committer.start();
        String unknown = "; it may or may not have been committed";
        try {
            commit.get(Math.max(0, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            discardProducer(current);
            throw sent(batch).timeout().failure(" (committing the transaction did not finish" + unknown
                    + ")");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException failure) {
                endFailedTransaction(current, failure instanceof TimeoutException);
                throw sent(batch).fail(failure).failure(" (committing the transaction failed" + unknown
                        + ")");
            }
            discardProducer(current);
            throw new PersistenceException("committing a transaction on Kafka topic '" + topic + "' failed" + unknown
                    + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discardProducer(current);
            throw new PersistenceException("interrupted while committing a transaction on Kafka topic '" + topic
                    + "'" + unknown, e);
        }
    }

    /** Aborts a failed transaction; if the cluster cannot be reached, drops the producer (its successor fences it). */
    private void endFailedTransaction(Producer<byte[], byte[]> current, boolean unreachable) {
        if (unreachable) {
            discardProducer(current);
            return;
        }
        try {
            current.abortTransaction();
        } catch (KafkaException e) {
            LOG.debug("aborting a transaction on topic '{}' failed; replacing the producer", topic, e);
            discardProducer(current);
        }
    }

    /**
     * Waits until a read-committed consumer sees the committed records: the broker writes the commit markers
     * shortly after {@code commitTransaction} returns, and a load that starts after this save must see it.
     */
    private void awaitCommittedVisible(SentRecords sent, long deadline) {
        Map<TopicPartition, Long> lastOffsets = sent.lastOffsets();
        Consumer<ByteBuffer, ByteBuffer> consumer = consumers.borrow();
        boolean healthy = false;
        try {
            while (true) {
                Map<TopicPartition, Long> ends = consumer.endOffsets(lastOffsets.keySet(),
                        Deadlines.remaining(deadline));
                boolean visible = lastOffsets.entrySet().stream()
                        .allMatch(last -> ends.getOrDefault(last.getKey(), -1L) > last.getValue());
                if (visible) {
                    healthy = true;
                    return;
                }
                if (Deadlines.remainingNanos(deadline) <= 0) {
                    throw new StoreUnavailableException("the transaction of " + sent.records + " records of "
                            + sent.batch.describe() + " was committed to Kafka topic '" + topic
                            + "' but did not become visible to readers within " + Deadlines.format(saveTimeout));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        } catch (KafkaException e) {
            throw new StoreUnavailableException("the transaction of " + sent.records + " records of "
                    + sent.batch.describe() + " was committed to Kafka topic '" + topic
                    + "' but checking that readers see it failed: " + e.getMessage(), e);
        } finally {
            consumers.release(consumer, healthy);
        }
    }

    private SentRecords send(Producer<byte[], byte[]> target, SentRecords.Batch batch,
                             List<ProducerRecord<byte[], byte[]>> records, long deadline) {
        SentRecords sent = sent(batch);
        try {
            for (ProducerRecord<byte[], byte[]> record : records) {
                if (Deadlines.remainingNanos(deadline) <= 0) {
                    sent.timedOut = true;
                    break;
                }
                sent.futures.add(target.send(record));
            }
        } catch (IllegalStateException e) {
            if (closed) {
                throw new StoreClosedException(storeDescription);
            }
            sent.fail(e);
        } catch (KafkaException e) {
            sent.fail(e);
        }
        sent.await(deadline);
        return sent;
    }

    /** The store's idempotent producer, created on the first save (creating one does not contact the cluster). */
    private Producer<byte[], byte[]> idempotentProducer(SentRecords.Batch batch) {
        synchronized (producerGuard) {
            ensureOpen();
            if (producer == null) {
                try {
                    producer = new KafkaProducer<>(producerConfig);
                } catch (KafkaException e) {
                    throw unavailableOrFailed(batch, e);
                }
            }
            return producer;
        }
    }

    private PersistenceException unavailableOrFailed(SentRecords.Batch batch, KafkaException e) {
        PersistenceException failure = ClientFailures.creating("producer", topic, bootstrapServers, e);
        return failure instanceof StoreUnavailableException
                ? sent(batch).timeout().fail(failure).failure(" (no producer)")
                : failure;
    }

    private Producer<byte[], byte[]> transactionalProducer(SentRecords.Batch batch, long deadline) {
        synchronized (producerGuard) {
            ensureOpen();
            if (producer != null) {
                return producer;
            }
        }
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                Deadlines.remainingNanos(deadline))));
        Producer<byte[], byte[]> created;
        try {
            created = new KafkaProducer<>(config);
        } catch (KafkaException e) {
            throw unavailableOrFailed(batch, e);
        }
        try {
            created.initTransactions();
        } catch (KafkaException e) {
            created.close(Duration.ZERO);
            throw sent(batch).fail(e).failure(" (could not initialize the transactional producer)");
        }
        synchronized (producerGuard) {
            if (closed) {
                created.close(Duration.ZERO);
                throw new StoreClosedException(storeDescription);
            }
            producer = created;
            return created;
        }
    }

    private void discardProducer(Producer<byte[], byte[]> discarded) {
        synchronized (producerGuard) {
            if (producer == discarded) {
                producer = null;
            }
        }
        try {
            discarded.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("closing a Kafka producer for topic '{}' failed", topic, e);
        }
    }
}
