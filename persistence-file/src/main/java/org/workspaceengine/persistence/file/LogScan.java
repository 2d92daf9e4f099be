package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * One streaming pass over a namespace file, the first step of every read (load, compaction, verification,
 * statistics): decodes every line's envelope (on the read pool when the file is large), checks that it belongs to
 * the namespace, and keeps where the latest line of each entity is. A bad line goes to the {@link LogProblems}, which
 * decides whether the read fails, skips it or reports it.
 */
final class LogScan implements FileChunkReader.Consumer<LogScan.Lines> {

    private static final int EXCERPT_CHARS = 80;

    private final String namespace;
    private final Path path;
    private final StoreConfig config;
    private final LogProblems problems;
    private final ProgressListener.Task task;
    private final ProgressListener progress;
    /** The latest line per entity. */
    final LatestWins<Winner> latest = new LatestWins<>();
    /** The non-blank lines read so far, good or bad, a torn last line left out. */
    long records;
    private Winner spare; // a winner displaced by a later version, to fill with the next line

    LogScan(String namespace, Path path, StoreConfig config, LogProblems problems, ProgressListener.Task task,
            ProgressListener progress) {
        this.namespace = namespace;
        this.path = path;
        this.config = config;
        this.problems = problems;
        this.task = task;
        this.progress = progress;
    }

    /**
     * Reads bytes {@code [0, length)} of {@code channel}.
     *
     * @return the number of complete lines
     */
    long read(FileChannel channel, long length) throws IOException {
        boolean parallel = config.readPool().threads() > 1 && length > 2L * FileChunkReader.CHUNK_BYTES;
        FileChunkReader<Lines> reader = new FileChunkReader<>(parallel ? config.readPool().executor() : null,
                config.readPool().threads(), this::decodeLines);
        return reader.read(channel, length, this);
    }

    @Override
    public void lines(Lines lines, long firstLine) {
        for (int i = 0; i < lines.size; i++) {
            Corrupt corrupt = lines.corruptAt(i);
            long lineNumber = firstLine + lines.lineIndexes[i];
            records++;
            if (corrupt == null) {
                accept(lines, i, lineNumber);
            } else {
                problems.corrupt(lineNumber, corrupt.problem(), corrupt.cause(), corrupt.bytes());
            }
        }
    }

    @Override
    public void tail(byte[] bytes, int offset, int length, long position, long lineNumber) {
        Lines line = decodeLines(bytes, offset, length, position);
        if (line.size == 0) {
            return;
        }
        if (line.corruptAt(0) == null) {
            records++;
            accept(line, 0, lineNumber);
        } else {
            problems.torn(lineNumber, bytes, offset, length);
        }
    }

    @Override
    public void tooLong(long lineNumber, long length) {
        records++;
        problems.corrupt(lineNumber, "the line is " + length + " bytes long, more than the "
                + FileChunkReader.MAX_LINE_BYTES + " bytes a line may have", null, null);
    }

    @Override
    public void progress(long bytesRead) {
        progress.onBatch(task, bytesRead);
    }

    private void accept(Lines lines, int index, long lineNumber) {
        Instant timestamp = lines.timestamps[index];
        Winner winner = (spare != null ? spare : new Winner()).set(lines.position + lines.offsets[index],
                lines.lengths[index], lineNumber, lines.unsets[index], timestamp);
        spare = latest.offerDisplacing(lines.entityTypes[index], lines.entityIds[index], timestamp, winner);
    }

    /** Decodes the envelopes of the lines at file offset {@code position}; thread-safe. */
    private Lines decodeLines(byte[] bytes, int offset, int length, long position) {
        Lines lines = new Lines(namespace, bytes, offset, position, length / 200);
        int bom = position == 0 && length >= 3 && (bytes[offset] & 0xFF) == 0xEF
                && (bytes[offset + 1] & 0xFF) == 0xBB && (bytes[offset + 2] & 0xFF) == 0xBF ? 3 : 0;
        // A byte order mark some editors add is not part of the first line.
        lines.lineCount = config.wireFormat().decodeEnvelopes(bytes, offset + bom, length - bom, lines);
        return lines;
    }

    /** The start of a line, decoded leniently and stripped of control characters, for error messages. */
    static String excerpt(byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, Math.min(length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(EXCERPT_CHARS + 8).append('`');
        int shown = 0;
        for (int i = 0; i < text.length() && shown < EXCERPT_CHARS; i++, shown++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        out.append('`');
        if (shown < text.length() || length > EXCERPT_CHARS * 4) {
            out.append(" (").append(length).append(" bytes)");
        }
        return out.toString();
    }

    /** The file the scan reads, for messages. */
    Path path() {
        return path;
    }

    /**
     * Where the winning line of an entity is: what a scan keeps per entity instead of the line itself, so a large
     * file's scan holds little memory. A scan reuses the winners that later versions displace, so a file of
     * millions of versions costs few objects, and none that an aged winner would have to point to.
     */
    static final class Winner {
        /** The line's first byte in the file. */
        long offset;
        /** The line's length without its newline. */
        int length;
        /** The 1-based line number. */
        long line;
        /** Whether the line is a deletion marker. */
        boolean unset;
        /** The line's timestamp, as {@link Instant#getEpochSecond()} and {@link Instant#getNano()}. */
        long seconds;
        int nanos;

        Winner set(long offset, int length, long line, boolean unset, Instant timestamp) {
            this.offset = offset;
            this.length = length;
            this.line = line;
            this.unset = unset;
            this.seconds = timestamp.getEpochSecond();
            this.nanos = timestamp.getNano();
            return this;
        }

        long offset() {
            return offset;
        }

        int length() {
            return length;
        }

        long line() {
            return line;
        }

        boolean unset() {
            return unset;
        }

        Instant timestamp() {
            return Instant.ofEpochSecond(seconds, nanos);
        }
    }

    /** A corrupt line: what is wrong with it (with an excerpt), the exception behind it, and its bytes. */
    private record Corrupt(String problem, Throwable cause, byte[] bytes) {
    }

    /**
     * The envelopes of a chunk's lines as decoded on a pool thread, in arrays rather than an object per line: for
     * each non-blank line its index in the chunk, place, key, timestamp and type, or what makes it corrupt.
     */
    static final class Lines implements FileChunkReader.Decoded, WireFormat.EnvelopeVisitor {
        private final String namespace;
        final byte[] bytes;
        final long position;
        int lineCount;
        int size;
        int[] lineIndexes;
        int[] offsets;
        int[] lengths;
        String[] entityTypes;
        String[] entityIds;
        Instant[] timestamps;
        boolean[] unsets;
        Corrupt[] corrupt;

        /** Lines of {@code bytes} from {@code start}, which is byte {@code position} of the file. */
        Lines(String namespace, byte[] bytes, int start, long position, int expected) {
            this.namespace = namespace;
            this.bytes = bytes;
            this.position = position - start;
            int capacity = Math.max(4, expected);
            lineIndexes = new int[capacity];
            offsets = new int[capacity];
            lengths = new int[capacity];
            entityTypes = new String[capacity];
            entityIds = new String[capacity];
            timestamps = new Instant[capacity];
            unsets = new boolean[capacity];
        }

        @Override
        public int lines() {
            return lineCount;
        }

        @Override
        public void envelope(int line, int offset, int length, String lineNamespace, ChangeType changeType,
                             String entityType, String entityId, Instant timestamp) {
            if (!lineNamespace.equals(namespace)) {
                corrupt(line, offset, length, new CorruptDataException("the line belongs to namespace '"
                        + lineNamespace + "', but this is the file of namespace '" + namespace + "'", null));
                return;
            }
            int i = add(line, offset, length);
            entityTypes[i] = entityType;
            entityIds[i] = entityId;
            timestamps[i] = timestamp;
            unsets[i] = changeType == ChangeType.UNSET;
        }

        @Override
        public void corrupt(int line, int offset, int length, CorruptDataException problem) {
            int i = add(line, offset, length);
            if (corrupt == null) {
                corrupt = new Corrupt[entityIds.length];
            }
            corrupt[i] = new Corrupt(problem.problem() + "; the line starts: " + excerpt(bytes, offset, length),
                    problem.getCause(), Arrays.copyOfRange(bytes, offset, offset + length));
        }

        /** The corrupt line at {@code index}, or null. */
        Corrupt corruptAt(int index) {
            return corrupt == null ? null : corrupt[index];
        }

        private int add(int line, int offset, int length) {
            if (size == entityIds.length) {
                int capacity = size * 2;
                lineIndexes = Arrays.copyOf(lineIndexes, capacity);
                offsets = Arrays.copyOf(offsets, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                entityTypes = Arrays.copyOf(entityTypes, capacity);
                entityIds = Arrays.copyOf(entityIds, capacity);
                timestamps = Arrays.copyOf(timestamps, capacity);
                unsets = Arrays.copyOf(unsets, capacity);
                if (corrupt != null) {
                    corrupt = Arrays.copyOf(corrupt, capacity);
                }
            }
            lineIndexes[size] = line;
            offsets[size] = offset;
            lengths[size] = length;
            return size++;
        }
    }
}
