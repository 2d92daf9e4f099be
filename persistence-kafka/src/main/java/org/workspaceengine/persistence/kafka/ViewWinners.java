package org.workspaceengine.persistence.kafka;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The winners of the namespaces a {@linkplain LocalState local view} read last, kept in memory (least recently used
 * dropped first, {@value #DEFAULT_BUDGET_BYTES} bytes of keys and values in all), each with the file and the length
 * of it they were read from. A view file is only ever appended to or replaced by one of another name, so the winners
 * of its first {@code length} bytes stay valid: a load whose file has not grown takes them as they are, and one whose
 * file has grown reads only the bytes after them (into a copy: a table in the cache is never changed, so loads that
 * hold it read it without a lock). On {@code LocalStateBenchmark}'s topic, timed inside a load process: a warm load no
 * longer reads the namespace's 361 KB file (1.5-2 ms of it while the JIT warms up, 0.5-0.7 ms after), nor a load after
 * new records the whole file again.
 *
 * <p>What can replace a file's bytes under the same name (a view emptied and read again, whose file names start over,
 * or a failure that reopens the view from disk) drops the partition's entries ({@link #clear}). Thread-safe.
 */
final class ViewWinners {

    /** Bytes of keys and values kept in all: a few dozen namespaces of this benchmark's size, well within 256 MiB. */
    static final long DEFAULT_BUDGET_BYTES = 16L << 20;
    /** Bytes counted per winner beyond its key and value: the table's entry, the winner and its arrays' headers. */
    private static final long OVERHEAD_BYTES = 112;

    /**
     * Winners read from a file.
     *
     * @param file the file's name in the partition's directory
     * @param length the bytes of it read
     * @param latest the winners of those bytes: never changed once cached
     * @param weight the bytes counted against the budget
     */
    record Cached(String file, long length, EncodedLatestWins latest, long weight) {
    }

    private record Key(TopicPartition partition, String namespace) {
    }

    private final long budget;
    private final LinkedHashMap<Key, Cached> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    ViewWinners(long budget) {
        this.budget = budget;
    }

    /** The winners cached for {@code namespace} of {@code partition}, or null. */
    synchronized Cached get(TopicPartition partition, String namespace) {
        return entries.get(new Key(partition, namespace));
    }

    /**
     * Caches {@code latest}, the winners of the first {@code length} bytes of {@code file}, for {@code namespace} of
     * {@code partition}; the caller changes it no more. Winners heavier than a quarter of the budget are not cached.
     */
    synchronized void put(TopicPartition partition, String namespace, String file, long length,
                          EncodedLatestWins latest) {
        Key key = new Key(partition, namespace);
        drop(entries.remove(key));
        long bytes = weigh(latest);
        if (bytes > budget / 4) {
            return;
        }
        entries.put(key, new Cached(file, length, latest, bytes));
        weight += bytes;
        for (Iterator<Cached> eldest = entries.values().iterator(); weight > budget && eldest.hasNext(); ) {
            weight -= eldest.next().weight();
            eldest.remove();
        }
    }

    /** Forgets what is cached for {@code namespace} of {@code partition}. */
    synchronized void remove(TopicPartition partition, String namespace) {
        drop(entries.remove(new Key(partition, namespace)));
    }

    /** Forgets what is cached for the namespaces of {@code partition}. */
    synchronized void clear(TopicPartition partition) {
        for (Iterator<Map.Entry<Key, Cached>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Cached> entry = it.next();
            if (entry.getKey().partition().equals(partition)) {
                weight -= entry.getValue().weight();
                it.remove();
            }
        }
    }

    /** The namespaces cached. */
    synchronized int size() {
        return entries.size();
    }

    /** The bytes counted against the budget. */
    synchronized long weight() {
        return weight;
    }

    private void drop(Cached removed) {
        if (removed != null) {
            weight -= removed.weight();
        }
    }

    private static long weigh(EncodedLatestWins latest) {
        long[] bytes = {0};
        latest.forEach(version -> bytes[0] += version.keyLength() + version.valueLength() + OVERHEAD_BYTES);
        return bytes[0];
    }
}
