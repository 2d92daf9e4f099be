package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.workspaceengine.persistence.PersistenceException;

/**
 * The exclusive lock of a store directory: an OS file lock on {@value #FILE_NAME} holding the owner's pid, plus a
 * registry of the directories this JVM holds (an OS lock cannot tell two stores of one process apart, and closing
 * any channel of a locked file may drop the process's lock on some systems, so the lock file is opened only by the
 * JVM's one holder).
 */
final class DirectoryLock implements AutoCloseable {

    /** The lock file's name in the store directory. */
    static final String FILE_NAME = ".lock";

    private static final Map<Path, Long> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} (which exists) for this store.
     *
     * @throws DirectoryLockedException if another store holds it
     */
    static DirectoryLock acquire(Path directory) {
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new PersistenceException("cannot resolve file store directory " + directory + ": " + e, e);
        }
        long pid = ProcessHandle.current().pid();
        if (HELD_IN_THIS_JVM.putIfAbsent(key, pid) != null) {
            throw new DirectoryLockedException(key, pid, "another FileStore in this process has it open");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                long holder = readPid(channel);
                throw new DirectoryLockedException(key, holder, "lock file " + key.resolve(FILE_NAME));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DirectoryLock(key, channel, lock);
        } catch (IOException e) {
            release(key, channel);
            throw new PersistenceException("cannot lock file store directory " + key + ": " + e, e);
        } catch (RuntimeException e) {
            release(key, channel);
            throw e;
        }
    }

    private static void release(Path key, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Nothing was locked through this channel.
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }

    private static long readPid(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases the lock anyway.
        } finally {
            release(key, channel);
        }
    }
}
