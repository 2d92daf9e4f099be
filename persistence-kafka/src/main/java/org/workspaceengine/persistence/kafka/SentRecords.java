package org.workspaceengine.persistence.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * The records of one save of a {@link RecordWriter}: what was sent, what was acknowledged, and the failure to report,
 * which counts the records not acknowledged per namespace and says whether the save timed out.
 */
final class SentRecords {

    private final String topic;
    private final String bootstrapServers;
    private final Duration saveTimeout;

    final Changes changes;
    final int records;
    final List<Future<RecordMetadata>> futures = new ArrayList<>();
    final List<RecordMetadata> acknowledged = new ArrayList<>();
    final boolean[] acked;
    boolean timedOut;
    boolean interrupted;
    Throwable error;

    /** A save of {@code changes}, {@code records} records to {@code topic}, bounded by {@code saveTimeout}. */
    SentRecords(Changes changes, int records, String topic, String bootstrapServers, Duration saveTimeout) {
        this.changes = changes;
        this.records = records;
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
        int index = 0;
        for (Change change : changes) {
            if (!acked[index++]) {
                missing.merge(change.namespace(), 1, Integer::sum);
            }
        }
        int unacknowledged = missing.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder message = new StringBuilder("save to Kafka topic '").append(topic).append("' at ")
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
