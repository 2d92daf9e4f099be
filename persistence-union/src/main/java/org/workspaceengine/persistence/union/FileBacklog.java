package org.workspaceengine.persistence.union;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.spi.Directories;
import org.workspaceengine.persistence.union.SegmentLines.Cursor;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * A durable {@link MemberBacklog}: one directory per member holding
 * <ul>
 *   <li>segments {@code changes-<number of its first change, 20 digits>.jsonl}: append-only JSON Lines, one change
 *       per line in the {@link WireFormat} (the bytes of a file store's line) or a namespace deletion
 *       ({@link NamespaceDeletionMark}), forced to the disk before an append returns;</li>
 *   <li>{@code delivered}: how many changes have been delivered, a {@link BacklogCheckpoint} written at most every
 *       {@value #CHECKPOINT_INTERVAL_MILLIS} ms while delivering and when the backlog empties. A crash loses at most
 *       that much progress: those changes are delivered again, which the latest-wins rule makes harmless.</li>
 * </ul>
 * After a crash, a torn last line (an append that never returned, so a save never acknowledged) is cut off when the
 * backlog is opened, and segments entirely delivered are deleted. A damaged line elsewhere is skipped with an ERROR
 * log line. A segment is closed at {@value #SEGMENT_BYTES} bytes; once the backlog is empty, its segments are deleted.
 *
 * <p>Changes appended by this process are kept in memory too (up to {@value #CACHE_BYTES} bytes of their lines), so
 * that delivering them decodes nothing; older ones are read back from the segments, the next batch
 * {@linkplain ReadAhead read ahead} while the current one is delivered.
 */
final class FileBacklog implements MemberBacklog, SegmentLines.Source {

    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    static final String CHECKPOINT_FILE = "delivered";
    static final long SEGMENT_BYTES = 64L << 20;
    static final long CACHE_BYTES = 32L << 20;
    private static final long CHECKPOINT_INTERVAL_MILLIS = 200;

    private final Path directory;
    private final String member;
    private final WireFormat encoder;
    private final WireFormat decoder;
    private final long limit;
    private final long segmentBytes;
    private final BacklogCheckpoint checkpoint;
    private final Map<Long, Path> segments = new ConcurrentSkipListMap<>(); // by the number of their first change
    private final Object lock = new Object();
    private final AppendedChanges appended; // guarded by lock
    private final ReadAhead readAhead;
    private FileChannel active; // guarded by lock: the segment appended to; null until the next append
    private long activeFirst; // guarded by lock
    private long activeSize; // guarded by lock
    private long delivered; // guarded by lock
    private long tail; // guarded by lock: the number the next appended change gets
    private boolean closed; // guarded by lock
    // The deliverer's own state: one thread at a time calls next and delivered.
    private Cursor cursor;
    private Cursor afterBatch;
    private FileChannel reading;
    private long readingSegment = -1;
    private long checkpointed;
    private long checkpointedAtNanos;

    private FileBacklog(Path directory, String member, WireFormat encoder, WireFormat decoder, long limit,
                        long segmentBytes, long cacheLimit) {
        this.segmentBytes = segmentBytes;
        this.appended = new AppendedChanges(cacheLimit);
        this.directory = directory;
        this.member = member;
        this.encoder = encoder;
        this.decoder = decoder;
        this.limit = limit;
        this.checkpoint = new BacklogCheckpoint(directory.resolve(CHECKPOINT_FILE));
        this.readAhead = new ReadAhead(this, segments::get, "union-backlog-read-ahead-" + member);
    }

    /**
     * Opens (creating if needed) the backlog in {@code directory}: cuts a torn last line, deletes what was delivered.
     *
     * @param encoder writes appended changes
     * @param decoder reads them back, with the registry of the member they are for
     * @throws PersistenceException if the directory cannot be read or written
     */
    static FileBacklog open(Path directory, String member, WireFormat encoder, WireFormat decoder, long limit) {
        return open(directory, member, encoder, decoder, limit, SEGMENT_BYTES, CACHE_BYTES);
    }

    /** {@link #open(Path, String, WireFormat, WireFormat, long)} with other segment and cache sizes, for tests. */
    static FileBacklog open(Path directory, String member, WireFormat encoder, WireFormat decoder, long limit,
                            long segmentBytes, long cacheBytes) {
        FileBacklog backlog = new FileBacklog(directory, member, encoder, decoder, limit, segmentBytes, cacheBytes);
        try {
            backlog.recover();
        } catch (IOException e) {
            throw new PersistenceException("cannot open the backlog of union member '" + member + "' in "
                    + directory + ": " + e, e);
        }
        return backlog;
    }

    /**
     * How many changes wait in the backlog in {@code directory}, read without changing anything (a torn last line is
     * not counted); 0 if there is none.
     */
    static long pendingIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        Map<Long, Path> segments = SegmentLines.list(directory);
        if (segments.isEmpty()) {
            return 0;
        }
        long delivered = new BacklogCheckpoint(directory.resolve(CHECKPOINT_FILE)).read();
        long first = segments.keySet().iterator().next();
        long tail = 0;
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            tail = segment.getKey() + SegmentLines.count(segment.getValue(), false);
        }
        return Math.max(0, tail - Math.max(delivered, first));
    }

    private void recover() throws IOException {
        Files.createDirectories(directory);
        checkpoint.deleteStaleTemp();
        long checkpointValue = checkpoint.read();
        segments.putAll(SegmentLines.list(directory));
        long end = -1;
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            if (end >= 0 && segment.getKey() != end) {
                LOG.warn("backlog of union member '{}': segment {} starts at change {}, expected {}", member,
                        segment.getValue(), segment.getKey(), end);
            }
            end = segment.getKey() + SegmentLines.count(segment.getValue(), true);
        }
        long first = segments.isEmpty() ? Math.max(0, checkpointValue) : segments.keySet().iterator().next();
        tail = Math.max(end, first);
        delivered = Math.min(tail, Math.max(first, checkpointValue < 0 ? first : checkpointValue));
        checkpointed = delivered;
        cursor = locate(delivered);
        deleteDelivered();
        if (tail > delivered) {
            LOG.info("backlog of union member '{}' in {} holds {} undelivered change(s)", member, directory,
                    tail - delivered);
        }
    }

    @Override
    public boolean append(Changes changes) {
        byte[][] lines = new byte[changes.size()][];
        long total = 0;
        for (int i = 0; i < lines.length; i++) {
            Change change = changes.get(i);
            lines[i] = NamespaceDeletionMark.is(change) ? NamespaceDeletionMark.line(change) : encoder.encode(change);
            total += lines[i].length + 1;
        }
        synchronized (lock) {
            if (closed) {
                throw new StoreClosedException("backlog of union member '" + member + "'");
            }
            if (tail - delivered + lines.length > limit && !MemberBacklog.onlyDeletions(changes)) {
                return false;
            }
            try {
                write(lines, total);
            } catch (IOException e) {
                throw new PersistenceException("cannot append " + lines.length + " change(s) to the backlog of union "
                        + "member '" + member + "' in " + directory + ": " + e, e);
            }
            long end = activeSize;
            for (int i = 0; i < lines.length; i++) {
                end += lines[i].length + 1;
                appended.add(tail + i, changes.get(i), lines[i].length + 1, activeFirst, end);
            }
            tail += lines.length;
            activeSize = end;
            if (activeSize >= segmentBytes) {
                closeActive();
            }
            return true;
        }
    }

    /** Writes the lines at the end of the active segment (opened first if needed) and forces them to the disk. */
    private void write(byte[][] lines, long total) throws IOException {
        if (active == null) {
            Path file = directory.resolve(SegmentLines.fileName(tail));
            active = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            activeFirst = tail;
            activeSize = 0;
            segments.put(tail, file);
            Directories.sync(directory);
        }
        ByteBuffer[] buffers = new ByteBuffer[lines.length * 2];
        ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
        for (int i = 0; i < lines.length; i++) {
            buffers[2 * i] = ByteBuffer.wrap(lines[i]);
            buffers[2 * i + 1] = newline.duplicate();
        }
        try {
            long written = 0;
            active.position(activeSize);
            while (written < total) {
                written += active.write(buffers);
            }
            active.force(false);
        } catch (IOException e) {
            // Cut what was written, so that the segment's lines stay numbered as the backlog counts them.
            try {
                active.truncate(activeSize);
                active.force(false);
            } catch (IOException truncation) {
                e.addSuppressed(truncation);
                closeActive(); // the next append starts a new segment; recovery counts what this one holds
            }
            throw e;
        }
    }

    @Override
    public Batch next(int maxChanges) {
        Batch batch = nextBatch(maxChanges);
        long from = batch.first() + batch.count();
        long to;
        synchronized (lock) {
            to = Math.min(tail, from + maxChanges);
            if (!appended.isEmpty() && appended.first() >= from) {
                to = Math.min(to, appended.first());
            }
        }
        if (!batch.isEmpty() && to > from && afterBatch != null) {
            readAhead.start(from, to, afterBatch);
        }
        return batch;
    }

    private Batch nextBatch(int maxChanges) {
        long from;
        long to;
        synchronized (lock) {
            from = delivered;
            to = Math.min(tail, from + maxChanges);
            if (from == to) {
                return new Batch(from, 0, List.of());
            }
            if (!appended.isEmpty() && appended.first() == from) {
                AppendedChanges.Taken taken = appended.take((int) (to - from));
                afterBatch = taken.after();
                return new Batch(from, taken.changes().size(), taken.changes());
            }
            if (!appended.isEmpty() && appended.first() > from) {
                to = Math.min(to, appended.first());
            }
        }
        return read(from, to);
    }

    @Override
    public void delivered(Batch batch) {
        long deliveredNow;
        boolean drained;
        synchronized (lock) {
            if (batch.first() != delivered) {
                throw new IllegalStateException("batch " + batch.first() + " is not the next one (" + delivered + ")");
            }
            delivered += batch.count();
            appended.dropBefore(delivered);
            drained = delivered == tail;
            if (drained) {
                closeActive();
            }
            deliveredNow = delivered;
        }
        cursor = afterBatch != null && afterBatch.next() == deliveredNow ? afterBatch : null;
        afterBatch = null;
        long now = System.nanoTime();
        if (drained || now - checkpointedAtNanos >= TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_INTERVAL_MILLIS)) {
            writeCheckpoint(deliveredNow);
            checkpointedAtNanos = now;
        }
    }

    private void writeCheckpoint(long value) {
        if (value <= checkpointed) {
            return;
        }
        try {
            checkpoint.write(value);
            checkpointed = value;
            deleteDelivered();
        } catch (IOException e) {
            LOG.warn("cannot record the delivery of the backlog of union member '{}' in {} ({}): after a restart, "
                    + "changes already delivered are delivered again", member, directory, e.toString());
        }
    }

    /** Deletes the segments whose every change is checkpointed as delivered, except the one appended to. */
    private void deleteDelivered() throws IOException {
        List<Path> deletable = new ArrayList<>();
        synchronized (lock) {
            Long previous = null;
            for (Long first : segments.keySet()) {
                if (previous != null && first <= checkpointed && !isActive(previous)) {
                    deletable.add(segments.get(previous));
                }
                previous = first;
            }
            if (previous != null && tail <= checkpointed && !isActive(previous)) {
                deletable.add(segments.get(previous));
            }
            for (Path file : deletable) {
                segments.values().remove(file);
            }
        }
        if (!deletable.isEmpty()) {
            closeReading();
            for (Path file : deletable) {
                Files.deleteIfExists(file);
            }
            Directories.sync(directory);
        }
    }

    private boolean isActive(long segment) {
        return active != null && activeFirst == segment;
    }

    @Override
    public long pending() {
        synchronized (lock) {
            return tail - delivered;
        }
    }

    /** Reads the undelivered lines for deletions, decoding no change. */
    @Override
    public List<String> pendingDeletions() {
        long from;
        long to;
        synchronized (lock) {
            from = delivered;
            to = tail;
        }
        if (from == to) {
            return List.of();
        }
        List<Change> deletions = new ArrayList<>();
        SegmentLines.Source deletionsOnly = new SegmentLines.Source() {
            @Override
            public FileChannel channel(long segment) throws IOException {
                return FileBacklog.this.channel(segment);
            }

            @Override
            public long segmentEnd(long segment) {
                return FileBacklog.this.segmentEnd(segment);
            }

            @Override
            public Change decode(byte[] bytes, int offset, int length, long segment, long number) {
                return NamespaceDeletionMark.isLine(bytes, offset, length)
                        ? FileBacklog.this.decode(bytes, offset, length, segment, number) : null;
            }
        };
        try {
            SegmentLines.read(deletionsOnly, locate(from), from, to, deletions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backlog of union member '" + member + "' in "
                    + directory + ": " + e, e);
        } finally {
            closeReading();
        }
        return MemberBacklog.namespaces(deletions);
    }

    @Override
    public long limit() {
        return limit;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void close() {
        long deliveredNow;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closeActive();
            deliveredNow = delivered;
        }
        writeCheckpoint(deliveredNow);
        readAhead.close();
        closeReading();
    }

    private void closeActive() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException e) {
                LOG.debug("closing a backlog segment of union member '{}' failed", member, e);
            }
            active = null;
        }
    }

    // ---- reading back ------------------------------------------------------------------------------------------

    /** The cursor at change {@code number}: the start of the segment holding it (lines before it are skipped). */
    private Cursor locate(long number) {
        long segment = -1;
        for (Long first : segments.keySet()) {
            if (first <= number) {
                segment = first;
            }
        }
        return segment < 0 ? new Cursor(number, number, 0) : new Cursor(segment, segment, 0);
    }

    /** Changes {@code from} (the first undelivered) up to {@code to}, read from the segments. */
    private Batch read(long from, long to) {
        ReadAhead.Result ahead = readAhead.take(from);
        if (ahead != null) {
            afterBatch = ahead.after();
            return new Batch(from, ahead.after().next() - from, ahead.changes());
        }
        Cursor at = cursor != null && cursor.next() <= from && segments.containsKey(cursor.segment()) ? cursor
                : locate(from);
        List<Change> changes = new ArrayList<>((int) Math.min(to - from, 4096));
        try {
            at = SegmentLines.read(this, at, from, to, changes);
        } catch (IOException e) {
            closeReading();
            throw new UncheckedIOException("cannot read the backlog of union member '" + member + "' in "
                    + directory + ": " + e, e);
        }
        afterBatch = at;
        return new Batch(from, at.next() - from, changes);
    }

    @Override
    public FileChannel channel(long segment) throws IOException {
        if (readingSegment != segment || reading == null) {
            closeReading();
            Path file = segments.get(segment);
            if (file == null) {
                throw new IOException("segment of change " + segment + " is gone from " + directory);
            }
            reading = FileChannel.open(file, StandardOpenOption.READ);
            readingSegment = segment;
        }
        return reading;
    }

    @Override
    public long segmentEnd(long segment) {
        synchronized (lock) {
            for (Long first : segments.keySet()) {
                if (first > segment) {
                    return first;
                }
            }
            return tail;
        }
    }

    /** Decodes one line of {@code segment}; a damaged one is logged and skipped (null). */
    @Override
    public Change decode(byte[] bytes, int offset, int length, long segment, long number) {
        try {
            if (NamespaceDeletionMark.isLine(bytes, offset, length)) {
                return NamespaceDeletionMark.read(bytes, offset, length);
            }
            return decoder.decode(bytes, offset, length);
        } catch (CorruptDataException e) {
            LOG.error("backlog of union member '{}': {} line {} is damaged and is skipped ({}); the member catches up "
                    + "on it through read-repair only", member, segments.get(segment), number - segment + 1,
                    e.getMessage());
            return null;
        }
    }

    private void closeReading() {
        if (reading != null) {
            try {
                reading.close();
            } catch (IOException e) {
                LOG.debug("closing a backlog segment of union member '{}' failed", member, e);
            }
            reading = null;
            readingSegment = -1;
        }
    }
}
