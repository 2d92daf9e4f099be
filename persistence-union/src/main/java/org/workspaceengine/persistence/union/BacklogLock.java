package org.workspaceengine.persistence.union;

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
 * The exclusive lock of a backlog directory, so that two unions (in one process or two) never deliver the same
 * backlog: an OS file lock on {@value #FILE_NAME}, which holds the owner's pid, plus a registry of the directories
 * this JVM holds (an OS lock cannot tell two holders in one process apart).
 */
final class BacklogLock implements AutoCloseable {

    static final String FILE_NAME = "union.lock";

    private static final Map<Path, Boolean> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private BacklogLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, which exists.
     *
     * @throws PersistenceException if another union holds it, naming the process
     */
    static BacklogLock acquire(Path directory) {
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new PersistenceException("cannot resolve the union's backlog directory " + directory + ": " + e, e);
        }
        if (HELD_IN_THIS_JVM.putIfAbsent(key, Boolean.TRUE) != null) {
            throw new PersistenceException("backlog directory " + key + " is in use by another union in this process");
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
                throw new PersistenceException("backlog directory " + key + " is in use by another union (process "
                        + holder(channel) + ", lock file " + key.resolve(FILE_NAME) + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            return new BacklogLock(key, channel, lock);
        } catch (IOException e) {
            release(key, channel);
            throw new PersistenceException("cannot lock the union's backlog directory " + key + ": " + e, e);
        } catch (RuntimeException e) {
            release(key, channel);
            throw e;
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? "unknown" : text;
        } catch (IOException e) {
            return "unknown";
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
