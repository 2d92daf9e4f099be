package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.wire.EncodedChange;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.kafka.EncodedLatestWins.Version;

/**
 * The reading half of a {@link KafkaStore}: loads a namespace by reading its partition from the beginning to the end
 * offset taken when the load starts, counts its entities the same way, and finds the keys a deletion tombstones. It
 * compacts records on their key bytes and the timestamp at the end of their values ({@link EncodedLatestWins}), and
 * deserializes only the winners; a tombstone (a record without a value) forgets its entity, so that a version written
 * after it starts fresh whatever its timestamp. {@link NamespaceIndex} lists the namespaces with the reads here.
 * Thread-safe: each call borrows a consumer of the store's pool.
 */
final class PartitionReader {

    private static final Duration MAX_POLL = Duration.ofMillis(200);
    /** From this many winners on, a load deserializes them on the common fork-join pool. */
    private static final int PARALLEL_DECODE_MIN = 2_000;
    /** Winners decoded between two progress reports. */
    private static final int DECODE_BATCH = 16_384;
    /** A load's latest-wins table starts sized for its record count up to this many keys, and grows past it. */
    private static final int EXPECTED_KEYS_MAX = 1 << 12;

    private final String topic;
    private final TopicSetup topicSetup;
    private final String bootstrapServers;
    private final Duration timeout;
    private final String timeoutName;
    private final WireFormat wireFormat;
    private final ConsumerPool consumers;
    private final LocalState localState;

    /**
     * @param timeout how long a load, count or listing may take (each of them reads within it)
     * @param timeoutName how messages name that timeout: "load timeout", or "save timeout" for the reader of the
     *     keys a deletion tombstones (whose deadline is the save timeout's)
     * @param localState the store's local state, which loads, counts and listings read through; null to read the
     *     log itself
     */
    PartitionReader(String topic, TopicSetup topicSetup, String bootstrapServers, Duration timeout,
                    String timeoutName, WireFormat wireFormat, ConsumerPool consumers, LocalState localState) {
        this.topic = topic;
        this.topicSetup = topicSetup;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.timeoutName = timeoutName;
        this.wireFormat = wireFormat;
        this.consumers = consumers;
        this.localState = localState;
    }

    /** The local state loads read through, or null. */
    LocalState localState() {
        return localState;
    }

    /** The topic's id, once the topic is checked; empty if unknown. */
    String topicId() {
        TopicSetup.Topic known = topicSetup.known();
        return known == null ? "" : known.topicId();
    }

    /** The failure of a read of {@code namespace} (null for a listing) that ran out of time, saying {@code why}. */
    LoadTimeoutException timedOut(String namespace, TopicPartition partition, String why) {
        return new LoadTimeoutException("reading " + what(namespace) + " from Kafka topic '" + topic + "' partition "
                + partition.partition() + " at " + bootstrapServers + " did not finish within the " + timeoutName
                + " of " + Deadlines.format(timeout) + ": " + why, namespace, topic, partition.partition(), -1, -1,
                null);
    }

    /** The topic read. */
    String topic() {
        return topic;
    }

    /** {@link KafkaStore#load(String, ProgressListener)} of a valid namespace. */
    Changes load(String namespace, ProgressListener progress) {
        Winners winners = winners(namespace, progress);
        if (winners == null) {
            return Changes.empty();
        }
        List<Version> ordered = winners.latest().inReplayOrder();
        progress.onEnd(winners.task(), winners.records());
        // Decoding the winners is a phase of its own: for a large namespace it takes seconds.
        ProgressListener.Task decoding = new ProgressListener.Task("decode", namespace, ProgressListener.Unit.CHANGES,
                ordered.size());
        progress.onStart(decoding);
        Function<Version, Change> decode = winner -> decodeWinner(winner, namespace, winners.partition());
        List<Change> loaded = new ArrayList<>(ordered.size());
        for (int from = 0; from < ordered.size(); from += DECODE_BATCH) {
            List<Version> batch = ordered.subList(from, Math.min(ordered.size(), from + DECODE_BATCH));
            loaded.addAll(batch.size() >= PARALLEL_DECODE_MIN ? batch.parallelStream().map(decode).toList()
                    : batch.stream().map(decode).toList());
            progress.onBatch(decoding, loaded.size());
        }
        progress.onEnd(decoding, loaded.size());
        return Changes.of(loaded);
    }

    /**
     * {@link KafkaStore#countEntities} of a valid namespace: the winners a load finds, told apart by the change type
     * in their envelope; no entity is deserialized.
     */
    EntityCounts count(String namespace) {
        Winners winners = winners(namespace, ProgressListener.NONE);
        if (winners == null) {
            return new EntityCounts(namespace, 0, 0);
        }
        long[] unsets = {0};
        winners.latest().forEach(winner -> {
            Bytes value = new Bytes(winner.valueArray(), winner.valueOffset(), winner.valueLength());
            if (envelope(value, namespace, winners.partition(), winner.position()).changeType()
                    == ChangeType.UNSET) {
                unsets[0]++;
            }
        });
        return new EntityCounts(namespace, winners.latest().size() - unsets[0], unsets[0]);
    }

    /** What a load found: the winners, the partition read, its progress task and the offsets read. */
    record Winners(EncodedLatestWins latest, TopicPartition partition, ProgressListener.Task task,
                           long records) {
    }

    /**
     * The partition of {@code namespace} read to the end offset taken now, its records compacted by latest-wins on
     * their key bytes and the timestamp at the end of their values; a tombstone forgets its key, so that what follows
     * it starts fresh. Null (progress reported as started and ended) when the topic has no partitions.
     */
    private Winners winners(String namespace, ProgressListener progress) {
        long deadline = Deadlines.after(timeout);
        int partitions = partitions(namespace, deadline);
        if (partitions == 0) {
            ProgressListener.Task none =
                    new ProgressListener.Task("load", namespace, ProgressListener.Unit.RECORDS, 0);
            progress.onStart(none);
            progress.onEnd(none, 0);
            return null;
        }
        TopicPartition partition = new TopicPartition(topic, NamespacePartitioner.partition(namespace, partitions));
        byte[] prefix = RecordKeys.namespacePrefix(namespace);
        if (localState != null) {
            return localState.winners(this, namespace, partition, prefix, progress, deadline);
        }
        EncodedLatestWins latest;
        Consumer<ByteBuffer, ByteBuffer> consumer = borrow(namespace, partition.partition());
        boolean healthy = false;
        ProgressListener.Task task;
        long records;
        try {
            Range range = range(consumer, partition, namespace, deadline);
            latest = new EncodedLatestWins((int) Math.min(range.size(), EXPECTED_KEYS_MAX));
            task = new ProgressListener.Task("load", namespace, ProgressListener.Unit.RECORDS, range.size());
            progress.onStart(task);
            records = scan(consumer, partition, namespace, range, deadline, record -> {
                if (record.key() != null) {
                    offer(latest, namespace, prefix, partition, record.offset(), Bytes.of(record.key()),
                            record.value() == null ? null : Bytes.of(record.value()));
                }
            }, completed -> progress.onBatch(task, completed));
            healthy = true;
        } finally {
            consumers.release(consumer, healthy);
        }
        return new Winners(latest, partition, task, records);
    }

    /**
     * Applies one record of {@code partition} at {@code offset} to a load of {@code namespace} (whose keys start with
     * {@code prefix}): nothing if its key is of another namespace; a tombstone ({@code value} null) forgets its
     * entity, so that a version written after it starts fresh; a value is offered on its entity's key and its
     * timestamp, read from the end of the value or else from its parsed envelope. The one rule of a load, shared by
     * the reads of the log and of the {@linkplain LocalState local view}.
     */
    void offer(EncodedLatestWins latest, String namespace, byte[] prefix, TopicPartition partition, long offset,
               Bytes key, Bytes value) {
        if (!key.startsWith(prefix)) {
            return;
        }
        if (value == null) {
            Bytes entity = entityKey(partition, offset, key, prefix.length);
            latest.forget(entity.array(), entity.offset(), entity.length());
            return;
        }
        Instant timestamp = WireFormat.trailingTimestamp(value.array(), value.offset(), value.length());
        Bytes entity;
        if (timestamp != null) {
            // The fast path: compact on the key and the value's last field, parse the winners only.
            entity = entityKey(partition, offset, key, prefix.length);
        } else {
            EncodedChange change = envelope(value, namespace, partition, offset);
            entity = Bytes.of(RecordKeys.encode(namespace, change.entityType(), change.entityId()));
            timestamp = change.timestamp();
        }
        latest.offer(entity.array(), entity.offset(), entity.length(), value.array(), value.offset(),
                value.length(), timestamp.getEpochSecond(), timestamp.getNano(), offset);
    }

    /**
     * The keys a deletion of {@code namespace} tombstones: every key of the namespace (as written, not parsed) whose
     * latest record in its partition, read to the end offset taken now, is not a tombstone already; all before
     * {@code deadline}. No value is read.
     */
    NamespaceKeys liveKeys(String namespace, long deadline) {
        int partitions = partitions(namespace, deadline);
        if (partitions == 0) {
            return new NamespaceKeys(-1, List.of());
        }
        TopicPartition partition = new TopicPartition(topic, NamespacePartitioner.partition(namespace, partitions));
        byte[] prefix = RecordKeys.namespacePrefix(namespace);
        Set<ByteBuffer> live = new HashSet<>();
        Consumer<ByteBuffer, ByteBuffer> consumer = borrow(namespace, partition.partition());
        boolean healthy = false;
        try {
            Range range = range(consumer, partition, namespace, deadline);
            scan(consumer, partition, namespace, range, deadline, record -> {
                if (record.key() == null || !Bytes.of(record.key()).startsWith(prefix)) {
                    return;
                }
                if (record.value() == null) {
                    live.remove(record.key());
                } else if (!live.contains(record.key())) {
                    // A copy: a view would keep the whole fetched batch in memory.
                    live.add(ByteBuffer.wrap(Bytes.of(record.key()).copy()));
                }
            }, completed -> { });
            healthy = true;
        } finally {
            consumers.release(consumer, healthy);
        }
        List<byte[]> keys = new ArrayList<>(live.size());
        for (ByteBuffer key : live) {
            keys.add(key.array());
        }
        return new NamespaceKeys(partition.partition(), keys);
    }

    /**
     * The live keys of a namespace and its partition (-1 when the topic has none).
     *
     * @param partition the namespace's partition
     * @param keys the keys, each a whole array
     */
    record NamespaceKeys(int partition, List<byte[]> keys) {
    }

    /**
     * The topic's partition count, checking the topic first if no operation has yet; {@code namespace} (null for the
     * listing) is what is being read, for messages.
     */
    int partitions(String namespace, long deadline) {
        try {
            return topicSetup.require(deadline, timeout).partitions();
        } catch (StoreUnavailableException e) {
            throw new LoadTimeoutException("reading " + what(namespace) + " from Kafka topic '" + topic + "' at "
                    + bootstrapServers + " did not finish within the " + timeoutName + " of "
                    + Deadlines.format(timeout) + " (could not check the topic: " + e.getMessage() + ")", namespace,
                    topic, -1, -1, -1, e);
        }
    }

    /** A consumer of the store's pool, to {@link #release} after use. */
    Consumer<ByteBuffer, ByteBuffer> borrow(String namespace, int partition) {
        try {
            return consumers.borrow();
        } catch (KafkaException e) {
            PersistenceException failure = ClientFailures.creating("consumer", topic, bootstrapServers, e);
            if (failure instanceof StoreUnavailableException) {
                throw new LoadTimeoutException("reading " + what(namespace) + " from Kafka topic '" + topic + "' at "
                        + bootstrapServers + " failed: " + failure.getMessage(), namespace, topic, partition, -1, -1,
                        e);
            }
            throw failure;
        }
    }

    /** Takes back a consumer of {@link #borrow}; {@code healthy} says whether it may be reused. */
    void release(Consumer<ByteBuffer, ByteBuffer> consumer, boolean healthy) {
        consumers.release(consumer, healthy);
    }

    /** The offsets a read covers: from {@code begin} (inclusive) to {@code end} (exclusive). */
    record Range(long begin, long end) {
        long size() {
            return Math.max(0, end - begin);
        }
    }

    /**
     * The key of a record, which starts with its namespace's prefix of {@code prefixLength} bytes, as the one
     * encoding of its entity that {@link RecordKeys#encode} writes: {@code key} itself, as for every key this store
     * writes, or else its re-encoding.
     */
    Bytes entityKey(ConsumerRecord<ByteBuffer, ByteBuffer> record, Bytes key, int prefixLength) {
        return entityKey(new TopicPartition(record.topic(), record.partition()), record.offset(), key, prefixLength);
    }

    private static Bytes entityKey(TopicPartition partition, long offset, Bytes key, int prefixLength) {
        if (RecordKeys.isCanonical(key, prefixLength)) {
            return key;
        }
        try {
            return Bytes.of(RecordKeys.canonical(key.copy()));
        } catch (CorruptDataException e) {
            throw e.at(location(partition, offset));
        }
    }

    private EncodedChange envelope(Bytes value, String namespace, TopicPartition partition, long offset) {
        EncodedChange change;
        try {
            change = wireFormat.decodeEnvelope(value.array(), value.offset(), value.length());
        } catch (CorruptDataException e) {
            throw e.at(location(partition, offset));
        }
        if (!change.namespace().equals(namespace)) {
            throw new CorruptDataException(location(partition, offset), "the record's key is of namespace '"
                    + namespace + "' but its value is of namespace '" + change.namespace() + "'", null);
        }
        return change;
    }

    /**
     * The change of a winner's value, which must agree with the key and timestamp it won with: its record's key and
     * the last field of its value, or its envelope when the value was parsed on the way.
     */
    private Change decodeWinner(Version winner, String namespace, TopicPartition partition) {
        try {
            Change change = wireFormat.decode(winner.valueArray(), winner.valueOffset(), winner.valueLength());
            if (!change.namespace().equals(namespace)) {
                throw new CorruptDataException(location(partition, winner.position()), "the record's key is of "
                        + "namespace '" + namespace + "' but its value is of namespace '" + change.namespace() + "'",
                        null);
            }
            Instant timestamp = change.timestamp();
            if (!winner.hasKey(RecordKeys.encode(namespace, change.entityType(), change.entityId()))
                    || timestamp.getEpochSecond() != winner.epochSecond() || timestamp.getNano() != winner.nano()) {
                String[] key = RecordKeys.decode(winner.key());
                throw new CorruptDataException(location(partition, winner.position()), "the record's key and "
                        + "the end of its value say " + new EntityKey(key[1], key[2]) + " at "
                        + Instant.ofEpochSecond(winner.epochSecond(), winner.nano()) + " but its whole value reads as "
                        + change.key() + " at " + timestamp, null);
            }
            return change;
        } catch (CorruptDataException e) {
            throw e.location() != null ? e : e.at(location(partition, winner.position()));
        }
    }

    /** The partition's beginning and end offsets, taken now; {@code consumer} is assigned to it. */
    Range range(Consumer<ByteBuffer, ByteBuffer> consumer, TopicPartition partition, String namespace,
                        long deadline) {
        long end = offset(consumer, partition, namespace, deadline, true);
        return new Range(offset(consumer, partition, namespace, deadline, false), end);
    }

    /**
     * The partition's end offset ({@code end}) or beginning offset, taken now; {@code consumer} is assigned to it.
     * Alone, for a local view that needs the beginning only when the end has moved.
     */
    long offset(Consumer<ByteBuffer, ByteBuffer> consumer, TopicPartition partition, String namespace,
                long deadline, boolean end) {
        try {
            consumer.assign(List.of(partition));
            Long offset = end ? consumer.endOffsets(List.of(partition), Deadlines.remaining(deadline)).get(partition)
                    : consumer.beginningOffsets(List.of(partition), Deadlines.remaining(deadline)).get(partition);
            if (offset == null) {
                throw new PersistenceException("Kafka did not report the offsets of topic '" + topic
                        + "' partition " + partition.partition() + " (reading " + what(namespace) + ")");
            }
            return offset;
        } catch (TimeoutException e) {
            throw loadTimeout(namespace, partition, -1, -1, e);
        } catch (KafkaException e) {
            throw loadFailure(namespace, partition, e);
        }
    }

    /**
     * Reads {@code range} of the partition, handing each record to {@code action} and the offsets read so far after
     * each poll to {@code batches}; the number of offsets of the range.
     */
    long scan(Consumer<ByteBuffer, ByteBuffer> consumer, TopicPartition partition, String namespace,
                      Range range, long deadline,
                      java.util.function.Consumer<ConsumerRecord<ByteBuffer, ByteBuffer>> action,
                      java.util.function.LongConsumer batches) {
        if (range.size() == 0) {
            return 0;
        }
        long position = range.begin();
        try {
            consumer.seek(partition, range.begin());
            while (position < range.end()) {
                long remaining = Deadlines.remainingNanos(deadline);
                if (remaining <= 0) {
                    throw loadTimeout(namespace, partition, position, range.end(), null);
                }
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(
                        Duration.ofNanos(Math.min(remaining, MAX_POLL.toNanos())));
                for (ConsumerRecord<ByteBuffer, ByteBuffer> record : batch.records(partition)) {
                    if (record.offset() >= range.end()) {
                        break;
                    }
                    action.accept(record);
                }
                position = consumer.position(partition, Deadlines.remaining(deadline));
                batches.accept(Math.min(position, range.end()) - range.begin());
            }
        } catch (TimeoutException e) {
            throw loadTimeout(namespace, partition, position, range.end(), e);
        } catch (KafkaException e) {
            throw loadFailure(namespace, partition, e);
        }
        return range.size();
    }

    /** The namespace, type and id of a record's key, or a corrupt-data failure naming where the record is. */
    String[] decodeKey(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        try {
            return RecordKeys.decode(record.key() == null ? null : Bytes.of(record.key()).copy());
        } catch (CorruptDataException e) {
            throw e.at(location(record));
        }
    }

    private LoadTimeoutException loadTimeout(String namespace, TopicPartition partition, long position, long end,
                                             Throwable cause) {
        String progress = end < 0 ? "could not fetch its end offset"
                : "reached offset " + position + " of " + end;
        return new LoadTimeoutException("reading " + what(namespace) + " from Kafka topic '" + topic
                + "' partition " + partition.partition() + " at " + bootstrapServers + " did not finish within the "
                + timeoutName + " of " + Deadlines.format(timeout) + " (" + progress + "): is the cluster reachable?",
                namespace, topic, partition.partition(), position, end, cause);
    }

    private PersistenceException loadFailure(String namespace, TopicPartition partition, KafkaException e) {
        String message = "reading " + what(namespace) + " from Kafka topic '" + topic + "' partition "
                + partition.partition() + " at " + bootstrapServers + " failed: " + e.getMessage();
        return e instanceof RetriableException ? new StoreUnavailableException(message, e)
                : new PersistenceException(message, e);
    }

    private static String what(String namespace) {
        return namespace == null ? "the namespace list" : "namespace '" + namespace + "'";
    }

    private String location(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        return location(new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    private static String location(TopicPartition partition, long offset) {
        return "Kafka topic '" + partition.topic() + "' partition " + partition.partition() + " offset " + offset;
    }
}
