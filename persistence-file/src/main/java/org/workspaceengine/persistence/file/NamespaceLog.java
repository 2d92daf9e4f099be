package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compaction;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.spi.Directories;

/**
 * The file of one namespace: appends under a per-namespace lock (buffered under {@link Durability#NONE}, fsynced
 * with {@link GroupCommit} under {@link Durability#FSYNC}), consistent snapshots for readers, and the swap of a
 * compacted file. Reading is {@link LogScan} then {@link WinnerReader}; compaction is {@link LogCompaction}.
 *
 * <p>Locking: {@link #writeLock} guards the append position, the pending buffer and the current {@link Segment};
 * {@link #compactionLock} lets one compaction run at a time; a segment's monitor serializes its fsyncs.
 */
final class NamespaceLog {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(NamespaceLog.class);
    }

    /** The buffer size of {@link Durability#NONE}. */
    static final int PENDING_BYTES = 64 * 1024;

    private final String namespace;
    private final Path path;
    private final Path tempPath;
    private final Path rejectedPath;
    private final StoreConfig config;
    private final OpenFiles openFiles;
    private final GroupCommit groupCommit;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock compactionLock = new ReentrantLock();
    private final AtomicBoolean autoCompactionQueued = new AtomicBoolean();

    // Guarded by writeLock.
    private Segment segment;
    private byte[] pending;
    private int pendingLength;
    private long lineCount = -1;
    private long keyCount = -1;
    private long autoCompactionBackoffBytes;
    private volatile boolean fileOpen;
    private volatile long lastUsed;

    /** The log of {@code namespace} in {@code path}; its temporary and rejected-lines files are named after it. */
    NamespaceLog(String namespace, Path path, StoreConfig config, OpenFiles openFiles) {
        this.namespace = namespace;
        this.config = config;
        this.openFiles = openFiles;
        String fileName = path.getFileName().toString();
        this.path = path;
        this.tempPath = path.resolveSibling(fileName + NamespaceFileNames.TEMP_SUFFIX);
        this.rejectedPath = path.resolveSibling(fileName + NamespaceFileNames.REJECTED_SUFFIX);
        this.groupCommit = new GroupCommit(path, namespace);
    }

    String namespace() {
        return namespace;
    }

    Path path() {
        return path;
    }

    Path tempPath() {
        return tempPath;
    }

    /** Whether the file is open for appending. */
    boolean hasOpenFile() {
        return fileOpen;
    }

    /** When the file was last used ({@link System#nanoTime()}). */
    long lastUsed() {
        return lastUsed;
    }

    /** Where one append ended, for {@link #sync}. */
    record Appended(Segment segment, long end) {
    }

    // ---- appending -------------------------------------------------------------------------------------------

    /**
     * Appends {@code lines} (whole lines, each ending with a newline) holding {@code count} changes.
     *
     * @return where they ended, for {@link #sync}
     */
    Appended append(byte[] lines, int count) {
        writeLock.lock();
        try {
            lastUsed = System.nanoTime();
            Segment current = openSegment();
            if (config.durability() == Durability.NONE) {
                if (pendingLength + lines.length > PENDING_BYTES) {
                    flushPending(current);
                }
                if (lines.length >= PENDING_BYTES) {
                    write(current, lines, 0, lines.length);
                } else {
                    if (pending == null) {
                        pending = new byte[PENDING_BYTES];
                    }
                    System.arraycopy(lines, 0, pending, pendingLength, lines.length);
                    pendingLength += lines.length;
                }
            } else {
                write(current, lines, 0, lines.length);
            }
            current.appendedLines += count;
            groupCommit.appended();
            if (lineCount >= 0) {
                lineCount += count;
            }
            return new Appended(current, current.written + pendingLength);
        } finally {
            writeLock.unlock();
        }
    }

    /** The fsyncs {@link #sync} ran so far. */
    long fsyncs() {
        return groupCommit.fsyncs();
    }

    /** The saves {@linkplain #beginSave() begun} that have not appended yet. */
    int savesComing() {
        return groupCommit.savesComing();
    }

    /** A save to this namespace has begun: it will {@link #append} soon. Pair with {@link #endSave()}. */
    void beginSave() {
        groupCommit.beginSave();
    }

    /** A save {@linkplain #beginSave() begun} has appended its lines, or failed before. */
    void endSave() {
        groupCommit.endSave();
    }

    /** Forces the bytes up to {@code appended} to the disk, sharing the fsync with concurrent callers. */
    void sync(Appended appended) {
        groupCommit.sync(appended.segment(), appended.end());
    }

    /** Whether the namespace holds data (written or buffered). */
    boolean hasData() {
        writeLock.lock();
        try {
            return pendingLength > 0 || (segment != null && segment.written > 0);
        } finally {
            writeLock.unlock();
        }
    }

    /** Hands buffered lines ({@link Durability#NONE}) to the OS. */
    void flush() {
        writeLock.lock();
        try {
            if (segment != null) {
                flushPending(segment);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Hands buffered lines to the OS (and to the disk when {@code force}), then closes the file. */
    void close(boolean force) {
        writeLock.lock();
        try {
            if (segment == null) {
                return;
            }
            try {
                flushPending(segment);
                if (force) {
                    segment.channel.force(false);
                }
            } finally {
                dropSegment().retire();
            }
        } catch (IOException | PersistenceException e) {
            String lost = pendingLength == 0 ? "" : "; " + pendingLength + " bytes of acknowledged changes buffered "
                    + "under Durability.NONE could not be written and are lost";
            throw new PersistenceException("cannot close " + path + " (namespace '" + namespace + "'): " + e + lost,
                    e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes the file if no one is using it right now, writing buffered lines first (and forcing them to disk under
     * {@link Durability#FSYNC}, so that saves waiting for an fsync are covered).
     */
    void closeIfIdle() {
        if (compactionLock.isLocked() || !writeLock.tryLock()) {
            return;
        }
        try {
            if (segment == null || compactionLock.isLocked()) {
                return; // a compaction holds on to the segment until it swaps the file
            }
            flushPending(segment);
            if (segment != null && config.durability() == Durability.FSYNC) {
                segment.channel.force(false);
            }
            if (segment != null) {
                dropSegment().retire();
            }
        } catch (IOException | RuntimeException e) {
            Log.LOG.warn("cannot close idle file {} (namespace '{}'): {}", path, namespace, e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    /** Forgets the open segment (under writeLock) and returns it. */
    private Segment dropSegment() {
        Segment dropped = segment;
        segment = null;
        if (dropped != null) {
            fileOpen = false;
            openFiles.closed();
        }
        return dropped;
    }

    /**
     * Writes the buffered lines ({@link Durability#NONE}). They are acknowledged changes: they leave the buffer only
     * once written, so a failed write (a full disk) keeps them for the next attempt.
     */
    private void flushPending(Segment current) {
        if (pendingLength > 0) {
            write(current, pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    private void write(Segment current, byte[] bytes, int offset, int length) {
        long start = current.written;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                current.channel.write(buffer, start + buffer.position() - offset);
            }
            current.written = start + length;
        } catch (IOException e) {
            try {
                current.channel.truncate(start); // never leave part of a line behind
            } catch (IOException again) {
                e.addSuppressed(again);
                if (segment == current) {
                    dropSegment(); // re-open and repair the tail before the next append
                }
                Segment.closeQuietly(current.channel);
            }
            throw new PersistenceException("cannot write to " + path + " (namespace '" + namespace + "'): " + e, e);
        }
    }

    /** The open segment, opening the file (and repairing a torn tail) on first use. Under writeLock. */
    private Segment openSegment() {
        if (segment != null) {
            return segment;
        }
        FileChannel channel = null;
        try {
            boolean existed = StoreFiles.exists(path);
            channel = config.files().openForWriting(path);
            if (!existed && config.durability() == Durability.FSYNC) {
                Directories.sync(config.directory());
            }
            long size = TornTails.repair(channel, path, rejectedPath, namespace, config);
            segment = new Segment(channel, size);
            fileOpen = true;
            openFiles.opened(this);
            return segment;
        } catch (IOException e) {
            Segment.closeQuietly(channel);
            throw new PersistenceException("cannot open " + path + " (namespace '" + namespace + "'): " + e, e);
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** A file region to read: a channel on the file as it was, and the length of its whole lines. */
    record Snapshot(FileChannel channel, long length, Segment segment, long appendedLines) {
    }

    /**
     * A channel on the file and the length of its whole lines, or null if there is no file. The channel is the
     * reader's own, so a compaction that replaces the file meanwhile does not disturb it.
     *
     * @param forWrite whether the caller will write (compaction): then the file is opened for appending too
     */
    Snapshot snapshot(boolean forWrite) throws IOException {
        if (config.readOnly()) {
            return wholeFile();
        }
        writeLock.lock();
        try {
            lastUsed = System.nanoTime();
            if (segment == null) {
                if (!StoreFiles.exists(path)) {
                    return null;
                }
                if (!forWrite) {
                    // Read without opening the file for appending (no descriptor kept), unless its tail needs the
                    // repair that opening does.
                    FileChannel channel = config.files().openForReading(path);
                    long size = channel.size();
                    if (size == 0 || FileIo.lastByte(channel, size) == '\n') {
                        return new Snapshot(channel, size, null, 0);
                    }
                    channel.close();
                }
            }
            Segment current = openSegment();
            flushPending(current);
            FileChannel channel = config.files().openForReading(path);
            return new Snapshot(channel, current.written, current, current.appendedLines);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A channel on the whole file as it is, a last line without newline included, or null if there is no file:
     * what a read-only store reads, and what an inspection reads (it repairs nothing). Buffered lines are handed to
     * the OS first.
     */
    Snapshot wholeFile() throws IOException {
        if (!config.readOnly()) {
            flush();
        }
        try {
            FileChannel channel = config.files().openForReading(path);
            return new Snapshot(channel, channel.size(), null, 0);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Records line and key counts found by a scan of {@code snapshot}, for the automatic compaction policy. */
    void recordCounts(Snapshot snapshot, long lines, long keys) {
        if (config.readOnly()) {
            return;
        }
        writeLock.lock();
        try {
            if (segment == snapshot.segment()) {
                lineCount = lines + (segment == null ? 0 : segment.appendedLines - snapshot.appendedLines());
                keyCount = keys;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The latest change per entity, in replay order, deserializing only the winners ({@link LogReading}). */
    Changes load(ProgressListener progress) {
        return new LogReading(this, config).load(progress);
    }

    /** What a strict load finds wrong, every problem recorded ({@link LogReading}). */
    VerificationReport verify() {
        return new LogReading(this, config).verify();
    }

    /** Lines, bytes, live entities and deletion markers ({@link LogReading}). */
    StorageStats stats() {
        return new LogReading(this, config).stats();
    }

    /**
     * Deletes the namespace's file and its side files ({@link StoreFiles#deleteNamespaceFile}: crash-safely), after a
     * running compaction and under the write lock; buffered lines are dropped. A load running meanwhile reads the
     * whole file through its own channel; one started later finds no file. The log stays usable: the next save starts
     * a new file.
     */
    void delete() {
        compactionLock.lock();
        writeLock.lock();
        try {
            pendingLength = 0;
            if (segment != null) {
                dropSegment().retire();
            }
            lineCount = -1;
            keyCount = -1;
            StoreFiles.deleteNamespaceFile(path, config.directory(), rejectedPath, tempPath);
        } catch (IOException e) {
            throw new PersistenceException("cannot delete " + path + " (namespace '" + namespace + "'): " + e, e);
        } finally {
            writeLock.unlock();
            compactionLock.unlock();
        }
    }

    // ---- compaction ------------------------------------------------------------------------------------------

    /**
     * Rewrites the file to hold only the latest line per entity, atomically, while saves go on
     * ({@link LogCompaction}); one compaction at a time.
     *
     * @param minRatio rewrite only if lines per entity reach this ratio (0: always, when anything would shrink)
     * @return the file before and after, as the compaction counted it
     */
    Compaction compact(ProgressListener progress, double minRatio) {
        compactionLock.lock();
        try {
            return new LogCompaction(this, config).run(progress, minRatio);
        } catch (IOException e) {
            throw new PersistenceException("cannot compact " + path + " (namespace '" + namespace + "'): " + e, e);
        } finally {
            autoCompactionQueued.set(false);
            compactionLock.unlock();
        }
    }

    /**
     * Appends what was saved since {@code snapshot} to the compacted {@code temp} file, makes it durable and moves it
     * over the file; {@code rejected} lines (a lenient compaction's) go to the side file.
     */
    void swap(Snapshot snapshot, FileChannel temp, long tempLength, List<byte[]> rejected, int keptLines)
            throws IOException {
        writeLock.lock();
        try {
            Segment old = segment;
            if (old != snapshot.segment()) {
                throw new IOException("the file was closed or reopened during the compaction (a write failed?)");
            }
            flushPending(old);
            long end = old.written;
            long copied = 0;
            while (copied < end - snapshot.length()) {
                copied += old.channel.transferTo(snapshot.length() + copied, end - snapshot.length() - copied,
                        temp.position(tempLength + copied));
            }
            temp.force(true);
            if (!rejected.isEmpty()) {
                try (FileChannel side = config.files().openForAppending(rejectedPath)) {
                    for (byte[] line : rejected) {
                        side.write(ByteBuffer.wrap(line));
                        side.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    }
                    side.force(false);
                }
                Log.LOG.warn("{}: compaction moved {} corrupt line(s) to {}", path, rejected.size(), rejectedPath);
            }
            try {
                Files.move(tempPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace " + path + " atomically", e);
            }
            Directories.sync(config.directory());
            long newLines = keptLines + (old.appendedLines - snapshot.appendedLines());
            dropSegment().retire(); // its bytes are all in the new, synced file
            Segment fresh = openSegment();
            lineCount = newLines;
            keyCount = keptLines;
            fresh.appendedLines = 0;
        } finally {
            writeLock.unlock();
        }
    }

    /** Whether the file should be compacted by the automatic policy, judged after a save. */
    boolean wantsAutoCompaction() {
        if (config.autoCompactRatio() <= 0 || autoCompactionQueued.get()) {
            return false;
        }
        writeLock.lock();
        try {
            if (segment == null || segment.written + pendingLength < config.autoCompactMinBytes()
                    || segment.written + pendingLength < autoCompactionBackoffBytes) {
                return false;
            }
            // Unknown counts: the compaction's scan finds them, and rewrites only if the ratio is passed.
            return keyCount < 0 || lineCount < 0
                    || lineCount >= config.autoCompactRatio() * Math.max(1, keyCount);
        } finally {
            writeLock.unlock();
        }
    }

    /** An automatic compaction failed: do not try again before the file has doubled. */
    void autoCompactionFailed() {
        writeLock.lock();
        try {
            long size = segment == null ? 0 : segment.written + pendingLength;
            autoCompactionBackoffBytes = 2 * Math.max(size, Math.max(1, config.autoCompactMinBytes()));
        } finally {
            writeLock.unlock();
        }
    }

    /** Marks an automatic compaction as queued; false if one already is. */
    boolean queueAutoCompaction() {
        return autoCompactionQueued.compareAndSet(false, true);
    }
}
