package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.spi.Directories;

/**
 * How a store opens the files of its directory. It never follows a symbolic link inside the directory (a namespace
 * file, lock or side file that is a link is refused, naming it), so no file outside the directory is ever written
 * through one. It creates files owner-only ({@code rw-------}, directories {@code rwx------}), or shared with the
 * group ({@code rw-rw----}, {@code rwxrwx---}) with group access on, whatever the umask: the files hold the state of a
 * service, which can hold secrets. A compacted file gets the permissions, and where the process may, the owner and
 * group of the file it replaces. On file systems without POSIX permissions, only the links are checked.
 */
final class StoreFiles {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);
    }
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final boolean posix;
    private final Set<PosixFilePermission> filePermissions;
    private final Set<PosixFilePermission> directoryPermissions;
    private final UnaryOperator<FileChannel> channels;

    /**
     * @param groupAccess whether new files and the directory are shared with the group
     * @param channels what every channel opened goes through (identity; a test seam that injects write failures)
     */
    StoreFiles(boolean groupAccess, UnaryOperator<FileChannel> channels) {
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        this.filePermissions = PosixFilePermissions.fromString(groupAccess ? "rw-rw----" : "rw-------");
        this.directoryPermissions = PosixFilePermissions.fromString(groupAccess ? "rwxrwx---" : "rwx------");
        this.channels = channels;
    }

    /** The permissions of new files. */
    Set<PosixFilePermission> filePermissions() {
        return EnumSet.copyOf(filePermissions);
    }

    /** Creates {@code directory} with the store's permissions if it does not exist (its parents as usual). */
    void createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(directoryPermissions));
                Files.setPosixFilePermissions(directory, directoryPermissions); // whatever the umask
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    /** Whether a file is at {@code path}, a link being a file here. */
    static boolean exists(Path path) {
        return Files.exists(path, NO_FOLLOW);
    }

    /**
     * Opens {@code path} for reading and writing, creating it with the store's permissions if absent.
     *
     * @throws PersistenceException if {@code path} is a symbolic link
     */
    FileChannel openForWriting(Path path) throws IOException {
        return open(path, true, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Opens {@code path} to append to it, creating it with the store's permissions if absent: a side file. */
    FileChannel openForAppending(Path path) throws IOException {
        return open(path, true, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Opens the existing file {@code path} for reading.
     *
     * @throws java.nio.file.NoSuchFileException if there is none
     * @throws PersistenceException if {@code path} is a symbolic link
     */
    FileChannel openForReading(Path path) throws IOException {
        return open(path, false, StandardOpenOption.READ);
    }

    /**
     * Creates (or empties) {@code temp} for writing, with the permissions of {@code original} (and its owner and
     * group, where the process may set them), or the store's when {@code original} is gone.
     */
    FileChannel createReplacement(Path temp, Path original) throws IOException {
        refuseLink(temp);
        PosixFileAttributes like = null;
        if (posix) {
            try {
                like = Files.readAttributes(original, PosixFileAttributes.class, NO_FOLLOW);
            } catch (java.nio.file.NoSuchFileException e) {
                like = null;
            }
        }
        Files.deleteIfExists(temp);
        Set<PosixFilePermission> permissions = like != null ? like.permissions() : filePermissions;
        FileChannel channel = create(temp, permissions, StandardOpenOption.WRITE);
        if (like != null) {
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class, NO_FOLLOW);
            PosixFileAttributes now = view.readAttributes();
            try {
                if (!now.owner().equals(like.owner())) {
                    view.setOwner(like.owner());
                }
                if (!now.group().equals(like.group())) {
                    view.setGroup(like.group());
                }
            } catch (IOException e) {
                // Not permitted (only root may give a file away): the replacement belongs to this process's user.
            }
        }
        return channel;
    }

    /**
     * Fails if {@code path} is a symbolic link.
     *
     * @throws PersistenceException naming the link
     */
    static void refuseLink(Path path) {
        if (Files.isSymbolicLink(path)) {
            throw linkRefused(path);
        }
    }

    private FileChannel open(Path path, boolean create, OpenOption... options) throws IOException {
        refuseLink(path);
        try {
            if (create) {
                try {
                    return create(path, filePermissions, options);
                } catch (FileAlreadyExistsException e) {
                    // Opened below.
                }
            }
            Set<OpenOption> all = optionSet(options);
            all.add(LinkOption.NOFOLLOW_LINKS);
            return channels.apply(FileChannel.open(path, all));
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(path)) { // created meanwhile: the open failed on it (ELOOP)
                throw linkRefused(path);
            }
            throw e;
        }
    }

    /** Creates {@code path}, which must not exist, with {@code permissions}. */
    private FileChannel create(Path path, Set<PosixFilePermission> permissions, OpenOption... options)
            throws IOException {
        Set<OpenOption> all = optionSet(options);
        all.add(StandardOpenOption.CREATE_NEW);
        all.add(LinkOption.NOFOLLOW_LINKS);
        if (!posix) {
            return channels.apply(FileChannel.open(path, all));
        }
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(permissions);
        FileChannel channel = FileChannel.open(path, all, attribute);
        try {
            Files.setPosixFilePermissions(path, permissions); // whatever the umask
        } catch (IOException e) {
            Segment.closeQuietly(channel);
            throw e;
        }
        return channels.apply(channel);
    }

    private static PersistenceException linkRefused(Path path) {
        return new PersistenceException(path + " is a symbolic link: the file store never follows links inside its "
                + "directory (a link could make it write outside); replace the link with the file itself");
    }

    private static Set<OpenOption> optionSet(OpenOption... options) {
        Set<OpenOption> set = new HashSet<>();
        Collections.addAll(set, options);
        return set;
    }

    /**
     * Deletes a namespace file so that a crash at any moment leaves it whole or gone: it is renamed atomically to
     * {@code .deleted} and the directory synced (from then on the namespace is gone; the next open removes the
     * leftover, see {@link #deleteStaleTemps}), then removed with its side files. Nothing happens if there is no file.
     */
    static void deleteNamespaceFile(Path file, Path directory, Path... sideFiles) throws IOException {
        if (!exists(file)) {
            return;
        }
        Path deleted = file.resolveSibling(file.getFileName() + NamespaceFileNames.DELETED_SUFFIX);
        Files.move(file, deleted, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.sync(directory);
        Files.deleteIfExists(deleted);
        for (Path side : sideFiles) {
            Files.deleteIfExists(side);
        }
    }

    /**
     * Deletes what compactions and namespace deletions that did not finish left in {@code directory} (links included,
     * not followed): a namespace file renamed for deletion is as good as deleted.
     */
    static void deleteStaleTemps(Path directory) {
        for (String suffix : new String[] {NamespaceFileNames.TEMP_SUFFIX, NamespaceFileNames.DELETED_SUFFIX}) {
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory,
                    "*" + NamespaceFileNames.EXTENSION + suffix)) {
                for (Path temp : temps) {
                    Files.deleteIfExists(temp);
                    Log.LOG.info("deleted {}, left by a compaction or deletion that did not finish", temp);
                }
            } catch (IOException e) {
                throw new PersistenceException("cannot clean up temporary files in " + directory + ": " + e, e);
            }
        }
    }
}
