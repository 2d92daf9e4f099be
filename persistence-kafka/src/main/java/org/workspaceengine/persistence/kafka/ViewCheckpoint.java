package org.workspaceengine.persistence.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.workspaceengine.persistence.spi.Directories;

/**
 * The checkpoint of one partition's {@linkplain LocalState local view}: the offset up to which the view covers the
 * partition, what it was read from (topic, its id, partition, isolation), and for each namespace its file and how
 * many of that file's bytes count. Written the crash-safe way (a temporary file, fsync, atomic rename, directory
 * fsync, as Kafka Streams' {@code OffsetCheckpoint} does), so a reader finds the old checkpoint or the new one, and
 * ended by a CRC-32 of its JSON so that a damaged one is told from a valid one.
 *
 * @param topic the topic read
 * @param topicId the topic's id when the view was read (empty if unknown)
 * @param partition the partition read
 * @param readCommitted whether the view holds committed records only (a transactional store's view)
 * @param covered the offset the view covers: every record before it is in the view, none after
 * @param nextFile the number of the next namespace file to create
 * @param namespaces each namespace's file
 * @param bootId the id of the machine's boot when it was written (empty if unknown)
 * @param forced whether every namespace file was forced to disk before it was written
 */
record ViewCheckpoint(String topic, String topicId, int partition, boolean readCommitted, long covered,
                      long nextFile, List<NamespaceFile> namespaces, String bootId, boolean forced) {

    static final String FILE_NAME = "checkpoint";

    /**
     * This boot of the machine ({@code /proc/sys/kernel/random/boot_id}); empty where unknown. While it is the boot
     * that wrote a checkpoint, the files hold what the process wrote, crash or not (the OS's page cache outlives a
     * killed process), so catch-ups append without forcing each file: one fsync of the checkpoint per catch-up, not
     * one per namespace touched (measured here: 167 small appends took 10-20 ms, with an fsync each 360-500 ms).
     */
    static final String BOOT_ID = readBootId();

    private static final String TEMPORARY = "checkpoint.tmp";
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A namespace's file at the checkpoint.
     *
     * @param namespace the namespace
     * @param file the file's name in the partition's directory
     * @param length the bytes of the file that count; any after them were written after the checkpoint
     * @param entries the entries in those bytes
     * @param endsWithTombstone whether the last of them is a tombstone (else the namespace has a live entity)
     */
    record NamespaceFile(String namespace, String file, long length, long entries, boolean endsWithTombstone) {
    }

    ViewCheckpoint {
        namespaces = List.copyOf(namespaces);
    }

    /**
     * The checkpoint in {@code directory}; null if there is none.
     *
     * @throws ViewEntries.Corrupt if it cannot be read as one
     */
    static ViewCheckpoint read(Path directory) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(directory.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (newline < 0) {
            throw new ViewEntries.Corrupt("the checkpoint has no checksum line");
        }
        String json = text.substring(0, newline);
        if (!text.substring(newline + 1).trim().equals(crc(json))) {
            throw new ViewEntries.Corrupt("the checkpoint's checksum does not match its content");
        }
        try {
            JsonNode root = JSON.readTree(json);
            if (root.path("version").asInt() != VERSION) {
                throw new ViewEntries.Corrupt("the checkpoint has version " + root.path("version")
                        + ", not " + VERSION);
            }
            List<NamespaceFile> namespaces = new ArrayList<>();
            for (JsonNode entry : root.withArray("namespaces")) {
                namespaces.add(new NamespaceFile(entry.get("namespace").textValue(), entry.get("file").textValue(),
                        entry.get("length").longValue(), entry.get("entries").longValue(),
                        entry.get("endsWithTombstone").booleanValue()));
            }
            return new ViewCheckpoint(root.get("topic").textValue(), root.get("topicId").textValue(),
                    root.get("partition").intValue(), root.get("readCommitted").booleanValue(),
                    root.get("covered").longValue(), root.get("nextFile").longValue(), namespaces,
                    root.get("bootId").textValue(), root.get("forced").booleanValue());
        } catch (IOException | RuntimeException e) {
            throw new ViewEntries.Corrupt("the checkpoint cannot be read: " + e);
        }
    }

    /**
     * Writes this checkpoint to {@code directory} in place of the one there: by an atomic rename, so a killed process
     * leaves the old checkpoint or the new one. The crash-safe way (fsync of the file before the rename and of the
     * directory after) when it is {@link #forced} or the machine's boot is unknown: only such a checkpoint is
     * trusted after a restart of the machine, and the other kind is then rebuilt whatever an OS crash left of it (an
     * older checkpoint, whose files are cut back to it or are gone, or a damaged one).
     */
    void write(Path directory) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("topic", topic);
        root.put("topicId", topicId);
        root.put("partition", partition);
        root.put("readCommitted", readCommitted);
        root.put("covered", covered);
        root.put("nextFile", nextFile);
        root.put("bootId", bootId);
        root.put("forced", forced);
        ArrayNode files = root.putArray("namespaces");
        for (NamespaceFile file : namespaces) {
            files.addObject().put("namespace", file.namespace()).put("file", file.file())
                    .put("length", file.length()).put("entries", file.entries())
                    .put("endsWithTombstone", file.endsWithTombstone());
        }
        String json = JSON.writeValueAsString(root);
        boolean durable = forced || bootId.isEmpty();
        byte[] bytes = (json + "\n" + crc(json) + "\n").getBytes(StandardCharsets.UTF_8);
        Path temporary = directory.resolve(TEMPORARY);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                channel.force(true);
            }
        }
        Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            Directories.sync(directory);
        }
    }

    private static String readBootId() {
        try {
            Path file = Path.of("/proc/sys/kernel/random/boot_id");
            return Files.isReadable(file) ? Files.readString(file).trim() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String crc(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
