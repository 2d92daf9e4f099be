package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.workspaceengine.persistence.CorruptDataException;

/**
 * The namespaces of a {@link KafkaStore}'s topic, for {@link KafkaStore#listNamespaces()}: every partition read to the
 * end offset taken when its read starts, all within one load timeout. A namespace is listed when at least one of its
 * keys has a latest record that is not a tombstone, so a {@linkplain KafkaStore#deleteNamespace deleted} namespace
 * is not listed even before the broker compacts its tombstones away.
 *
 * <p>Telling that apart costs memory only where it must. The first pass over a partition decodes one key per run of
 * records of the same namespace and keeps, per namespace, only whether its last record is a tombstone: a namespace
 * whose last record has a value is listed at once (that record's key is live). Only for the namespaces whose last
 * record is a tombstone (deleted ones, and those whose last change was an unset written as a tombstone) does a second
 * pass, from the first offset of the earliest of them to the same end offset, keep their keys, as a load would, to
 * see whether any is still live.
 */
final class NamespaceIndex {

    private final PartitionReader reader;
    private final Duration loadTimeout;

    NamespaceIndex(PartitionReader reader, Duration loadTimeout) {
        this.reader = reader;
        this.loadTimeout = loadTimeout;
    }

    /** The state of one namespace in the partition being read. */
    private static final class Seen {
        final long firstOffset;
        boolean endsWithTombstone;
        Set<ByteBuffer> liveKeys; // in the second pass only

        Seen(long firstOffset) {
            this.firstOffset = firstOffset;
        }
    }

    /** {@link KafkaStore#listNamespaces()}, sorted. */
    List<String> listNamespaces() {
        long deadline = Deadlines.after(loadTimeout);
        int partitions = reader.partitions(null, deadline);
        if (partitions == 0) {
            return List.of();
        }
        if (reader.localState() != null) {
            return reader.localState().listNamespaces(reader, partitions, deadline);
        }
        Set<String> namespaces = new TreeSet<>();
        Consumer<ByteBuffer, ByteBuffer> consumer = reader.borrow(null, 0);
        boolean healthy = false;
        try {
            for (int p = 0; p < partitions; p++) {
                list(consumer, new TopicPartition(reader.topic(), p), deadline, namespaces);
            }
            healthy = true;
        } finally {
            reader.release(consumer, healthy);
        }
        return List.copyOf(namespaces);
    }

    private void list(Consumer<ByteBuffer, ByteBuffer> consumer, TopicPartition partition, long deadline,
                      Set<String> namespaces) {
        PartitionReader.Range range = reader.range(consumer, partition, null, deadline);
        Map<String, Seen> seen = new HashMap<>();
        Run run = new Run();
        reader.scan(consumer, partition, null, range, deadline, record -> {
            String namespace = run.namespaceOf(record);
            if (namespace == null) {
                return;
            }
            if (record.value() != null) {
                seen.computeIfAbsent(namespace, name -> new Seen(record.offset())).endsWithTombstone = false;
            } else {
                Seen known = seen.get(namespace);
                if (known != null) {
                    known.endsWithTombstone = true;
                }
            }
        }, completed -> { });
        Map<String, Seen> doubtful = new HashMap<>();
        long from = range.end();
        for (Map.Entry<String, Seen> entry : seen.entrySet()) {
            if (entry.getValue().endsWithTombstone) {
                doubtful.put(entry.getKey(), entry.getValue());
                entry.getValue().liveKeys = new HashSet<>();
                from = Math.min(from, entry.getValue().firstOffset);
            } else {
                namespaces.add(entry.getKey());
            }
        }
        if (doubtful.isEmpty()) {
            return;
        }
        Run again = new Run();
        reader.scan(consumer, partition, null, new PartitionReader.Range(from, range.end()), deadline, record -> {
            String namespace = again.namespaceOf(record);
            Seen known = namespace == null ? null : doubtful.get(namespace);
            if (known == null) {
                return;
            }
            Bytes key = Bytes.of(record.key());
            if (!key.startsWith(again.prefix)) {
                return; // a key a load of the namespace skips too
            }
            Bytes entity = reader.entityKey(record, key, again.prefix.length);
            ByteBuffer view = ByteBuffer.wrap(entity.array(), entity.offset(), entity.length());
            if (record.value() == null) {
                known.liveKeys.remove(view);
            } else if (!known.liveKeys.contains(view)) {
                known.liveKeys.add(ByteBuffer.wrap(entity.copy()));
            }
        }, completed -> { });
        doubtful.forEach((namespace, known) -> {
            if (!known.liveKeys.isEmpty()) {
                namespaces.add(namespace);
            }
        });
    }

    /**
     * The namespace of the record being read, decoding a key only when the record is not of the same namespace as
     * the one before it (records of one namespace mostly come in runs).
     */
    private final class Run {
        String namespace;
        byte[] prefix;

        /**
         * The record's namespace; null for a tombstone whose key is not one this store writes, which removes nothing
         * a listing names.
         *
         * @throws CorruptDataException if a record with a value has no key, or not one this store writes
         */
        String namespaceOf(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
            if (prefix != null && record.key() != null && Bytes.of(record.key()).startsWith(prefix)) {
                return namespace;
            }
            try {
                namespace = reader.decodeKey(record)[0];
            } catch (CorruptDataException e) {
                if (record.value() == null) {
                    return null;
                }
                throw e;
            }
            prefix = RecordKeys.namespacePrefix(namespace);
            return namespace;
        }
    }
}
