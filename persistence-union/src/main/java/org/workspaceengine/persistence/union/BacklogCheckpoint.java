package org.workspaceengine.persistence.union;

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
import java.util.List;
import org.workspaceengine.persistence.spi.Directories;

/**
 * A small file holding one number, written the crash-safe way Kafka Streams writes its offset checkpoints: to a
 * temporary file, forced to the disk, atomically moved over the old one, and the directory forced too. After a crash
 * the file holds either the old number or the new one, never a mix. The text is {@code 1\n<number>\n} (a format
 * version, then the number), readable with {@code cat}.
 */
final class BacklogCheckpoint {

    private static final String VERSION = "1";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path file;

    BacklogCheckpoint(Path file) {
        this.file = file;
    }

    /** The number held, or -1 if the file does not exist. */
    long read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return -1;
        }
        if (lines.size() < 2 || !VERSION.equals(lines.get(0).trim())) {
            throw new IOException("checkpoint " + file + " is not in format version " + VERSION + ": " + lines);
        }
        try {
            long value = Long.parseLong(lines.get(1).trim());
            if (value < 0) {
                throw new IOException("checkpoint " + file + " holds a negative number: " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint " + file + " does not hold a number: " + lines.get(1), e);
        }
    }

    /** Replaces the number held with {@code value}, durably. */
    void write(long value) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        byte[] text = (VERSION + "\n" + value + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Directories.sync(file.getParent());
    }

    /** Deletes a temporary file a crash left behind. */
    void deleteStaleTemp() throws IOException {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + TEMP_SUFFIX));
    }
}
