package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.WireFormat;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * The file of one namespace: appends under a per-namespace lock, group-committed fsyncs, streaming loads, and
 * compaction that lets saves continue while it reads.
 *
 * <p>Locking: {@link #writeLock} guards the append position, the pending buffer and the current {@link Segment};
 * {@link #compactionLock} lets one compaction run at a time; a segment's monitor serializes its fsyncs.
 */
final class NamespaceLog {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceLog.class);

    /** The buffer size of {@link Durability#NONE}. */
    static final int PENDING_BYTES = 64 * 1024;
    private static final int EXCERPT_CHARS = 80;
    private static final long SPIN_NANOS = 200_000;
    /** The longest an fsync waits for concurrent saves about to append, so that it covers them too. */
    private static final long GATHER_NANOS = 200_000;
    private static final int WARNINGS_PER_SCAN = 10;

    private final String namespace;
    private final Path path;
    private final Path tempPath;
    private final Path rejectedPath;
    private final StoreConfig config;
    private final OpenFiles openFiles;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock compactionLock = new ReentrantLock();
    private final AtomicBoolean autoCompactionQueued = new AtomicBoolean();
    // Group commit (FSYNC): saves begun but not yet appended, appends so far, and how many the last fsync covered.
    private final AtomicInteger savesComing = new AtomicInteger();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private long appendsSynced; // written by the caller running an fsync, under the segment's monitor
    private long lastGroup; // idem

    // Guarded by writeLock.
    private Segment segment;
    private byte[] pending;
    private int pendingLength;
    private long lineCount = -1;
    private long keyCount = -1;
    private long autoCompactionBackoffBytes;
    private volatile boolean fileOpen;
    private volatile long lastUsed;

    NamespaceLog(String namespace, StoreConfig config, OpenFiles openFiles) {
        this.namespace = namespace;
        this.config = config;
        this.openFiles = openFiles;
        String fileName = NamespaceFileNames.fileName(namespace);
        this.path = config.directory().resolve(fileName);
        this.tempPath = config.directory().resolve(fileName + NamespaceFileNames.TEMP_SUFFIX);
        this.rejectedPath = config.directory().resolve(fileName + NamespaceFileNames.REJECTED_SUFFIX);
    }

    String namespace() {
        return namespace;
    }

    Path path() {
        return path;
    }

    /** Whether the file is open for appending. */
    boolean hasOpenFile() {
        return fileOpen;
    }

    /** When the file was last used ({@link System#nanoTime()}). */
    long lastUsed() {
        return lastUsed;
    }

    /** An open file and how far it is written and synced. */
    private static final class Segment {
        final FileChannel channel;
        volatile long written;
        long appendedLines;
        // Written under this segment's monitor; read without it to skip covered syncs.
        volatile long synced;
        volatile boolean retired;
        volatile boolean syncing;

        Segment(FileChannel channel, long size) {
            this.channel = channel;
            this.written = size;
            this.synced = size;
        }
    }

    /** Where one append ended, for {@link #sync}. */
    record Appended(Object segment, long end) {
    }

    // ---------------------------------------------------------------------------------------------------- writing

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
            appends.incrementAndGet();
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
        return fsyncs.get();
    }

    /** The saves {@linkplain #beginSave() begun} that have not appended yet. */
    int savesComing() {
        return savesComing.get();
    }

    /** A save to this namespace has begun: it will {@link #append} soon. Pair with {@link #endSave()}. */
    void beginSave() {
        savesComing.incrementAndGet();
    }

    /** A save {@linkplain #beginSave() begun} has appended its lines, or failed before. */
    void endSave() {
        savesComing.decrementAndGet();
    }

    /**
     * Forces the bytes up to {@code appended} to the disk, sharing the fsync with concurrent callers (group commit):
     * one caller at a time forces the file, covering everything written before it started; callers whose bytes it
     * covered return without an fsync of their own, the others elect the next one.
     *
     * <p>Before forcing, the elected caller gives the saves that have {@linkplain #beginSave() begun}, or as many
     * as the last fsync covered (concurrent writers tend to come back), a moment to append: at most
     * {@link #GATHER_NANOS}. One fsync then covers a whole wave of concurrent saves rather than the few that
     * happened to be written. A lone writer never waits.
     */
    void sync(Appended appended) {
        Segment target = (Segment) appended.segment();
        long end = appended.end();
        if (target.synced >= end || target.retired) {
            return;
        }
        // While another caller's fsync runs, yield for a moment before parking: an fsync often takes only tens of
        // microseconds, less than a park and wake-up, and the next fsync may cover this caller's bytes too.
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (target.syncing && System.nanoTime() < spinUntil) {
            Thread.yield();
            if (target.synced >= end || target.retired) {
                return;
            }
        }
        long gathered;
        long sinceSynced;
        synchronized (target) {
            while (target.syncing) {
                try {
                    target.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PersistenceException("interrupted while waiting for the fsync of " + path
                            + " (namespace '" + namespace + "'); the save may not be durable", e);
                }
                if (target.synced >= end || target.retired) {
                    return;
                }
            }
            if (target.synced >= end || target.retired) {
                return;
            }
            target.syncing = true;
            gathered = lastGroup;
            sinceSynced = appendsSynced;
        }
        long gatherUntil = System.nanoTime() + GATHER_NANOS;
        while ((savesComing.get() > 0 || appends.get() - sinceSynced < gathered)
                && System.nanoTime() < gatherUntil) {
            Thread.yield(); // the saves coming need this core more than a spin does
        }
        long appendsCovered = appends.get();
        long upTo = target.written;
        boolean done = false;
        try {
            target.channel.force(false);
            fsyncs.incrementAndGet();
            done = true;
        } catch (IOException e) {
            throw new PersistenceException("cannot fsync " + path + " (namespace '" + namespace + "'): " + e, e);
        } finally {
            synchronized (target) {
                target.syncing = false;
                if (done && upTo > target.synced) {
                    target.synced = upTo;
                }
                lastGroup = appendsCovered - sinceSynced;
                appendsSynced = appendsCovered;
                target.notifyAll();
            }
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

    /** Whether the namespace holds data (written or buffered). */
    boolean hasData() {
        writeLock.lock();
        try {
            return pendingLength > 0 || (segment != null && segment.written > 0);
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
                retire(dropSegment());
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot close " + path + " (namespace '" + namespace + "'): " + e, e);
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
                retire(dropSegment());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot close idle file {} (namespace '{}'): {}", path, namespace, e.toString());
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

    private void flushPending(Segment current) {
        if (pendingLength > 0) {
            int length = pendingLength;
            pendingLength = 0;
            write(current, pending, 0, length);
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
                closeQuietly(current.channel);
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
            boolean existed = Files.exists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (!existed && config.durability() == Durability.FSYNC) {
                FileStore.syncDirectory(config.directory());
            }
            long size = repairTail(channel);
            segment = new Segment(channel, size);
            fileOpen = true;
            openFiles.opened(this);
            return segment;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new PersistenceException("cannot open " + path + " (namespace '" + namespace + "'): " + e, e);
        }
    }

    /**
     * Ends the file with a newline: a final line without one is kept if it is a complete change, otherwise (a write
     * torn by a crash) it is moved to the rejected-lines side file and cut off, so it is never glued to new data.
     *
     * @return the size of the file afterwards
     */
    private long repairTail(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || lastByte(channel, size) == '\n') {
            return size;
        }
        long tailStart = lastNewline(channel, size) + 1;
        long tailLength = size - tailStart;
        byte[] tail = null;
        if (tailLength < LineReader.MAX_LINE_BYTES) {
            tail = new byte[(int) tailLength];
            readFully(channel, ByteBuffer.wrap(tail), tailStart);
        }
        if (tail != null && isCompleteChange(tail)) {
            writeFully(channel, ByteBuffer.wrap(new byte[] {'\n'}), size);
            channel.force(false);
            LOG.warn("{}: the last line had no newline; it is a complete change, so a newline was added", path);
            return size + 1;
        }
        try (FileChannel side = FileChannel.open(rejectedPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (long copied = 0; copied < tailLength; ) {
                copied += channel.transferTo(tailStart + copied, tailLength - copied, side);
            }
            side.write(ByteBuffer.wrap(new byte[] {'\n'}));
            side.force(false);
        }
        channel.truncate(tailStart);
        channel.force(false);
        LOG.warn("{}: cut off a torn last line ({} bytes without newline, left by an interrupted write); "
                + "the bytes are kept in {}", path, tailLength, rejectedPath);
        return tailStart;
    }

    private boolean isCompleteChange(byte[] line) {
        try {
            return namespace.equals(config.wireFormat().decodeEnvelope(line).namespace());
        } catch (CorruptDataException e) {
            return false;
        }
    }

    private static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(channel, one, size - 1);
        return one.get(0);
    }

    private static long lastNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - start));
            readFully(channel, chunk, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return start + i;
                }
            }
            end = start;
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------- reading

    /** A file region to read: a channel on the file as it was, and the length of its whole lines. */
    private record Snapshot(FileChannel channel, long length, Segment segment, long appendedLines) {
    }

    /**
     * A channel on the file and the length of its whole lines, or null if there is no file. The channel is the
     * reader's own, so a compaction that replaces the file meanwhile does not disturb it.
     */
    private Snapshot snapshot(boolean forWrite) throws IOException {
        if (config.readOnly()) {
            try {
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                return new Snapshot(channel, channel.size(), null, 0);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        writeLock.lock();
        try {
            lastUsed = System.nanoTime();
            if (segment == null) {
                if (!Files.exists(path)) {
                    return null;
                }
                if (!forWrite) {
                    // Read without opening the file for appending (no descriptor kept), unless its tail needs the
                    // repair that opening does.
                    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                    long size = channel.size();
                    if (size == 0 || lastByte(channel, size) == '\n') {
                        return new Snapshot(channel, size, null, 0);
                    }
                    channel.close();
                }
            }
            Segment current = openSegment();
            flushPending(current);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new Snapshot(channel, current.written, current, current.appendedLines);
        } finally {
            writeLock.unlock();
        }
    }

    /** Records line and key counts found by a scan of {@code snapshot}, for the automatic compaction policy. */
    private void recordCounts(Snapshot snapshot, long lines, long keys) {
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

    /** The latest change per entity, in replay order, deserializing only the winners. */
    Changes load(ProgressListener progress) {
        try {
            Snapshot snapshot = snapshot(false);
            if (snapshot == null) {
                ProgressListener.Task task = new ProgressListener.Task("load", namespace,
                        ProgressListener.Unit.BYTES, 0);
                progress.onStart(task);
                progress.onEnd(task, 0);
                return Changes.empty();
            }
            try {
                return load(snapshot, progress);
            } finally {
                snapshot.channel().close();
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + path + " (namespace '" + namespace + "'): " + e, e);
        }
    }

    /**
     * Where the winning line of an entity is: what a scan keeps per entity instead of the line itself, so a large
     * file's scan holds little memory. A scan reuses the winners that later versions displace, so a file of
     * millions of versions costs few objects, and none that an aged winner would have to point to.
     */
    private static final class Winner {
        /** The line's first byte in the file. */
        long offset;
        /** The line's length without its newline. */
        int length;
        /** The 1-based line number. */
        long line;
        /** Whether the line is a deletion marker. */
        boolean unset;
        /** The line's timestamp, as {@link Instant#getEpochSecond()} and {@link Instant#getNano()}. */
        long seconds;
        int nanos;

        Winner set(long offset, int length, long line, boolean unset, Instant timestamp) {
            this.offset = offset;
            this.length = length;
            this.line = line;
            this.unset = unset;
            this.seconds = timestamp.getEpochSecond();
            this.nanos = timestamp.getNano();
            return this;
        }

        long offset() {
            return offset;
        }

        int length() {
            return length;
        }

        long line() {
            return line;
        }

        boolean unset() {
            return unset;
        }

        Instant timestamp() {
            return Instant.ofEpochSecond(seconds, nanos);
        }
    }

    /** The latest line per entity of the snapshot, in replay order; corrupt lines fail or are collected. */
    private final class WinnerScan extends Scan {
        final LatestWins<Winner> latest = new LatestWins<>();
        private Winner spare; // a winner displaced by a later version, to fill with the next line

        WinnerScan(ProgressListener.Task task, ProgressListener progress) {
            super(task, progress);
        }

        @Override
        void accept(Lines lines, int index, long lineNumber) {
            Instant timestamp = lines.timestamps[index];
            Winner winner = (spare != null ? spare : new Winner()).set(lines.position + lines.offsets[index],
                    lines.lengths[index], lineNumber, lines.unsets[index], timestamp);
            spare = latest.offerDisplacing(lines.entityTypes[index], lines.entityIds[index], timestamp, winner);
        }
    }

    private Changes load(Snapshot snapshot, ProgressListener progress) throws IOException {
        ProgressListener.Task task = new ProgressListener.Task("load", namespace, ProgressListener.Unit.BYTES,
                snapshot.length());
        progress.onStart(task);
        WinnerScan scan = new WinnerScan(task, progress);
        long lines = reader(snapshot.length()).read(snapshot.channel(), snapshot.length(), scan);
        scan.finish();
        List<Winner> winners = scan.latest.inReplayOrder();
        scan.latest.clear(); // free the key map before the entities are built
        // Read the winners again, in file order, and deserialize only them.
        Change[] changes = new Change[winners.size()];
        int skipped = readWinners(snapshot.channel(), winners, changes);
        recordCounts(snapshot, lines, winners.size());
        if (scan.skipped + skipped > 0) {
            LOG.warn("{}: skipped {} corrupt line(s) while loading namespace '{}' (lenient mode)", path,
                    scan.skipped + skipped, namespace);
        }
        List<Change> result = new ArrayList<>(changes.length);
        for (Change change : changes) {
            if (change != null) {
                result.add(change);
            }
        }
        progress.onEnd(task, snapshot.length());
        return Changes.of(result);
    }


    /** How many winners one deserialization task takes. */
    private static final int WINNER_BATCH = 1024;

    /** A winner whose entity could not be read. */
    private record Failure(Winner winner, CorruptDataException problem) {
    }

    /** The bytes of a batch of winners, to deserialize on a pool thread into their slots of the result. */
    private final class WinnerBatch implements java.util.concurrent.Callable<List<Failure>> {
        final int[] indices = new int[WINNER_BATCH];
        final int[] starts = new int[WINNER_BATCH + 1];
        byte[] bytes = new byte[WINNER_BATCH * 384];
        int size;
        private final List<Winner> winners;
        private final Change[] changes;

        WinnerBatch(List<Winner> winners, Change[] changes) {
            this.winners = winners;
            this.changes = changes;
        }

        boolean isFull() {
            return size == WINNER_BATCH;
        }

        void add(int index, ByteBuffer line) {
            int length = line.remaining();
            int start = starts[size];
            if (start + length > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + length));
            }
            line.get(bytes, start, length);
            indices[size] = index;
            starts[++size] = start + length;
        }

        @Override
        public List<Failure> call() {
            List<Failure> failures = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                try {
                    changes[indices[k]] = config.wireFormat().decode(bytes, starts[k], starts[k + 1] - starts[k]);
                } catch (CorruptDataException e) {
                    failures.add(new Failure(winners.get(indices[k]), e));
                }
            }
            return failures;
        }
    }

    /**
     * Deserializes the winners into {@code changes} (by their replay index), reading their lines in file order and
     * deserializing batches on the read pool.
     *
     * @return how many were skipped as corrupt (lenient mode)
     */
    private int readWinners(FileChannel channel, List<Winner> winners, Change[] changes) throws IOException {
        Integer[] byOffset = new Integer[winners.size()];
        for (int i = 0; i < byOffset.length; i++) {
            byOffset[i] = i;
        }
        java.util.Arrays.sort(byOffset, java.util.Comparator.comparingLong(i -> winners.get(i).offset()));
        java.util.concurrent.Executor executor = config.readPool().threads() > 1
                && winners.size() > 2 * WINNER_BATCH ? config.readPool().executor() : null;
        java.util.ArrayDeque<java.util.concurrent.Future<List<Failure>>> inFlight = new java.util.ArrayDeque<>();
        int maxInFlight = Math.max(2, config.readPool().threads() * 2);
        RangeReader ranges = new RangeReader(channel);
        int skipped = 0;
        try {
            WinnerBatch batch = new WinnerBatch(winners, changes);
            for (int index : byOffset) {
                Winner winner = winners.get(index);
                batch.add(index, ranges.read(winner.offset(), winner.length()));
                if (batch.isFull()) {
                    inFlight.add(submit(executor, batch));
                    batch = new WinnerBatch(winners, changes);
                    while (inFlight.size() >= maxInFlight) {
                        skipped += failures(inFlight.removeFirst());
                    }
                }
            }
            inFlight.add(submit(executor, batch));
            while (!inFlight.isEmpty()) {
                skipped += failures(inFlight.removeFirst());
            }
            return skipped;
        } finally {
            for (java.util.concurrent.Future<List<Failure>> pending : inFlight) {
                pending.cancel(false);
            }
        }
    }

    private static java.util.concurrent.Future<List<Failure>> submit(java.util.concurrent.Executor executor,
                                                                      WinnerBatch batch) {
        java.util.concurrent.FutureTask<List<Failure>> task = new java.util.concurrent.FutureTask<>(batch);
        if (executor == null) {
            task.run();
        } else {
            executor.execute(task);
        }
        return task;
    }

    /** Reports the failures of a batch: the first one fails the load, or each is skipped in lenient mode. */
    private int failures(java.util.concurrent.Future<List<Failure>> future) throws IOException {
        List<Failure> failures;
        try {
            failures = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while loading " + path);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        }
        for (Failure failure : failures) {
            CorruptDataException located = failure.problem().at(path + " line " + failure.winner().line());
            if (!config.lenient()) {
                throw located;
            }
            LOG.warn("skipped an entity that cannot be read (lenient mode): {}", located.getMessage());
        }
        return failures.size();
    }

    /** A corrupt line: what is wrong with it (with an excerpt), the exception behind it, and its bytes. */
    private record Corrupt(String problem, Throwable cause, byte[] bytes) {
    }

    /**
     * The envelopes of a chunk's lines as decoded on a pool thread, in arrays rather than an object per line: for
     * each non-blank line its index in the chunk, place, key, timestamp and type, or what makes it corrupt.
     */
    private final class Lines implements LineReader.Decoded, WireFormat.EnvelopeVisitor {
        final byte[] bytes;
        final long position;
        final int start;
        int lineCount;
        int size;
        int[] lineIndexes;
        int[] offsets;
        int[] lengths;
        String[] entityTypes;
        String[] entityIds;
        Instant[] timestamps;
        boolean[] unsets;
        Corrupt[] corrupt;

        /** Lines of {@code bytes} from {@code start}, which is byte {@code position} of the file. */
        Lines(byte[] bytes, int start, long position, int expected) {
            this.bytes = bytes;
            this.start = start;
            this.position = position - start;
            int capacity = Math.max(4, expected);
            lineIndexes = new int[capacity];
            offsets = new int[capacity];
            lengths = new int[capacity];
            entityTypes = new String[capacity];
            entityIds = new String[capacity];
            timestamps = new Instant[capacity];
            unsets = new boolean[capacity];
        }

        @Override
        public int lines() {
            return lineCount;
        }

        @Override
        public void envelope(int line, int offset, int length, String lineNamespace, ChangeType changeType,
                             String entityType, String entityId, Instant timestamp) {
            if (!lineNamespace.equals(namespace)) {
                corrupt(line, offset, length, new CorruptDataException("the line belongs to namespace '"
                        + lineNamespace + "', but this is the file of namespace '" + namespace + "'", null));
                return;
            }
            int i = add(line, offset, length);
            entityTypes[i] = entityType;
            entityIds[i] = entityId;
            timestamps[i] = timestamp;
            unsets[i] = changeType == ChangeType.UNSET;
        }

        @Override
        public void corrupt(int line, int offset, int length, CorruptDataException problem) {
            int i = add(line, offset, length);
            if (corrupt == null) {
                corrupt = new Corrupt[entityIds.length];
            }
            corrupt[i] = new Corrupt(problem.problem() + "; the line starts: " + excerpt(bytes, offset, length),
                    problem.getCause(), java.util.Arrays.copyOfRange(bytes, offset, offset + length));
        }

        /** The corrupt line at {@code index}, or null. */
        Corrupt corruptAt(int index) {
            return corrupt == null ? null : corrupt[index];
        }

        private int add(int line, int offset, int length) {
            if (size == entityIds.length) {
                int capacity = size * 2;
                lineIndexes = java.util.Arrays.copyOf(lineIndexes, capacity);
                offsets = java.util.Arrays.copyOf(offsets, capacity);
                lengths = java.util.Arrays.copyOf(lengths, capacity);
                entityTypes = java.util.Arrays.copyOf(entityTypes, capacity);
                entityIds = java.util.Arrays.copyOf(entityIds, capacity);
                timestamps = java.util.Arrays.copyOf(timestamps, capacity);
                unsets = java.util.Arrays.copyOf(unsets, capacity);
                if (corrupt != null) {
                    corrupt = java.util.Arrays.copyOf(corrupt, capacity);
                }
            }
            lineIndexes[size] = line;
            offsets[size] = offset;
            lengths[size] = length;
            return size++;
        }
    }

    /** A reader of this file's lines, decoding on the read pool when the file is large. */
    private LineReader<Lines> reader(long length) {
        boolean parallel = config.readPool().threads() > 1 && length > 2L * LineReader.CHUNK_BYTES;
        return new LineReader<>(parallel ? config.readPool().executor() : null, config.readPool().threads(),
                this::decodeLines);
    }

    /** Decodes the envelopes of the lines at file offset {@code position}; thread-safe. */
    private Lines decodeLines(byte[] bytes, int offset, int length, long position) {
        Lines lines = new Lines(bytes, offset, position, length / 200);
        int bom = position == 0 && length >= 3 && (bytes[offset] & 0xFF) == 0xEF
                && (bytes[offset + 1] & 0xFF) == 0xBB && (bytes[offset + 2] & 0xFF) == 0xBF ? 3 : 0;
        // A byte order mark some editors add is not part of the first line.
        lines.lineCount = config.wireFormat().decodeEnvelopes(bytes, offset + bom, length - bom, lines);
        return lines;
    }

    /** Takes decoded lines in file order: corrupt lines fail, or are skipped in lenient mode; a torn tail is ignored. */
    private abstract class Scan implements LineReader.Consumer<Lines> {
        private final ProgressListener.Task task;
        private final ProgressListener progress;
        long skipped;
        final List<byte[]> rejected = new ArrayList<>();

        Scan(ProgressListener.Task task, ProgressListener progress) {
            this.task = task;
            this.progress = progress;
        }

        /** Takes the well-formed line at {@code index} of {@code lines}, line {@code lineNumber} of the file. */
        abstract void accept(Lines lines, int index, long lineNumber);

        @Override
        public void lines(Lines lines, long firstLine) {
            for (int i = 0; i < lines.size; i++) {
                Corrupt corrupt = lines.corruptAt(i);
                if (corrupt == null) {
                    accept(lines, i, firstLine + lines.lineIndexes[i]);
                } else {
                    reject(corrupt.problem(), corrupt.cause(), corrupt.bytes(), firstLine + lines.lineIndexes[i]);
                }
            }
        }

        @Override
        public void tail(byte[] bytes, int offset, int length, long position, long lineNumber) {
            Lines line = decodeLines(bytes, offset, length, position);
            if (line.size == 0) {
                return;
            }
            if (line.corruptAt(0) == null) {
                accept(line, 0, lineNumber);
                return;
            }
            LOG.warn("{} line {}: ignored a torn last line ({} bytes without newline, left by an interrupted write "
                    + "or being written right now)", path, lineNumber, length);
        }

        @Override
        public void tooLong(long lineNumber, long length) {
            reject("the line is " + length + " bytes long, more than the " + LineReader.MAX_LINE_BYTES
                    + " bytes a line may have", null, null, lineNumber);
        }

        private void reject(String problem, Throwable cause, byte[] line, long lineNumber) {
            CorruptDataException located = new CorruptDataException(path + " line " + lineNumber, problem, cause);
            if (!config.lenient()) {
                throw located;
            }
            skipped++;
            if (line != null) {
                rejected.add(line);
            }
            if (skipped <= WARNINGS_PER_SCAN) {
                LOG.warn("skipped a corrupt line (lenient mode): {}", located.getMessage());
            }
        }

        @Override
        public void progress(long bytesRead) {
            progress.onBatch(task, bytesRead);
        }

        void finish() {
            if (skipped > WARNINGS_PER_SCAN) {
                LOG.warn("{}: {} more corrupt lines skipped without a warning each", path,
                        skipped - WARNINGS_PER_SCAN);
            }
        }
    }

    /** The start of a line, decoded leniently and stripped of control characters, for error messages. */
    static String excerpt(byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, Math.min(length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(EXCERPT_CHARS + 8).append('`');
        int shown = 0;
        for (int i = 0; i < text.length() && shown < EXCERPT_CHARS; i++, shown++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        out.append('`');
        if (shown < text.length() || length > EXCERPT_CHARS * 4) {
            out.append(" (").append(length).append(" bytes)");
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------- compaction

    /**
     * Rewrites the file to hold only the latest line per entity (dropping deletion markers older than the retention),
     * atomically, while saves go on.
     *
     * @param minRatio rewrite only if lines per entity reach this ratio (0: always, when anything would shrink)
     */
    void compact(ProgressListener progress, double minRatio) {
        compactionLock.lock();
        try {
            compactLocked(progress, minRatio);
        } catch (IOException e) {
            throw new PersistenceException("cannot compact " + path + " (namespace '" + namespace + "'): " + e, e);
        } finally {
            autoCompactionQueued.set(false);
            compactionLock.unlock();
        }
    }

    private void compactLocked(ProgressListener progress, double minRatio) throws IOException {
        Snapshot snapshot = snapshot(true);
        long length = snapshot == null ? 0 : snapshot.length();
        ProgressListener.Task task = new ProgressListener.Task("compact", namespace, ProgressListener.Unit.BYTES,
                length);
        progress.onStart(task);
        if (snapshot == null || length == 0) {
            if (snapshot != null) {
                recordCounts(snapshot, 0, 0);
                snapshot.channel().close();
            }
            progress.onEnd(task, 0);
            return;
        }
        try {
            compactSnapshot(snapshot, task, progress, minRatio);
        } finally {
            snapshot.channel().close();
        }
    }

    private void compactSnapshot(Snapshot snapshot, ProgressListener.Task task, ProgressListener progress,
                                 double minRatio) throws IOException {
        long length = snapshot.length();
        WinnerScan scan = new WinnerScan(task, progress);
        long lines = reader(length).read(snapshot.channel(), length, scan);
        scan.finish();
        LatestWins<Winner> latest = scan.latest;
        int keys = latest.size();
        if (config.unsetRetention() != null) {
            Instant horizon = config.clock().instant().minus(config.unsetRetention());
            latest.removeIf(winner -> winner.unset() && winner.timestamp().isBefore(horizon));
        }
        List<Winner> winners = latest.inReplayOrder();
        boolean shrinks = winners.size() < lines || !scan.rejected.isEmpty();
        if (!shrinks || (minRatio > 0 && lines < minRatio * Math.max(1, keys))) {
            recordCounts(snapshot, lines, keys);
            progress.onEnd(task, length);
            return;
        }
        try (FileChannel temp = FileChannel.open(tempPath, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long written = writeLines(snapshot.channel(), temp, winners);
            swap(snapshot, temp, written, scan.rejected, winners.size());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tempPath);
            throw e;
        }
        LOG.info("compacted {}: {} lines to {} ({} bytes before)", path, lines, winners.size(), length);
        progress.onEnd(task, length);
    }

    /**
     * Copies the winning lines to {@code temp} in file order: a filter of the file that keeps every line as stored.
     * Loading gives the same result as in replay order, since ties keep their file order either way.
     */
    private static long writeLines(FileChannel source, FileChannel temp, List<Winner> winners) throws IOException {
        List<Winner> inFileOrder = new ArrayList<>(winners);
        inFileOrder.sort(java.util.Comparator.comparingLong(Winner::offset));
        RangeReader ranges = new RangeReader(source);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long position = 0;
        for (Winner winner : inFileOrder) {
            ByteBuffer line = ranges.read(winner.offset(), winner.length());
            if (line.remaining() + 1 > buffer.remaining()) {
                buffer.flip();
                position += writeFully(temp, buffer, position);
                buffer.clear();
            }
            if (line.remaining() + 1 > buffer.capacity()) {
                position += writeFully(temp, line, position);
                position += writeFully(temp, ByteBuffer.wrap(new byte[] {'\n'}), position);
            } else {
                buffer.put(line).put((byte) '\n');
            }
        }
        buffer.flip();
        position += writeFully(temp, buffer, position);
        return position;
    }

    /** Appends what was saved meanwhile to the temp file, makes it durable and moves it over the file. */
    private void swap(Snapshot snapshot, FileChannel temp, long tempLength, List<byte[]> rejected, int keptLines)
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
                try (FileChannel side = FileChannel.open(rejectedPath, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    for (byte[] line : rejected) {
                        side.write(ByteBuffer.wrap(line));
                        side.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    }
                    side.force(false);
                }
                LOG.warn("{}: compaction moved {} corrupt line(s) to {}", path, rejected.size(), rejectedPath);
            }
            try {
                Files.move(tempPath, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace " + path + " atomically", e);
            }
            FileStore.syncDirectory(config.directory());
            long newLines = keptLines + (old.appendedLines - snapshot.appendedLines());
            retire(dropSegment()); // its bytes are all in the new, synced file
            Segment fresh = openSegment();
            lineCount = newLines;
            keyCount = keptLines;
            fresh.appendedLines = 0;
        } finally {
            writeLock.unlock();
        }
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    private static int writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = buffer.remaining();
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        return total;
    }

    /** Closes a segment once no fsync runs on it; waiting syncs return (its bytes were made durable elsewhere). */
    private static void retire(Segment old) {
        synchronized (old) {
            while (old.syncing) {
                try {
                    old.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            old.retired = true;
            old.notifyAll();
        }
        closeQuietly(old.channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to save through it.
            }
        }
    }
}
