package org.workspaceengine.persistence.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Records are buffered per namespace (8 MiB in all) and written to the files in bulk; a record's namespace is
 * found from its key's first bytes, {@code ["namespace",}, decoded once per catch-up. A record a load of any
 * namespace skips (no key, or a key that does not start the way {@link RecordKeys} writes a namespace) is skipped.
 * One use, by the holder of the view's lock; on a failure the view forgets its state and opens from disk again.
 */
final class ViewCatchUp {

    /** What a catch-up did, for a load's progress: its task and the offsets it read. */
    record CaughtUp(ProgressListener.Task task, long records) {
    }

    /** Bytes of records between two checkpoints of one catch-up; smaller in crash tests, to kill between them. */
    static volatile long checkpointBytes = 64L << 20;
    /** Bytes buffered in all before they are written to the files; smaller in crash tests. */
    static volatile long bufferedBytes = 8L << 20;
    private static final int OPEN_FILES = 128;
    /**
     * Whether each checkpoint forces the files first: only where the machine's boot cannot be told, since within one
     * boot the files hold what was written, and a view closed uncleanly is rebuilt after a restart
     * ({@link ViewCheckpoint#BOOT_ID}).
     */
    private static final boolean FORCE_FILES = ViewCheckpoint.BOOT_ID.isEmpty();
    private static final JsonFactory JSON = new JsonFactory();

    private final PartitionView view;
    private final String topicId;
    /** The file of each namespace prefix met (null for a prefix no load reads). */
    private final Map<ByteBuffer, PartitionView.NamespaceFile> byPrefix = new HashMap<>();
    private final Map<PartitionView.NamespaceFile, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashMap<PartitionView.NamespaceFile, FileChannel> open =
            new LinkedHashMap<>(16, 0.75f, true);
    private long buffered;
    private long sinceCheckpoint;
    private boolean created;

    private ViewCatchUp(PartitionView view, String topicId) {
        this.view = view;
        this.topicId = topicId;
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
        ProgressListener.Task task;
        if (end == view.covered() && view.distrust(topicId, end, end) == null) {
            // Caught up already: the beginning cannot have passed the view's offset, which is the end's.
            task = new ProgressListener.Task("load", namespace == null ? "" : namespace,
                    ProgressListener.Unit.RECORDS, 0);
            progress.onStart(task);
            return new CaughtUp(task, 0);
        }
        long begin = reader.offset(consumer, view.partition(), namespace, deadline, false);
        String cause = view.distrust(topicId, begin, end);
        if (cause != null) {
            view.rebuild(cause);
        }
        long from = Math.max(view.covered(), begin);
        PartitionReader.Range toRead = new PartitionReader.Range(from, end);
        task = new ProgressListener.Task("load", namespace == null ? "" : namespace,
                ProgressListener.Unit.RECORDS, toRead.size());
        progress.onStart(task);
        if (toRead.size() == 0 && view.covered() == end) {
            return new CaughtUp(task, 0);
        }
        ViewCatchUp catchUp = new ViewCatchUp(view, topicId);
        try {
            for (PartitionView.NamespaceFile file : view.files()) {
                catchUp.byPrefix.put(ByteBuffer.wrap(RecordKeys.namespacePrefix(file.namespace)), file);
            }
            reader.scan(consumer, view.partition(), namespace, toRead, deadline, record -> {
                if (catchUp.sinceCheckpoint >= checkpointBytes) {
                    catchUp.commit(record.offset());
                }
                catchUp.append(record);
            }, completed -> progress.onBatch(task, completed));
            catchUp.commit(end);
        } catch (RuntimeException | Error e) {
            catchUp.closeQuietly();
            view.discard();
            throw e;
        }
        return new CaughtUp(task, toRead.size());
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
        PartitionView.NamespaceFile file;
        if (byPrefix.containsKey(probe)) {
            file = byPrefix.get(probe);
        } else {
            byte[] prefix = Arrays.copyOfRange(key.array(), key.offset(), key.offset() + prefixLength);
            file = resolve(prefix);
            byPrefix.put(ByteBuffer.wrap(prefix), file);
        }
        if (file == null) {
            return;
        }
        Bytes value = record.value() == null ? null : Bytes.of(record.value());
        Pending out = pending.computeIfAbsent(file, f -> new Pending());
        view.appended(file);
        int written = ViewEntries.write(out, record.offset(), key, value);
        file.length += written;
        file.entries++;
        file.endsWithTombstone = value == null;
        buffered += written;
        sinceCheckpoint += written;
        if (buffered >= bufferedBytes) {
            try {
                flush();
            } catch (IOException e) {
                throw view.failure("writing", e);
            }
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
        String namespace;
        try (JsonParser parser = JSON.createParser(prefix, 1, prefix.length - 2)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            namespace = parser.getText();
        } catch (IOException e) {
            return null;
        }
        if (namespace.isEmpty() || !Arrays.equals(RecordKeys.namespacePrefix(namespace), prefix)) {
            return null; // not how this store writes the namespace: a load of it skips the record too
        }
        PartitionView.NamespaceFile file = view.file(namespace);
        if (file == null) {
            file = view.create(namespace);
            created = true;
        }
        return file;
    }

    private void flush() throws IOException {
        for (Map.Entry<PartitionView.NamespaceFile, Pending> entry : pending.entrySet()) {
            FileChannel channel = channel(entry.getKey());
            ByteBuffer bytes = entry.getValue().bytes();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
        pending.clear();
        buffered = 0;
    }

    private FileChannel channel(PartitionView.NamespaceFile file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel != null) {
            return channel;
        }
        if (open.size() >= OPEN_FILES) {
            Iterator<FileChannel> eldest = open.values().iterator();
            try (FileChannel closing = eldest.next()) {
                if (FORCE_FILES) {
                    closing.force(false);
                }
            }
            eldest.remove();
        }
        channel = FileChannel.open(view.path(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        open.put(file, channel);
        return channel;
    }

    /** Forces what was appended and checkpoints the view as covering the partition up to {@code offset}. */
    private void commit(long offset) {
        try {
            flush();
            for (Iterator<FileChannel> channels = open.values().iterator(); channels.hasNext(); ) {
                try (FileChannel channel = channels.next()) {
                    if (FORCE_FILES) {
                        channel.force(false);
                    }
                }
                channels.remove();
            }
            if (created && FORCE_FILES) {
                Directories.sync(view.directory());
                created = false;
            }
            view.checkpoint(offset, topicId);
            sinceCheckpoint = 0;
        } catch (IOException e) {
            throw view.failure("checkpointing", e);
        }
    }

    /** The entries of one file not written yet: a byte array output stream whose bytes are written without a copy. */
    private static final class Pending extends ByteArrayOutputStream {
        Pending() {
            super(4096);
        }

        ByteBuffer bytes() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    private void closeQuietly() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The view is opened from disk again, cut back to its last checkpoint.
            }
        }
        open.clear();
    }
}
