package org.workspaceengine.persistence.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.spi.Directories;

/**
 * Brings a {@link PartitionView} up to the end offset of its partition taken now (the last stable offset for a
 * transactional store, whose consumers read committed records only, so aborted records never reach the view): it
 * reads the records after the view's checkpoint, appends each to its namespace's file and writes a checkpoint (every
 * 64 MiB of records too, so a long catch-up that fails keeps what it had read). The files are forced first only where
 * the machine's boot is unknown ({@link ViewCheckpoint#BOOT_ID}); the store's close forces them otherwise. A view that
 * cannot be trusted against the partition as it is now is emptied and read from the partition's start.
 *
 * <p>The partition's beginning offset is asked for only when the view is empty, or when the first record read is not
 * at the view's offset (a gap that compaction or a transaction marker explains as well as deleted records): one round
 * trip less for most catch-ups of a view that has read the partition before.
 *
 * <p>Records are buffered per namespace (8 MiB in all) and written to the files in bulk, through the channels the view
 * keeps open; a record's namespace is found from its key's first bytes, {@code ["namespace",}, decoded once per
 * catch-up. A record a load of any namespace skips (no key, or a key that does not start the way {@link RecordKeys}
 * writes a namespace) is skipped. The records of the namespace being loaded are also offered to its winners (those
 * {@linkplain ViewWinners cached}, or none for a namespace new to the view), so that the load does not read its file
 * back. One use, by the holder of the view's lock; on a failure the view forgets its state and opens from disk again.
 */
final class ViewCatchUp {

    /** What a catch-up did, for a load's progress: its task and the offsets it read. */
    record CaughtUp(ProgressListener.Task task, long records) {
    }

    /** Bytes of records between two checkpoints of one catch-up; smaller in crash tests, to kill between them. */
    static volatile long checkpointBytes = 64L << 20;
    /** Bytes buffered in all before they are written to the files; smaller in crash tests. */
    static volatile long bufferedBytes = 8L << 20;
    /**
     * Bytes appended since the view's last checkpoint from which a catch-up ends with one; below them it leaves the
     * checkpoint as it is (a killed process's view is cut back to it and reads those records again, the store's close
     * writes one). Writing the checkpoint, a JSON file naming each of the partition's namespace files, cost 5-12 ms of
     * a 30 ms catch-up of 1,750 records. 0 in crash tests: a checkpoint per catch-up.
     */
    static volatile long lazyCheckpointBytes = 8L << 20;
    /** A namespace's buffer larger than this after a flush is let go rather than kept for the next records. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;
    private static final JsonFactory JSON = new JsonFactory();
    /** The target of a prefix that no load reads. */
    private static final Target SKIPPED = new Target(null);

    private final PartitionView view;
    private final PartitionReader reader;
    private final Consumer<ByteBuffer, ByteBuffer> consumer;
    private final String namespace;
    private final String topicId;
    private final long deadline;
    private final long end;
    /** Where the read starts: the view's offset, or the partition's beginning for an empty view. */
    private final long from;
    /** Whether the read is known to start where the view's records end (checked on the first record otherwise). */
    private boolean startChecked;
    /** Where each namespace prefix met goes. */
    private final Map<ByteBuffer, Target> byPrefix = new HashMap<>();
    /** The targets with buffered entries, in the order they were first buffered since the last flush. */
    private final List<Target> pending = new ArrayList<>();
    /** Channels written since the last checkpoint, to force where {@link PartitionView#FORCE_FILES}. */
    private final Set<FileChannel> written = new LinkedHashSet<>();
    private Collector collector;
    private long buffered;
    private long sinceCheckpoint;
    private boolean created;

    private ViewCatchUp(PartitionView view, PartitionReader reader, Consumer<ByteBuffer, ByteBuffer> consumer,
                        String namespace, String topicId, long deadline, long end, long from, boolean startChecked) {
        this.view = view;
        this.reader = reader;
        this.consumer = consumer;
        this.namespace = namespace;
        this.topicId = topicId;
        this.deadline = deadline;
        this.end = end;
        this.from = from;
        this.startChecked = startChecked;
    }

    /**
     * Catches {@code view}, whose lock the caller holds, up to its partition's end offset taken now, reading with
     * {@code consumer} before {@code deadline}; {@code namespace} (null for a listing) is what is being read, for
     * progress and messages.
     */
    static CaughtUp run(PartitionView view, PartitionReader reader, Consumer<ByteBuffer, ByteBuffer> consumer,
                        String namespace, long deadline, ProgressListener progress) {
        String topicId = reader.topicId();
        long end = reader.offset(consumer, view.partition(), namespace, deadline, true);
        String task = namespace == null ? "" : namespace;
        if (end == view.covered() && view.distrust(topicId, end, end) == null) {
            // Caught up already: the beginning cannot have passed the view's offset, which is the end's.
            ProgressListener.Task none = new ProgressListener.Task("load", task, ProgressListener.Unit.RECORDS, 0);
            progress.onStart(none);
            return new CaughtUp(none, 0);
        }
        if (view.covered() >= 0) {
            // Trusted as far as the end and the topic's id tell; the beginning is checked on the first record.
            String cause = view.distrust(topicId, view.covered(), end);
            if (cause != null) {
                view.rebuild(cause);
            }
        }
        ProgressListener.Task started = null;
        while (true) {
            boolean empty = view.covered() < 0;
            long begin = empty ? reader.offset(consumer, view.partition(), namespace, deadline, false)
                    : view.covered();
            PartitionReader.Range toRead = new PartitionReader.Range(begin, end);
            if (started == null) {
                started = new ProgressListener.Task("load", task, ProgressListener.Unit.RECORDS, toRead.size());
                progress.onStart(started);
            }
            if (toRead.size() == 0 && view.covered() == end) {
                return new CaughtUp(started, 0);
            }
            ViewCatchUp catchUp = new ViewCatchUp(view, reader, consumer, namespace, topicId, deadline, end, begin,
                    empty);
            try {
                catchUp.read(toRead, started, progress);
                return new CaughtUp(started, toRead.size());
            } catch (Restart restart) {
                catchUp.closeQuietly();
                view.rebuild(restart.getMessage()); // nothing was appended: the first record is checked first
            } catch (RuntimeException | Error e) {
                catchUp.closeQuietly();
                view.discard();
                throw e;
            }
        }
    }

    private void read(PartitionReader.Range toRead, ProgressListener.Task task, ProgressListener progress) {
        for (PartitionView.NamespaceFile file : view.files()) {
            byPrefix.put(ByteBuffer.wrap(RecordKeys.namespacePrefix(file.namespace)), new Target(file));
        }
        collector = Collector.of(view, namespace);
        reader.scan(consumer, view.partition(), namespace, toRead, deadline, record -> {
            if (!startChecked) {
                checkStart(record.offset());
            }
            if (sinceCheckpoint >= checkpointBytes) {
                commit(record.offset());
            }
            append(record);
        }, completed -> progress.onBatch(task, completed));
        if (!startChecked) {
            checkStart(end);
        }
        if (PartitionView.FORCE_FILES || !view.checkpointed()
                || view.uncheckpointed() + sinceCheckpoint >= lazyCheckpointBytes) {
            commit(end);
        } else {
            flush();
            view.advance(end, topicId, sinceCheckpoint);
        }
        if (collector != null && collector.file != null) {
            view.winners().put(view.partition(), namespace, collector.file.file, collector.file.length,
                    collector.latest);
        }
    }

    /**
     * Checks that the records read start where the view's end, {@code first} being the first offset read (the end
     * if none was): if not, asks for the partition's beginning, and restarts from an empty view if the records
     * between were deleted.
     */
    private void checkStart(long first) {
        startChecked = true;
        if (first == from) {
            return;
        }
        long begin = reader.offset(consumer, view.partition(), namespace, deadline, false);
        String cause = view.distrust(topicId, begin, end);
        if (cause != null) {
            throw new Restart(cause);
        }
    }

    private void append(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        if (record.key() == null) {
            return;
        }
        Bytes key = Bytes.of(record.key());
        int prefixLength = prefixLength(key);
        if (prefixLength < 0) {
            return;
        }
        ByteBuffer probe = ByteBuffer.wrap(key.array(), key.offset(), prefixLength);
        Target target = byPrefix.get(probe);
        if (target == null) {
            byte[] prefix = Arrays.copyOfRange(key.array(), key.offset(), key.offset() + prefixLength);
            PartitionView.NamespaceFile file = resolve(prefix);
            target = file == null ? SKIPPED : new Target(file);
            byPrefix.put(ByteBuffer.wrap(prefix), target);
        }
        PartitionView.NamespaceFile file = target.file;
        if (file == null) {
            return;
        }
        Bytes value = record.value() == null ? null : Bytes.of(record.value());
        if (target.buffer == null) {
            target.buffer = new ViewEntries.Buffer(4096);
            view.appended(file);
        }
        if (!target.queued) {
            target.queued = true;
            pending.add(target);
        }
        int written = target.buffer.write(record.offset(), key, value);
        file.length += written;
        file.entries++;
        file.endsWithTombstone = value == null;
        buffered += written;
        sinceCheckpoint += written;
        if (collector != null && collector.file == file) {
            collector.offer(reader, view, record.offset(), key, value);
        }
        if (buffered >= bufferedBytes) {
            flush();
        }
    }

    /**
     * The length of the key's {@code ["namespace",} prefix: up to the comma after its first JSON string, or -1 if it
     * does not start with one.
     */
    private static int prefixLength(Bytes key) {
        byte[] bytes = key.array();
        int start = key.offset();
        int end = start + key.length();
        if (key.length() < 4 || bytes[start] != '[' || bytes[start + 1] != '"') {
            return -1;
        }
        for (int i = start + 2; i < end; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i + 1 < end && bytes[i + 1] == ',' ? i + 2 - start : -1;
            }
        }
        return -1;
    }

    /** The file of the namespace of {@code prefix} (created if new), or null if no load reads that prefix. */
    private PartitionView.NamespaceFile resolve(byte[] prefix) {
        String name;
        try (JsonParser parser = JSON.createParser(prefix, 1, prefix.length - 2)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            name = parser.getText();
        } catch (IOException e) {
            return null;
        }
        if (name.isEmpty() || !Arrays.equals(RecordKeys.namespacePrefix(name), prefix)) {
            return null; // not how this store writes the namespace: a load of it skips the record too
        }
        PartitionView.NamespaceFile file = view.file(name);
        if (file == null) {
            file = view.create(name);
            created = true;
            if (collector != null && !collector.failed && name.equals(collector.namespace)) {
                collector.file = file;
            }
        }
        return file;
    }

    private void flush() {
        try {
            for (Target target : pending) {
                FileChannel channel = view.channel(target.file);
                ByteBuffer bytes = target.buffer.bytes();
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (PartitionView.FORCE_FILES) {
                    written.add(channel);
                }
                target.queued = false;
                if (target.buffer.capacity() > KEPT_BUFFER_BYTES) {
                    target.buffer = new ViewEntries.Buffer(4096);
                } else {
                    target.buffer.clear();
                }
            }
        } catch (IOException e) {
            throw view.failure("writing", e);
        }
        pending.clear();
        buffered = 0;
    }

    /** Writes what is buffered and checkpoints the view as covering the partition up to {@code offset}. */
    private void commit(long offset) {
        flush();
        try {
            if (PartitionView.FORCE_FILES) {
                for (FileChannel channel : written) {
                    if (channel.isOpen()) { // else the view closed it to open another, forcing it first
                        channel.force(false);
                    }
                }
                written.clear();
                if (created) {
                    Directories.sync(view.directory());
                    created = false;
                }
            }
            view.checkpoint(offset, topicId);
            sinceCheckpoint = 0;
        } catch (IOException e) {
            throw view.failure("checkpointing", e);
        }
    }

    /** A failed catch-up: its buffers are dropped (the view reopens from disk, or starts over, and closes its files). */
    private void closeQuietly() {
        pending.clear();
        written.clear();
    }

    /** Where the records of one prefix go: a namespace's file (null for a prefix no load reads) and its buffer. */
    private static final class Target {
        final PartitionView.NamespaceFile file;
        ViewEntries.Buffer buffer;
        boolean queued;

        Target(PartitionView.NamespaceFile file) {
            this.file = file;
        }
    }

    /**
     * The winners of the namespace being loaded, kept up with its records as they are appended: from those cached for
     * its file as it is (or none, for a namespace new to the view). A record that cannot be offered stops the
     * collecting, and the load reads the file, failing as a load of the log would.
     */
    private static final class Collector {
        final String namespace;
        final byte[] prefix;
        PartitionView.NamespaceFile file;
        final EncodedLatestWins latest;
        boolean failed;

        private Collector(String namespace, PartitionView.NamespaceFile file, EncodedLatestWins latest) {
            this.namespace = namespace;
            this.prefix = RecordKeys.namespacePrefix(namespace);
            this.file = file;
            this.latest = latest;
        }

        /** A collector for {@code namespace} of {@code view}, or null if its winners are not known as its file is. */
        static Collector of(PartitionView view, String namespace) {
            if (namespace == null) {
                return null;
            }
            PartitionView.NamespaceFile file = view.file(namespace);
            if (file == null) {
                return new Collector(namespace, null, new EncodedLatestWins());
            }
            ViewWinners.Cached cached = view.winners().get(view.partition(), namespace);
            if (cached == null || !cached.file().equals(file.file) || cached.length() != file.length) {
                return null;
            }
            return new Collector(namespace, file, cached.latest().copy());
        }

        void offer(PartitionReader reader, PartitionView view, long offset, Bytes key, Bytes value) {
            if (failed) {
                return;
            }
            try {
                reader.offer(latest, namespace, prefix, view.partition(), offset, key, value);
            } catch (RuntimeException e) {
                failed = true;
                file = null; // nothing cached: the load reads the file and reports the record
            }
        }
    }

    /** The partition's start has passed the view's offset: the view is emptied and read again. */
    private static final class Restart extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Restart(String message) {
            super(message, null, false, false);
        }
    }
}
