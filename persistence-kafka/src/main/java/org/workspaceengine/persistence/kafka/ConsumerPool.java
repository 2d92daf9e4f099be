package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle consumers kept for the next load, so that concurrent and repeated loads reuse connections and metadata
 * instead of each creating a client. A consumer is used by one thread at a time: {@link #borrow()} hands it out,
 * {@link #release} takes it back (or closes it if it failed or the pool is full or closed).
 */
final class ConsumerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerPool.class);

    private final Map<String, Object> config;
    private final int maxIdle;
    private final ArrayDeque<Consumer<ByteBuffer, ByteBuffer>> idle = new ArrayDeque<>();
    private boolean closed;

    ConsumerPool(Map<String, Object> config, int maxIdle) {
        this.config = Map.copyOf(config);
        this.maxIdle = maxIdle;
    }

    /** An idle consumer, or a new one. Its assignment and position are whatever the last user left. */
    Consumer<ByteBuffer, ByteBuffer> borrow() {
        synchronized (idle) {
            Consumer<ByteBuffer, ByteBuffer> consumer = idle.pollFirst();
            if (consumer != null) {
                return consumer;
            }
        }
        return new KafkaConsumer<>(config);
    }

    /** Takes {@code consumer} back; {@code healthy} says whether it may be reused. */
    void release(Consumer<ByteBuffer, ByteBuffer> consumer, boolean healthy) {
        if (healthy) {
            synchronized (idle) {
                if (!closed && idle.size() < maxIdle) {
                    idle.addFirst(consumer);
                    return;
                }
            }
        }
        closeQuietly(consumer);
    }

    /** Closes the idle consumers; consumers released later are closed on release. */
    @Override
    public void close() {
        List<Consumer<ByteBuffer, ByteBuffer>> toClose;
        synchronized (idle) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        toClose.forEach(ConsumerPool::closeQuietly);
    }

    private static void closeQuietly(Consumer<ByteBuffer, ByteBuffer> consumer) {
        try {
            // No group to leave and nothing to commit: a consumer that waits for a hung broker would only delay.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        } catch (RuntimeException e) {
            LOG.debug("closing a Kafka consumer failed", e);
        }
    }
}
