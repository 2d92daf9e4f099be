package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * What the {@code *.jsonl} files of a store directory hold: the file of each namespace, named by this store's mapping
 * ({@link NamespaceFileNames}), by the Go original's raw name, or hashed (its namespace read from its first line),
 * and every file that maps to no namespace, with the reason, so that nothing is skipped silently.
 */
final class DirectoryListing {

    private final Map<String, Path> files = new TreeMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private final List<Stray> strays = new ArrayList<>();

    private DirectoryListing() {
    }

    /**
     * Lists {@code directory}.
     *
     * @throws PersistenceException if the directory cannot be read
     */
    static DirectoryListing of(Path directory, StoreFiles storeFiles, WireFormat wireFormat) {
        DirectoryListing listing = new DirectoryListing();
        if (!Files.isDirectory(directory)) {
            return listing;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + NamespaceFileNames.EXTENSION)) {
            for (Path file : entries) {
                listing.add(file, storeFiles, wireFormat);
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot list the namespaces in " + directory + ": " + e, e);
        }
        return listing;
    }

    private void add(Path file, StoreFiles storeFiles, WireFormat wireFormat) throws IOException {
        String name = file.getFileName().toString();
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            strays.add(new Stray(file, "a symbolic link, which the store does not follow"));
            return;
        }
        if (!attributes.isRegularFile()) {
            strays.add(new Stray(file, "not a regular file"));
            return;
        }
        String namespace;
        if (NamespaceFileNames.isHashed(name)) {
            namespace = namespaceInFirstLine(file, name, storeFiles, wireFormat);
            if (namespace == null) {
                return; // reported by namespaceInFirstLine
            }
        } else {
            namespace = NamespaceFileNames.namespaceOf(name);
            if (namespace == null) {
                namespace = NamespaceFileNames.namespaceOfRaw(name);
            }
            if (namespace == null) {
                strays.add(new Stray(file, "no namespace maps to this file name (a hidden name, a "
                        + "malformed %-escape, or one this store would write otherwise)"));
                return;
            }
        }
        Path other = files.putIfAbsent(namespace, file);
        if (other != null) {
            strays.add(new Stray(file, "namespace '" + namespace + "' has another file, " + other
                    + ": merge them into one (pstore import) and remove the other"));
            return;
        }
        sizes.put(namespace, attributes.size());
    }

    /** The namespace named by the first line of a hashed-name file, if that file is its file; else null (reported). */
    private String namespaceInFirstLine(Path file, String name, StoreFiles storeFiles, WireFormat wireFormat)
            throws IOException {
        byte[] line;
        try (FileChannel channel = storeFiles.openForReading(file)) {
            long size = channel.size();
            long lineEnd = firstNewline(channel, Math.min(size, FileStore.MAX_LINE_BYTES));
            if (lineEnd < 0 && size >= FileStore.MAX_LINE_BYTES) {
                strays.add(new Stray(file, "its first line is longer than the line limit"));
                return null;
            }
            line = new byte[(int) (lineEnd < 0 ? size : lineEnd)];
            FileIo.readFully(channel, ByteBuffer.wrap(line), 0);
        }
        if (line.length == 0) {
            return null; // an empty file holds no namespace
        }
        try {
            String namespace = wireFormat.decodeEnvelope(line).namespace();
            if (NamespaceFileNames.fileName(namespace).equals(name)) {
                return namespace;
            }
            strays.add(new Stray(file, "its first line belongs to namespace '" + namespace
                    + "', whose file has another name"));
        } catch (PersistenceException e) {
            strays.add(new Stray(file, "its first line does not say which namespace it holds: "
                    + e.getMessage()));
        }
        return null;
    }

    private static long firstNewline(FileChannel channel, long limit) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < limit; at += chunk.limit()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), limit - at));
            FileIo.readFully(channel, chunk, at);
            for (int i = 0; i < chunk.limit(); i++) {
                if (chunk.get(i) == '\n') {
                    return at + i;
                }
            }
        }
        return -1;
    }

    /**
     * The file of {@code namespace} in {@code directory}: the one this store names
     * ({@link NamespaceFileNames#fileName}), unless only the Go original's raw name exists, which is then kept.
     *
     * @throws PersistenceException if both exist
     */
    static Path fileOf(Path directory, String namespace) {
        Path named = directory.resolve(NamespaceFileNames.fileName(namespace));
        String raw = NamespaceFileNames.rawFileName(namespace);
        if (raw == null) {
            return named;
        }
        Path rawFile = directory.resolve(raw);
        if (!StoreFiles.exists(rawFile)) {
            return named;
        }
        if (StoreFiles.exists(named)) {
            throw new PersistenceException("namespace '" + namespace + "' has two files, " + named + " and " + rawFile
                    + " (the Go original's name): merge them into one (pstore import) and remove the other");
        }
        return rawFile;
    }

    /** The file of each namespace found, by namespace. */
    Map<String, Path> files() {
        return files;
    }

    /** The namespaces whose file holds at least one byte, sorted. */
    List<String> namespacesWithData() {
        List<String> namespaces = new ArrayList<>();
        files.forEach((namespace, file) -> {
            if (sizes.getOrDefault(namespace, 0L) > 0) {
                namespaces.add(namespace);
            }
        });
        return namespaces;
    }

    /** The {@code *.jsonl} files that map to no namespace, with the reason. */
    List<Stray> strays() {
        return strays;
    }

    /**
     * A file of the directory that holds no namespace the store reads.
     *
     * @param path the file
     * @param reason why it holds none
     */
    record Stray(Path path, String reason) {
    }
}
