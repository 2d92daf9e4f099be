package org.workspaceengine.persistence.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.spi.Directories;

/**
 * One partition's {@linkplain LocalState local view}: a directory holding a file of entries ({@link ViewEntries})
 * per namespace and a {@link ViewCheckpoint}. This class keeps the view's state as of its last checkpoint, opens it
 * from disk, decides whether it can be trusted, and reads and rewrites namespace files; {@link ViewCatchUp} appends
 * the records after the checkpoint. Each operation holds the partition's lock, so concurrent loads of one partition
 * share one catch-up.
 *
 * <p>On opening, a namespace file longer than its checkpoint says is cut back to that length (the bytes after it
 * were written after the checkpoint, and are read again from the log), and files the checkpoint does not name are
 * deleted (left by a catch-up or a rewrite that did not reach its checkpoint). A file shorter than its checkpoint
 * says, a missing or damaged checkpoint, one of another topic or isolation level, and (when caught up) a different
 * topic id or offsets the partition no longer has all mean the view cannot be trusted: it is emptied and read again
 * from the log, and a warning says why.
 */
final class PartitionView {

    /** Made on first use: a store that never rebuilds a view logs nothing. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(PartitionView.class);
    }

    /** A namespace's file as the view knows it: as of the last checkpoint, or being appended to by a catch-up. */
    static final class NamespaceFile {
        final String namespace;
        String file;
        long length;
        long entries;
        boolean endsWithTombstone;

        NamespaceFile(String namespace, String file, long length, long entries, boolean endsWithTombstone) {
            this.namespace = namespace;
            this.file = file;
            this.length = length;
            this.entries = entries;
            this.endsWithTombstone = endsWithTombstone;
        }
    }

    /** Namespace files kept open for appending between catch-ups ({@link ViewChannels}). */
    static final int OPEN_FILES = 256;
    /**
     * Whether appends and rewrites force the files they write: only where the machine's boot cannot be told, since
     * within one boot the files hold what was written, and a view closed uncleanly is rebuilt after a restart
     * ({@link ViewCheckpoint#BOOT_ID}).
     */
    static final boolean FORCE_FILES = ViewCheckpoint.BOOT_ID.isEmpty();

    private final Path directory;
    private final TopicPartition partition;
    private final boolean readCommitted;
    private final ViewWinners winners;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private boolean opened;
    private long covered = -1;
    private String topicId = "";
    private long nextFile;
    private final Map<String, NamespaceFile> files = new HashMap<>();
    private volatile String lastRebuild;
    /** Whether the checkpoint on disk covers less than {@link #covered} (guarded by lock). */
    private boolean behind;
    /** Whether a checkpoint of this view is on disk (guarded by lock). */
    private boolean checkpointed;
    /** Bytes appended to the files since the last checkpoint (guarded by lock). */
    private long uncheckpointed;
    /** Files appended to since the last checkpoint written with every file forced (guarded by lock). */
    private final Set<String> unforced = new HashSet<>();
    /** Guarded by lock. */
    private final ViewChannels channels;

    PartitionView(Path directory, TopicPartition partition, boolean readCommitted, ViewWinners winners) {
        this.directory = directory;
        this.partition = partition;
        this.readCommitted = readCommitted;
        this.winners = winners;
        this.channels = new ViewChannels(directory, OPEN_FILES, FORCE_FILES);
    }

    /** The winners cached for this view's namespaces (shared by the views of one local state). */
    ViewWinners winners() {
        return winners;
    }

    /**
     * The channel that appends to {@code file}, opened (and created) if it is not open; the caller holds the lock.
     * Opening one past {@link #OPEN_FILES} closes the least recently used.
     */
    FileChannel channel(NamespaceFile file) throws IOException {
        return channels.get(file.file);
    }

    /** The number of channels open; the caller holds the lock. */
    int openChannels() {
        return channels.size();
    }

    /** Why the view was last emptied to be read again from the log in this process; null if it never was. */
    String lastRebuild() {
        return lastRebuild;
    }

    TopicPartition partition() {
        return partition;
    }

    Path directory() {
        return directory;
    }

    /**
     * Takes the partition's lock before {@code deadline}.
     *
     * @return false if it did not become free in time
     */
    boolean lock(long deadline) {
        try {
            return lock.tryLock(Math.max(0, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while waiting for the local view of " + where(), e);
        }
    }

    void unlock() {
        lock.unlock();
    }

    /** The offset the view covers (-1 when it holds nothing yet); the caller holds the lock. */
    long covered() {
        open();
        return covered;
    }

    /**
     * Why the view cannot be trusted against the partition as it is now (its id and its offsets), or null if it
     * can; the caller holds the lock.
     */
    String distrust(String currentTopicId, long logStart, long logEnd) {
        open();
        if (covered < 0) {
            return null;
        }
        if (!topicId.isEmpty() && !currentTopicId.isEmpty() && !topicId.equals(currentTopicId)) {
            return "the topic's id is " + currentTopicId + ", not " + topicId + " as when the view was read: the "
                    + "topic was deleted and created again";
        }
        if (covered > logEnd) {
            return "the view covers the partition up to offset " + covered + " but the partition ends at offset "
                    + logEnd + ": the topic or its records were replaced";
        }
        if (covered < logStart && !files.isEmpty()) {
            return "the partition now starts at offset " + logStart + ", past offset " + covered + " up to which "
                    + "the view covers it: records the view has not read were deleted";
        }
        return null;
    }

    /** Empties the view, saying why in a warning; the caller holds the lock. */
    void rebuild(String cause) {
        Log.LOG.warn("rebuilding the local view of {} from the log: {}", where(), cause);
        lastRebuild = cause;
        wipe();
    }

    /** The namespace's file, or null if the view has no record of it; the caller holds the lock. */
    NamespaceFile file(String namespace) {
        open();
        return files.get(namespace);
    }

    /** Every namespace file of the view; the caller holds the lock. */
    List<NamespaceFile> files() {
        open();
        return new ArrayList<>(files.values());
    }

    /** A namespace file new to the view, empty, with a name no file has had; the caller holds the lock. */
    NamespaceFile create(String namespace) {
        NamespaceFile file = new NamespaceFile(namespace, (nextFile++) + ".view", 0, 0, false);
        files.put(namespace, file);
        return file;
    }

    Path path(NamespaceFile file) {
        return directory.resolve(file.file);
    }

    /**
     * Records that the view covers the partition up to {@code offset} with its files as they are now, and that it was
     * read from the topic of {@code id}; the caller holds the lock, and has forced the files to disk where the
     * machine's boot is unknown ({@link ViewCheckpoint#BOOT_ID}).
     */
    void checkpoint(long offset, String id) throws IOException {
        checkpoint(offset, id, unforced.isEmpty());
    }

    /**
     * Records that the view covers the partition up to {@code offset} with its files as they are now, {@code bytes}
     * having been appended to them, without writing a checkpoint: a killed process leaves the last one, and the next
     * opening cuts the files back to it and reads the records after it again. The caller holds the lock.
     */
    void advance(long offset, String id, long bytes) {
        covered = offset;
        if (!id.isEmpty()) {
            topicId = id;
        }
        uncheckpointed += bytes;
        behind = true;
    }

    /** Bytes appended since the last checkpoint by catch-ups that did not write one; the caller holds the lock. */
    long uncheckpointed() {
        return uncheckpointed;
    }

    /** Whether the view has a checkpoint on disk; the caller holds the lock. */
    boolean checkpointed() {
        return checkpointed;
    }

    /** Notes that {@code file} was appended to without being forced. */
    void appended(NamespaceFile file) {
        if (!ViewCheckpoint.BOOT_ID.isEmpty()) {
            unforced.add(file.file); // else each catch-up forces the files it appended to before its checkpoint
        }
    }

    /**
     * Forces the files appended to since the last forced checkpoint, and writes one: a view closed cleanly survives a
     * restart of the machine. Waits up to {@code deadline} for the partition's lock; does nothing if the view was
     * never opened.
     */
    void close(long deadline) {
        if (!lock(deadline)) {
            Log.LOG.warn("closing the local view of {}: a load still held it; its files are not forced, so a "
                    + "restart of the machine would rebuild it", where());
            return;
        }
        try {
            if (!opened || unforced.isEmpty() && !behind) {
                return;
            }
            for (String name : unforced) {
                FileChannel open = channels.ifOpen(name);
                if (open != null) {
                    open.force(false);
                    continue;
                }
                Path file = directory.resolve(name);
                if (Files.exists(file)) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.force(false);
                    }
                }
            }
            Directories.sync(directory);
            checkpoint(covered, "", true);
            unforced.clear();
        } catch (IOException | RuntimeException e) {
            Log.LOG.warn("closing the local view of {}: forcing its files failed ({}); a restart of the machine "
                    + "would rebuild it", where(), e.toString());
        } finally {
            channels.closeAll();
            unlock();
        }
    }

    private void checkpoint(long offset, String id, boolean forced) throws IOException {
        covered = offset;
        if (!id.isEmpty()) {
            topicId = id;
        }
        List<ViewCheckpoint.NamespaceFile> entries = new ArrayList<>(files.size());
        for (NamespaceFile file : files.values()) {
            entries.add(new ViewCheckpoint.NamespaceFile(file.namespace, file.file, file.length, file.entries,
                    file.endsWithTombstone));
        }
        new ViewCheckpoint(partition.topic(), topicId, partition.partition(), readCommitted, covered, nextFile,
                entries, ViewCheckpoint.BOOT_ID, forced).write(directory);
        checkpointed = true;
        behind = false;
        uncheckpointed = 0;
    }

    /**
     * Replaces the file of {@code namespace} by one holding {@code latest} alone (the latest-wins result of reading
     * it), or removes it when there are none: equivalent for every later read, since a version that lost, and a key
     * a tombstone ended, change nothing that follows. The new file is written before the checkpoint names it (forced
     * where {@link #FORCE_FILES}; else like a catch-up's appends, forced at a clean close, and a checkpoint written
     * before that is not trusted after a restart of the machine); the old one is deleted after. The winners cached
     * for it follow it. The caller holds the lock.
     */
    void rewrite(NamespaceFile file, EncodedLatestWins latest) {
        Path old = path(file);
        String oldName = file.file;
        try {
            channels.close(oldName);
            if (latest.size() == 0) {
                files.remove(file.namespace);
                winners.remove(partition, file.namespace);
                checkpoint(covered, "");
            } else {
                String name = (nextFile++) + ".view";
                long length = ViewEntries.write(directory.resolve(name), latest.inOfferOrder(), FORCE_FILES);
                if (FORCE_FILES) {
                    Directories.sync(directory);
                } else {
                    unforced.add(name);
                }
                file.file = name;
                file.length = length;
                file.entries = latest.size();
                file.endsWithTombstone = false;
                checkpoint(covered, "");
                winners.put(partition, file.namespace, name, length, latest);
            }
            Files.deleteIfExists(old);
            unforced.remove(oldName);
        } catch (IOException | RuntimeException e) {
            discard();
            throw failure("rewriting the view file " + old + " of namespace '" + file.namespace + "'", e);
        }
    }

    /**
     * Forgets the state in memory, so that the next use opens the view from disk again (cutting back what was
     * written after the last checkpoint); after a failure. The caller holds the lock.
     */
    void discard() {
        opened = false;
        channels.closeAll();
        winners.clear(partition);
        unforced.clear();
        behind = false;
        checkpointed = false;
        uncheckpointed = 0;
        files.clear();
        covered = -1;
        topicId = "";
        nextFile = 0;
    }

    PersistenceException failure(String doing, Exception e) {
        Exception cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        if (cause instanceof PersistenceException persistence) {
            return persistence;
        }
        return new PersistenceException(doing + " in the local view of " + where() + " (" + directory + ") failed: "
                + cause, cause);
    }

    String where() {
        return "Kafka topic '" + partition.topic() + "' partition " + partition.partition();
    }

    /** Opens the view from disk once: cuts files back to their checkpoint, or empties an untrusted view. */
    private void open() {
        if (opened) {
            return;
        }
        try {
            Files.createDirectories(directory);
            String cause = load();
            if (cause != null) {
                rebuild(cause);
            }
            opened = true;
        } catch (IOException e) {
            discard();
            throw failure("opening", e);
        }
    }

    /** Reads the checkpoint and checks the files; why the view cannot be trusted, or null. */
    private String load() throws IOException {
        ViewCheckpoint checkpoint;
        try {
            checkpoint = ViewCheckpoint.read(directory);
        } catch (ViewEntries.Corrupt e) {
            return "its checkpoint is damaged (" + e.getMessage() + ")";
        }
        if (checkpoint == null) {
            if (hasFiles()) {
                return "it has no checkpoint";
            }
            wipe();
            return null;
        }
        if (!checkpoint.topic().equals(partition.topic()) || checkpoint.partition() != partition.partition()) {
            return "its checkpoint is of topic '" + checkpoint.topic() + "' partition " + checkpoint.partition();
        }
        String boot = ViewCheckpoint.BOOT_ID;
        if (!checkpoint.forced() && (boot.isEmpty() || !boot.equals(checkpoint.bootId()))) {
            return "the machine restarted since its last checkpoint, which was not written at a clean close: its "
                    + "files may have lost writes the checkpoint counts";
        }
        if (checkpoint.readCommitted() != readCommitted) {
            return "it was read by a " + (checkpoint.readCommitted() ? "" : "non-") + "transactional store, and "
                    + "this one is " + (readCommitted ? "" : "not ") + "transactional";
        }
        Set<String> named = new HashSet<>();
        for (ViewCheckpoint.NamespaceFile file : checkpoint.namespaces()) {
            Path path = directory.resolve(file.file());
            long size = Files.exists(path) ? Files.size(path) : -1;
            if (size < file.length()) {
                return "the file " + file.file() + " of namespace '" + file.namespace() + "' has "
                        + (size < 0 ? "gone" : size + " bytes") + ", fewer than the " + file.length()
                        + " of its checkpoint";
            }
            named.add(file.file());
        }
        files.clear();
        for (ViewCheckpoint.NamespaceFile file : checkpoint.namespaces()) {
            Path path = directory.resolve(file.file());
            if (Files.size(path) > file.length()) {
                // Written after the checkpoint by a catch-up that did not finish: read again from the log.
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    channel.truncate(file.length());
                    channel.force(true);
                }
            }
            files.put(file.namespace(), new NamespaceFile(file.namespace(), file.file(), file.length(),
                    file.entries(), file.endsWithTombstone()));
        }
        deleteAllBut(named);
        covered = checkpoint.covered();
        topicId = checkpoint.topicId();
        nextFile = checkpoint.nextFile();
        checkpointed = true;
        return null;
    }

    private boolean hasFiles() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return entries.iterator().hasNext();
        }
    }

    /** Deletes every file of the directory but the checkpoint and {@code keep}. */
    private void deleteAllBut(Set<String> keep) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals(ViewCheckpoint.FILE_NAME) && !keep.contains(name)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Empties the view on disk and in memory: the checkpoint first, so that a crash midway leaves no view. */
    private void wipe() {
        channels.closeAll();
        winners.clear(partition); // file names start over
        try {
            Files.deleteIfExists(directory.resolve(ViewCheckpoint.FILE_NAME));
            deleteAllBut(Set.of());
            Directories.sync(directory);
        } catch (IOException e) {
            throw failure("emptying", e);
        }
        files.clear();
        unforced.clear();
        behind = false;
        checkpointed = false;
        uncheckpointed = 0;
        covered = -1;
        topicId = "";
        nextFile = 0;
        opened = true;
    }
}
