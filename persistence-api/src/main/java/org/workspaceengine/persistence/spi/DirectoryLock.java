package org.workspaceengine.persistence.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.workspaceengine.persistence.PersistenceException;

/**
 * The exclusive lock of a directory that one store at a time may write (a file store's directory, a union's backlog
 * directory): an OS file lock on a lock file holding the owner's identity ({@code pid@host}), plus a registry of the
 * directories this JVM holds (an OS lock cannot tell two holders of one process apart, and closing any channel of a
 * locked file may drop the process's lock on some systems, so the lock file is opened only by the JVM's one holder).
 *
 * <p>The holder writes its identity just after it takes the lock, so a process refused in between would find the
 * file empty: it waits up to two seconds for the identity before saying that the holder is starting up.
 */
public final class DirectoryLock implements AutoCloseable {

    /** Opens the lock file for reading and writing, creating it if absent. */
    @FunctionalInterface
    public interface LockFileOpener {
        /**
         * The open channel of {@code file}.
         *
         * @param file the file
         * @return the open channel of {@code file}
         * @throws IOException if the file cannot be opened or created
         */
        FileChannel open(Path file) throws IOException;
    }

    /** The exception a store throws when another holds its directory. */
    @FunctionalInterface
    public interface Refusal {
        /**
         * The exception saying that {@code directory} is held by process {@code holderPid} (-1 when unknown) on
         * {@code holderHost} (null when unknown); {@code detail} says more, such as the lock file's path.
         *
         * @param directory the locked directory
         * @param holderPid the holder pid
         * @param holderHost the holder host
         * @param detail the detail
         * @return the exception saying that {@code directory} is held by process {@code holderPid} (-1 when unknown) on
         *     {@code holderHost} (null when unknown); {@code detail} says more, such as the lock file's path
         */
        RuntimeException refuse(Path directory, long holderPid, String holderHost, String detail);
    }

    private static final long HOLDER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Map<Path, Long> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final String THIS_HOST = findThisHost();
    private static final long THIS_PID = findThisPid();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} with a lock file named {@code fileName} in it, opened with {@code opener} (so that a
     * store can give it its own permissions), or throws what {@code refusal} makes when another holds it.
     *
     * @param directory an existing directory, as a real path ({@link Path#toRealPath}), so that every spelling of it
     *     is one key
     * @param fileName the file name
     * @param opener the opener
     * @param refusal the refusal
     * @return the lock, held until it is closed
     * @throws PersistenceException if the lock file cannot be opened or written
     */
    public static DirectoryLock acquire(Path directory, String fileName, LockFileOpener opener, Refusal refusal) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fileName, "fileName");
        long pid = THIS_PID;
        if (HELD_IN_THIS_JVM.putIfAbsent(directory, pid) != null) {
            throw refusal.refuse(directory, pid, THIS_HOST, "another store in this process has it open");
        }
        Path lockFile = directory.resolve(fileName);
        FileChannel channel = null;
        try {
            channel = opener.open(lockFile);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw refused(directory, lockFile, channel, refusal);
            }
            channel.truncate(0);
            ByteBuffer identity = ByteBuffer.wrap((pid + "@" + THIS_HOST + "\n").getBytes(StandardCharsets.UTF_8));
            while (identity.hasRemaining()) {
                channel.write(identity, identity.position());
            }
            return new DirectoryLock(directory, channel, lock);
        } catch (IOException e) {
            release(directory, channel);
            throw new PersistenceException("cannot lock directory " + directory + " (lock file " + lockFile + "): "
                    + e, e);
        } catch (RuntimeException e) {
            release(directory, channel);
            throw e;
        }
    }

    /**
     * {@link #acquire(Path, String, LockFileOpener, Refusal)} with a lock file opened with default permissions.
     *
     * @param directory the locked directory
     * @param fileName the file name
     * @param refusal the refusal
     * @return {@link #acquire(Path, String, LockFileOpener, Refusal)} with a lock file opened with default permissions
     */
    public static DirectoryLock acquire(Path directory, String fileName, Refusal refusal) {
        return acquire(directory, fileName, file -> FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE), refusal);
    }

    /**
     * This machine's name as lock files give it: read from the OS without a DNS lookup, which can take seconds.
     *
     * @return this machine's name as lock files give it: read from the OS without a DNS lookup, which can take seconds
     */
    public static String thisHost() {
        return THIS_HOST;
    }

    /** The refusal of a directory another process holds, naming the holder once it has written its identity. */
    private static RuntimeException refused(Path directory, Path lockFile, FileChannel channel, Refusal refusal) {
        String where = "lock file " + lockFile;
        long deadline = System.nanoTime() + HOLDER_WAIT_NANOS;
        while (true) {
            String identity = readIdentity(channel);
            if (!identity.isEmpty()) {
                int at = identity.indexOf('@');
                String pid = at < 0 ? identity : identity.substring(0, at);
                String host = at < 0 ? null : identity.substring(at + 1);
                try {
                    return refusal.refuse(directory, Long.parseLong(pid), host, where);
                } catch (NumberFormatException e) {
                    return refusal.refuse(directory, -1, null, where + " holds '" + identity + "'");
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return refusal.refuse(directory, -1, null, "the holder is starting up: it has not written its pid "
                        + "to the " + where + " yet");
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

    /** Empties the lock file and releases the lock. */
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

    /**
     * This process's id: where {@code /proc/self} names it, from there, since {@link ProcessHandle}'s first use
     * starts machinery of its own, a few milliseconds of a store's opening in a fresh JVM.
     */
    private static long findThisPid() {
        try {
            Path self = Path.of("/proc/self");
            if (Files.isSymbolicLink(self)) {
                return Long.parseLong(Files.readSymbolicLink(self).toString());
            }
        } catch (IOException | RuntimeException e) {
            // ProcessHandle below.
        }
        return ProcessHandle.current().pid();
    }

    private static String findThisHost() {
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
