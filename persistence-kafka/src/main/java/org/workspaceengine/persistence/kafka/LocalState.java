package org.workspaceengine.persistence.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.spi.DirectoryLock;

/**
 * A {@link KafkaStore}'s local state ({@link KafkaStoreBuilder#localState}): for each partition the store has read, a
 * view on disk of the partition's records per namespace and a checkpoint of the offset it covers
 * ({@link PartitionView}), in a directory {@code <topic>-<partition>} of the state directory. A load, count or listing
 * first catches the view of each partition it reads up to the partition's end offset taken now ({@link ViewCatchUp}),
 * so it sees every save that returned before it started, then answers from the view with the rule a load of the log
 * applies ({@link PartitionReader#offer}): the same result, reading the namespace's own records rather than its
 * partition's. A namespace file that has grown past twice its live entities (and 1,024 entries) is rewritten with its
 * winners alone after a read.
 *
 * <p>The directory is locked ({@link DirectoryLock}) while the store is open: a second store, in this process or
 * another, is refused. Thread-safe: each partition's view has its own lock, which a catch-up and the read after it
 * hold.
 */
final class LocalState implements AutoCloseable {

    static final String LOCK_FILE = "kafka-state.lock";
    /** A namespace file is rewritten after a read once it has this many entries and twice its winners. */
    private static final long REWRITE_MIN_ENTRIES = 1024;

    private final Path directory;
    private final DirectoryLock lock;
    private final boolean readCommitted;
    private final StoreObserver observer;
    private final ConcurrentMap<TopicPartition, PartitionView> views = new ConcurrentHashMap<>();
    private final ViewWinners winners = new ViewWinners(ViewWinners.DEFAULT_BUDGET_BYTES);

    private LocalState(Path directory, DirectoryLock lock, boolean readCommitted, StoreObserver observer) {
        this.directory = directory;
        this.lock = lock;
        this.readCommitted = readCommitted;
        this.observer = observer;
    }

    /**
     * Locks {@code directory} (created if absent) for the store on {@code topic}; {@code readCommitted} for a
     * transactional store; {@code observer} is told how many records each catch-up found the view lacking.
     *
     * @throws PersistenceException if another store holds it, naming the holder, or it cannot be created
     */
    static LocalState open(Path directory, String topic, boolean readCommitted, StoreObserver observer) {
        Path real;
        try {
            Files.createDirectories(directory);
            real = directory.toRealPath();
        } catch (IOException e) {
            throw new PersistenceException("cannot create the local state directory " + directory
                    + " of the Kafka store on topic '" + topic + "': " + e, e);
        }
        DirectoryLock held = DirectoryLock.acquire(real, LOCK_FILE, (dir, pid, host, detail) ->
                new PersistenceException("the local state directory " + dir + " of the Kafka store on topic '"
                        + topic + "' is in use by " + (pid < 0 ? "another store" : "process " + pid
                        + (host == null ? "" : " on " + host)) + " (" + detail + "): two stores cannot share one "
                        + "local state directory; give each its own"));
        return new LocalState(real, held, readCommitted, observer);
    }

    /** The directory, as a real path. */
    Path directory() {
        return directory;
    }

    /**
     * The winners of {@code namespace} (whose keys start with {@code prefix}) in {@code partition}: the view caught
     * up, then the namespace's file read, all before {@code deadline}.
     */
    PartitionReader.Winners winners(PartitionReader reader, String namespace, TopicPartition partition,
                                    byte[] prefix, ProgressListener progress, long deadline) {
        PartitionView view = view(partition);
        lock(reader, view, namespace, deadline);
        try {
            ViewCatchUp.CaughtUp caughtUp = catchUp(reader, view, namespace, deadline, progress);
            EncodedLatestWins latest;
            try {
                latest = read(reader, view, namespace, prefix);
            } catch (DamagedView e) {
                view.rebuild(e.getMessage());
                caughtUp = catchUp(reader, view, namespace, deadline, ProgressListener.NONE);
                latest = read(reader, view, namespace, prefix);
            }
            return new PartitionReader.Winners(latest, partition, caughtUp.task(), caughtUp.records());
        } finally {
            view.unlock();
        }
    }

    /**
     * The namespaces with a live entity in the topic's {@code partitions} partitions, sorted: each partition's view
     * caught up, a namespace listed when its last entry is not a tombstone, or else when reading its file leaves a
     * live entity (as {@link NamespaceIndex} reads the log).
     */
    List<String> listNamespaces(PartitionReader reader, int partitions, long deadline) {
        Set<String> namespaces = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            PartitionView view = view(new TopicPartition(reader.topic(), p));
            lock(reader, view, null, deadline);
            try {
                catchUp(reader, view, null, deadline, ProgressListener.NONE);
                for (PartitionView.NamespaceFile file : view.files()) {
                    if (file.entries > 0 && !file.endsWithTombstone) {
                        namespaces.add(file.namespace);
                    } else if (file.entries > 0) {
                        byte[] prefix = RecordKeys.namespacePrefix(file.namespace);
                        EncodedLatestWins latest;
                        try {
                            latest = read(reader, view, file.namespace, prefix);
                        } catch (DamagedView e) {
                            view.rebuild(e.getMessage());
                            return listNamespaces(reader, partitions, deadline);
                        }
                        if (latest.size() > 0) {
                            namespaces.add(file.namespace);
                        }
                    }
                }
            } finally {
                view.unlock();
            }
        }
        return List.copyOf(namespaces);
    }

    /**
     * Forces the views' files to disk (so a clean close survives a restart of the machine) and releases the
     * directory's lock; waits for loads in progress up to {@code timeout} in all.
     */
    void close(java.time.Duration timeout) {
        long deadline = Deadlines.after(timeout);
        try {
            for (PartitionView view : views.values()) {
                view.close(deadline);
            }
        } finally {
            lock.close();
        }
    }

    /** {@link #close(java.time.Duration)} waiting up to 10 seconds for loads in progress. */
    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(10));
    }

    /** The view of {@code partition} (not opened until used). */
    PartitionView view(TopicPartition partition) {
        return views.computeIfAbsent(partition, p -> new PartitionView(
                directory.resolve(p.topic() + "-" + p.partition()), p, readCommitted, winners));
    }

    private static void lock(PartitionReader reader, PartitionView view, String namespace, long deadline) {
        if (!view.lock(deadline)) {
            throw reader.timedOut(namespace, view.partition(),
                    "another load was still catching up the partition's local view");
        }
    }

    private ViewCatchUp.CaughtUp catchUp(PartitionReader reader, PartitionView view, String namespace,
                                         long deadline, ProgressListener progress) {
        Consumer<ByteBuffer, ByteBuffer> consumer = reader.borrow(namespace, view.partition().partition());
        boolean healthy = false;
        try {
            ViewCatchUp.CaughtUp caughtUp = ViewCatchUp.run(view, reader, consumer, namespace, deadline, progress);
            healthy = true;
            observer.onLocalStateLag(caughtUp.records());
            return caughtUp;
        } finally {
            reader.release(consumer, healthy);
        }
    }

    /**
     * The winners of the namespace's file: those {@linkplain ViewWinners cached} if the file has not grown since,
     * else those of the bytes after them (or of the whole file) offered to a copy. The file is rewritten if it has
     * grown well past its winners. The result is not to be changed: it may be the cached one.
     */
    private static EncodedLatestWins read(PartitionReader reader, PartitionView view, String namespace,
                                          byte[] prefix) {
        PartitionView.NamespaceFile file = view.file(namespace);
        ViewWinners winners = view.winners();
        if (file == null) {
            winners.remove(view.partition(), namespace);
            return new EncodedLatestWins();
        }
        ViewWinners.Cached cached = winners.get(view.partition(), namespace);
        EncodedLatestWins latest;
        if (cached != null && cached.file().equals(file.file) && cached.length() == file.length) {
            latest = cached.latest();
        } else {
            boolean grown = cached != null && cached.file().equals(file.file) && cached.length() < file.length;
            EncodedLatestWins into = grown ? cached.latest().copy()
                    : new EncodedLatestWins((int) Math.min(file.entries, 1 << 12));
            try {
                ViewEntries.read(view.path(file), grown ? cached.length() : 0, file.length, (offset, key, value) ->
                        reader.offer(into, namespace, prefix, view.partition(), offset, key, value));
            } catch (ViewEntries.Corrupt e) {
                throw new DamagedView("the file " + file.file + " of namespace '" + namespace + "' is damaged: "
                        + e.getMessage());
            } catch (IOException e) {
                throw view.failure("reading namespace '" + namespace + "'", e);
            }
            latest = into;
            winners.put(view.partition(), namespace, file.file, file.length, latest);
        }
        if (needsRewrite(file, latest)) {
            view.rewrite(file, latest);
        }
        return latest;
    }

    /** Whether {@code file}, whose winners are {@code latest}, is to be rewritten with them alone (or removed). */
    private static boolean needsRewrite(PartitionView.NamespaceFile file, EncodedLatestWins latest) {
        return file.entries >= REWRITE_MIN_ENTRIES && file.entries > 2L * latest.size() || latest.size() == 0;
    }

    /** A view file that does not hold what its checkpoint says: the view is rebuilt and read again. */
    private static final class DamagedView extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DamagedView(String message) {
            super(message, null, false, false);
        }
    }
}
