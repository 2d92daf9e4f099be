package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.wire.LineEnvelope;
import org.workspaceengine.persistence.wire.WireFormat;

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
    final WinnerTable latest = new WinnerTable();
    /** Lines already consumed, for the next chunks: a scan then allocates almost nothing per line. */
    private final Queue<Lines> consumed = new ConcurrentLinkedQueue<>();
    /** The non-blank lines read so far, good or bad, a torn last line left out. */
    long records;

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
                latest.offer(lines, i, lineNumber);
            } else {
                problems.corrupt(lineNumber, corrupt.problem(), corrupt.cause(), corrupt.bytes());
            }
        }
        consumed.offer(lines);
    }

    @Override
    public void tail(byte[] bytes, int offset, int length, long position, long lineNumber) {
        Lines line = decodeLines(bytes, offset, length, position);
        if (line.size == 0) {
            return;
        }
        if (line.corruptAt(0) == null) {
            records++;
            latest.offer(line, 0, lineNumber);
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

    /** Decodes the envelopes of the lines at file offset {@code position}; thread-safe. */
    private Lines decodeLines(byte[] bytes, int offset, int length, long position) {
        Lines recycled = consumed.poll();
        Lines lines = (recycled != null ? recycled : new Lines(namespace, length / 200)).reset(bytes, offset, position);
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
     * file's scan holds little memory. A later version updates its entity's winner in place ({@link WinnerTable}),
     * so a file of millions of versions costs an object per entity, not per line.
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
        /** The entity's key, set once by the {@link WinnerTable}, and its hash there. */
        String entityType;
        String entityId;
        int hash;
        /** The order in which the winning line was offered, for the replay order of equal timestamps. */
        long order;
        /**
         * Where the entity's JSON is in the line, when the scan read it in the canonical shape: a load then
         * deserializes the entity alone ({@link org.workspaceengine.persistence.wire.WireFormat#decodeEntity}); -1
         * otherwise.
         */
        int entityOffset;
        int entityLength;

        /** Holds line {@code i} of {@code lines}, line number {@code line} of the file. */
        Winner set(Lines lines, int i, long line) {
            this.offset = lines.position + lines.offsets[i];
            this.length = lines.lengths[i];
            this.line = line;
            this.unset = lines.unsets[i];
            this.seconds = lines.seconds[i];
            this.nanos = lines.nanos[i];
            this.entityOffset = lines.entityOffsets[i];
            this.entityLength = lines.entityLengths[i];
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
     * each non-blank line its index in the chunk, place, key, timestamp and type, or what makes it corrupt. A line read
     * in the canonical shape keeps its entity id as a place in the chunk and a hash, not as a string. Reused for
     * chunk after chunk once consumed ({@link #reset}).
     */
    static final class Lines implements FileChunkReader.Decoded, WireFormat.EnvelopeVisitor {
        private final String namespace;
        byte[] bytes;
        long position;
        int lineCount;
        int size;
        int[] lineIndexes;
        int[] offsets;
        int[] lengths;
        String[] entityTypes;
        /** The entity id, or null when it is at {@link #idOffsets} in {@link #bytes}. */
        String[] entityIds;
        int[] idOffsets;
        int[] idLengths;
        /** {@link String#hashCode()} of each entity id. */
        int[] idHashes;
        long[] seconds;
        int[] nanos;
        boolean[] unsets;
        /** The entity's place within its line, or -1 (see {@link Winner#entityOffset}). */
        int[] entityOffsets;
        int[] entityLengths;
        Corrupt[] corrupt;

        Lines(String namespace, int expected) {
            this.namespace = namespace;
            int capacity = Math.max(4, expected);
            lineIndexes = new int[capacity];
            offsets = new int[capacity];
            lengths = new int[capacity];
            entityTypes = new String[capacity];
            entityIds = new String[capacity];
            idOffsets = new int[capacity];
            idLengths = new int[capacity];
            idHashes = new int[capacity];
            seconds = new long[capacity];
            nanos = new int[capacity];
            unsets = new boolean[capacity];
            entityOffsets = new int[capacity];
            entityLengths = new int[capacity];
        }

        /** Makes this the (empty) lines of {@code bytes} from {@code start}, which is byte {@code position} of the file. */
        Lines reset(byte[] bytes, int start, long position) {
            this.bytes = bytes;
            this.position = position - start;
            lineCount = 0;
            Arrays.fill(entityTypes, 0, size, null);
            Arrays.fill(entityIds, 0, size, null);
            if (corrupt != null) {
                Arrays.fill(corrupt, 0, size, null);
            }
            size = 0;
            return this;
        }

        @Override
        public int lines() {
            return lineCount;
        }

        @Override
        public void envelope(int line, int offset, int length, LineEnvelope envelope) {
            if (!envelope.namespace().equals(namespace)) {
                corrupt(line, offset, length, new CorruptDataException("the line belongs to namespace '"
                        + envelope.namespace() + "', but this is the file of namespace '" + namespace + "'", null));
                return;
            }
            int i = add(line, offset, length);
            entityTypes[i] = envelope.entityType();
            int idOffset = envelope.entityIdOffset();
            if (idOffset >= 0) {
                int idLength = envelope.entityIdLength();
                int hash = 0;
                for (int k = idOffset; k < idOffset + idLength; k++) {
                    hash = 31 * hash + bytes[k]; // as String.hashCode of these ASCII characters
                }
                idOffsets[i] = idOffset;
                idLengths[i] = idLength;
                idHashes[i] = hash;
            } else {
                String id = envelope.entityId();
                entityIds[i] = id;
                idHashes[i] = id.hashCode();
            }
            seconds[i] = envelope.epochSecond();
            nanos[i] = envelope.nano();
            unsets[i] = envelope.changeType() == ChangeType.UNSET;
            boolean hasEntity = envelope.entityOffset() >= 0;
            entityOffsets[i] = hasEntity ? envelope.entityOffset() - offset : -1;
            entityLengths[i] = envelope.entityLength();
        }

        /** The entity id of line {@code i}, built if it is kept as bytes. */
        String entityId(int i) {
            String id = entityIds[i];
            return id != null ? id : new String(bytes, idOffsets[i], idLengths[i], StandardCharsets.ISO_8859_1);
        }

        /** Whether the entity id of line {@code i} is {@code id}. */
        boolean idEquals(int i, String id) {
            if (entityIds[i] != null) {
                return entityIds[i].equals(id);
            }
            int length = idLengths[i];
            if (id.length() != length) {
                return false;
            }
            int offset = idOffsets[i];
            for (int k = 0; k < length; k++) {
                if (id.charAt(k) != bytes[offset + k]) {
                    return false;
                }
            }
            return true;
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
                idOffsets = Arrays.copyOf(idOffsets, capacity);
                idLengths = Arrays.copyOf(idLengths, capacity);
                idHashes = Arrays.copyOf(idHashes, capacity);
                seconds = Arrays.copyOf(seconds, capacity);
                nanos = Arrays.copyOf(nanos, capacity);
                unsets = Arrays.copyOf(unsets, capacity);
                entityOffsets = Arrays.copyOf(entityOffsets, capacity);
                entityLengths = Arrays.copyOf(entityLengths, capacity);
                if (corrupt != null) {
                    corrupt = Arrays.copyOf(corrupt, capacity);
                }
            }
            lineIndexes[size] = line;
            offsets[size] = offset;
            lengths[size] = length;
            entityIds[size] = null;
            return size++;
        }
    }
}
