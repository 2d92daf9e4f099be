package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.workspaceengine.persistence.PersistenceException;

/**
 * The exclusive lock of a store directory: an OS file lock on {@value #FILE_NAME} holding the owner's identity
 * ({@code pid@host}), plus a registry of the directories this JVM holds (an OS lock cannot tell two stores of one
 * process apart, and closing any channel of a locked file may drop the process's lock on some systems, so the lock
 * file is opened only by the JVM's one holder).
 *
 * <p>The holder writes its identity just after it takes the lock, so a process refused in between would find the
 * file empty: it waits up to {@link #HOLDER_WAIT_NANOS} for the identity before saying that the holder is starting
 * up.
 */
final class DirectoryLock implements AutoCloseable {

    /** The lock file's name in the store directory. */
    static final String FILE_NAME = ".lock";

    private static final long HOLDER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
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
     * Locks {@code directory} (which exists, as a real path) for this store, creating the lock file with
     * {@code files}' permissions.
     *
     * @throws DirectoryLockedException if another store holds it
     * @throws PersistenceException if the lock file cannot be opened, or is a symbolic link
     */
    static DirectoryLock acquire(Path directory, StoreFiles files) {
        Path key = directory;
        long pid = ProcessHandle.current().pid();
        if (HELD_IN_THIS_JVM.putIfAbsent(key, pid) != null) {
            throw new DirectoryLockedException(key, pid, Hosts.thisHost(),
                    "another FileStore in this process has it open");
        }
        FileChannel channel = null;
        try {
            channel = files.openForWriting(key.resolve(FILE_NAME));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw refused(key, channel);
            }
            channel.truncate(0);
            byte[] identity = (pid + "@" + Hosts.thisHost() + "\n").getBytes(StandardCharsets.UTF_8);
            FileIo.writeFully(channel, ByteBuffer.wrap(identity), 0);
            return new DirectoryLock(key, channel, lock);
        } catch (IOException e) {
            release(key, channel);
            throw new PersistenceException("cannot lock file store directory " + key + ": " + e, e);
        } catch (RuntimeException e) {
            release(key, channel);
            throw e;
        }
    }

    /** The refusal of a directory another process holds, naming the holder once it has written its identity. */
    private static DirectoryLockedException refused(Path key, FileChannel channel) {
        String lockFile = "lock file " + key.resolve(FILE_NAME);
        long deadline = System.nanoTime() + HOLDER_WAIT_NANOS;
        while (true) {
            String identity = readIdentity(channel);
            if (!identity.isEmpty()) {
                int at = identity.indexOf('@');
                String pid = at < 0 ? identity : identity.substring(0, at);
                String host = at < 0 ? null : identity.substring(at + 1);
                try {
                    return new DirectoryLockedException(key, Long.parseLong(pid), host, lockFile);
                } catch (NumberFormatException e) {
                    return new DirectoryLockedException(key, -1, null, lockFile + " holds '" + identity + "'");
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return new DirectoryLockedException(key, -1, null, "the holder is starting up: it has not written "
                        + "its pid to the " + lockFile + " yet");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String readIdentity(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
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

    /** This machine's name, for the lock file: read from the OS without a DNS lookup, which can take seconds. */
    static final class Hosts {
        private static final String THIS_HOST = find();

        private Hosts() {
        }

        static String thisHost() {
            return THIS_HOST;
        }

        private static String find() {
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    String name = Files.readString(kernel).trim();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Other sources below.
            }
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                String name = System.getenv(variable);
                if (name != null && !name.isBlank()) {
                    return name.trim();
                }
            }
            return "unknown-host";
        }
    }
}
