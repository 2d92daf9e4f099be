package org.workspaceengine.persistence.union;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.workspaceengine.persistence.Change;

/**
 * The segment files of a {@link FileBacklog}: their names ({@code changes-<number of the first change, 20
 * digits>.jsonl}), listing them, counting their lines when the backlog is opened (cutting a torn last line), and
 * reading changes back in order for delivery.
 */
final class SegmentLines {

    private static final int CHUNK = 1 << 20;
    /** From this many lines on, a chunk is decoded on the common fork-join pool. */
    private static final int PARALLEL_DECODE_MIN = 256;
    private static final String PREFIX = "changes-";
    private static final String SUFFIX = ".jsonl";

    /** Where the deliverer reads next: the change numbered {@code next}, at {@code offset} of {@code segment}. */
    record Cursor(long next, long segment, long offset) {
    }

    /** What {@link #read} needs of the backlog. */
    interface Source {
        /** The channel reading {@code segment} (the number of its first change). */
        FileChannel channel(long segment) throws IOException;

        /** The number of the first change after {@code segment}. */
        long segmentEnd(long segment);

        /** One line decoded, or null if it is damaged (and skipped). */
        Change decode(byte[] bytes, int offset, int length, long segment, long number);
    }

    private SegmentLines() {
    }

    /** The name of the segment whose first change is numbered {@code first}. */
    static String fileName(long first) {
        return String.format("%s%020d%s", PREFIX, first, SUFFIX);
    }

    /** The segment files of {@code directory}, by the number of their first change. */
    static Map<Long, Path> list(Path directory) throws IOException {
        Map<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String number = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                if (number.matches("[0-9]{20}")) {
                    found.put(Long.parseLong(number), file);
                }
            }
        }
        return found;
    }

    /**
     * The number of complete lines of {@code file}. With {@code cutTornLine}, bytes after the last newline (the torn
     * line of an append that a crash interrupted) are cut off and the cut forced to the disk.
     */
    static long count(Path file, boolean cutTornLine) throws IOException {
        try (FileChannel channel = FileChannel.open(file, cutTornLine
                ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.READ})) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long lines = 0;
            long position = 0;
            long afterLastNewline = 0;
            int read;
            while ((read = channel.read(buffer.clear(), position)) > 0) {
                byte[] bytes = buffer.array();
                for (int i = 0; i < read; i++) {
                    if (bytes[i] == '\n') {
                        lines++;
                        afterLastNewline = position + i + 1;
                    }
                }
                position += read;
            }
            if (cutTornLine && position > afterLastNewline) {
                channel.truncate(afterLastNewline);
                channel.force(false);
            }
            return lines;
        }
    }

    /**
     * Reads the changes numbered {@code from} up to {@code to} into {@code changes}, starting at {@code at} (at or
     * before {@code from}: earlier lines are skipped). Returns where the next read starts.
     */
    static Cursor read(Source source, Cursor at, long from, long to, List<Change> changes) throws IOException {
        long next = at.next();
        long segment = at.segment();
        long offset = at.offset();
        byte[] buffer = new byte[CHUNK];
        while (next < to) {
            long end = source.segmentEnd(segment);
            if (next >= end) {
                segment = end;
                offset = 0;
                continue;
            }
            int read = source.channel(segment).read(ByteBuffer.wrap(buffer), offset);
            if (read <= 0) {
                throw new IOException("segment " + segment + " ends before its change " + next);
            }
            // The lines of this chunk first, then their changes: decoding is most of the work, and a large batch
            // is decoded on the common fork-join pool as well.
            int lineStart = 0;
            int lines = 0;
            int[] starts = new int[64];
            int[] ends = new int[64];
            long firstLine = next;
            for (int i = 0; i < read && next < to && next < end; i++) {
                if (buffer[i] == '\n') {
                    if (next >= from) {
                        if (lines == starts.length) {
                            starts = Arrays.copyOf(starts, lines * 2);
                            ends = Arrays.copyOf(ends, lines * 2);
                        }
                        starts[lines] = lineStart;
                        ends[lines] = i;
                        lines++;
                    }
                    next++;
                    lineStart = i + 1;
                }
            }
            decode(source, buffer, starts, ends, lines, segment, Math.max(firstLine, from), changes);
            if (lineStart == 0) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
            }
            offset += lineStart;
        }
        return new Cursor(next, segment, offset);
    }

    /** Decodes {@code lines} lines of {@code buffer}, numbered from {@code first}, into {@code changes} in order. */
    private static void decode(Source source, byte[] buffer, int[] starts, int[] ends, int lines, long segment,
                               long first, List<Change> changes) {
        Change[] decoded = new Change[lines];
        IntStream range = IntStream.range(0, lines);
        (lines >= PARALLEL_DECODE_MIN ? range.parallel() : range).forEach(line -> decoded[line] =
                source.decode(buffer, starts[line], ends[line] - starts[line], segment, first + line));
        for (Change change : decoded) {
            if (change != null) {
                changes.add(change);
            }
        }
    }
}
