package org.workspaceengine.persistence.kafka;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * The records of one write of a {@link RecordWriter} (a save, or the tombstones of a namespace deletion): what was
 * sent, what was acknowledged, and the failure to report, which counts the records not acknowledged per namespace and
 * says whether the write timed out.
 */
final class SentRecords {

    private final String topic;
    private final String bootstrapServers;
    private final Duration saveTimeout;

    final Batch batch;
    final int records;
    final List<Future<RecordMetadata>> futures = new ArrayList<>();
    final List<RecordMetadata> acknowledged = new ArrayList<>();
    final boolean[] acked;
    boolean timedOut;
    boolean interrupted;
    Throwable error;

    /**
     * What a write is of, for counts and messages.
     *
     * @param action how a failure message starts, such as {@code "save to"}; the topic follows
     * @param namespaces the namespace of each record, in the order they are sent
     * @param partly what a failure message adds when some records may have been written and others not (outside a
     *     transaction)
     */
    record Batch(String action, List<String> namespaces, String partly) {

        /** The records of a save of {@code changes}, one per change. */
        static Batch save(Changes changes) {
            return new Batch("save to", new AbstractList<String>() {
                @Override
                public String get(int index) {
                    return changes.get(index).namespace();
                }

                @Override
                public int size() {
                    return changes.size();
                }
            }, "");
        }

        /** The {@code tombstones} tombstones of a deletion of {@code namespace}. */
        static Batch deletion(String namespace, int tombstones) {
            return new Batch("deleting namespace '" + namespace + "' from", Collections.nCopies(tombstones, namespace),
                    " (the tombstones acknowledged are written: the namespace may be partly deleted, and deleting it "
                    + "again finishes the deletion)");
        }

        /** "namespace 'x'", or "3 namespaces": what the write is of, in messages. */
        String describe() {
            Set<String> distinct = new LinkedHashSet<>(namespaces);
            return distinct.size() == 1 ? "namespace '" + distinct.iterator().next() + "'"
                    : distinct.size() + " namespaces";
        }
    }

    /** A write of {@code batch} to {@code topic}, bounded by {@code saveTimeout}. */
    SentRecords(Batch batch, String topic, String bootstrapServers, Duration saveTimeout) {
        this.batch = batch;
        this.records = batch.namespaces().size();
        this.acked = new boolean[records];
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.saveTimeout = saveTimeout;
    }

    SentRecords timeout() {
        timedOut = true;
        return this;
    }

    SentRecords fail(Throwable cause) {
        if (error == null) {
            error = cause;
        }
        if (cause instanceof TimeoutException) {
            timedOut = true;
        }
        return this;
    }

    void await(long deadline) {
        for (int i = 0; i < futures.size(); i++) {
            try {
                long wait = interrupted || timedOut ? 0 : Math.max(0, Deadlines.remainingNanos(deadline));
                RecordMetadata metadata = futures.get(i).get(wait, TimeUnit.NANOSECONDS);
                acked[i] = true;
                acknowledged.add(metadata);
            } catch (java.util.concurrent.TimeoutException e) {
                timedOut = true;
            } catch (ExecutionException e) {
                fail(e.getCause());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean allAcknowledged() {
        return acknowledged.size() == records && error == null && !interrupted;
    }

    SentRecords noneCommitted() {
        java.util.Arrays.fill(acked, false);
        return this;
    }

    Map<TopicPartition, Long> lastOffsets() {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (RecordMetadata metadata : acknowledged) {
            last.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(), Math::max);
        }
        return last;
    }

    PersistenceException failure(String context) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (int index = 0; index < records; index++) {
            if (!acked[index]) {
                missing.merge(batch.namespaces().get(index), 1, Integer::sum);
            }
        }
        int unacknowledged = missing.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder message = new StringBuilder(batch.action()).append(" Kafka topic '").append(topic).append("' at ")
                .append(bootstrapServers).append(": ").append(unacknowledged).append(" of ").append(records)
                .append(" records not acknowledged (");
        String separator = "";
        for (Map.Entry<String, Integer> entry : missing.entrySet()) {
            message.append(separator).append("namespace '").append(entry.getKey()).append("': ")
                    .append(entry.getValue());
            separator = ", ";
        }
        message.append(')').append(context);
        if (interrupted) {
            return new PersistenceException(message.append("; interrupted while waiting").toString(), error);
        }
        if (timedOut) {
            message.append("; no acknowledgement within the save timeout of ")
                    .append(Deadlines.format(saveTimeout))
                    .append(": is the cluster reachable?");
            if (error != null) {
                message.append(" (").append(error.getMessage()).append(')');
            }
            return new SaveTimeoutException(message.toString(), topic, records, missing, error);
        }
        message.append(": ").append(error == null ? "unknown error" : error.getMessage());
        if (error instanceof RetriableException) {
            return new StoreUnavailableException(message.toString(), error);
        }
        return new PersistenceException(message.toString(), error);
    }
}
