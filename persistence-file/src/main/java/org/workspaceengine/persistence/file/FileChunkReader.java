package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Reads the lines of a file region in one streaming pass, decoding them on a pool of threads while the caller
 * consumes the results strictly in file order.
 *
 * <p>The region is cut into chunks of whole lines; each chunk's lines are {@linkplain Decoder decoded} together on
 * the executor (or inline when there is none), and the caller's {@link Consumer} receives every chunk's result in
 * order, with the 1-based number of its first line. A few chunks are in flight at a time, so memory stays bounded
 * whatever the file size. The bytes after the last newline are the tail; a line longer than {@link #MAX_LINE_BYTES}
 * is skipped and reported.
 *
 * @param <R> what the lines of a chunk decode to
 */
final class FileChunkReader<R extends FileChunkReader.Decoded> {

    /** The longest line read; longer lines are reported as too long and skipped. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    /** Chunk size: below the size at which G1 allocates arrays outside the young generation on small heaps. */
    static final int CHUNK_BYTES = 256 * 1024;

    /** What some lines decode to. */
    interface Decoded {
        /** How many lines were decoded. */
        int lines();
    }

    /** Decodes lines; runs on pool threads, so it must be thread-safe. */
    interface Decoder<R> {
        /**
         * The result of the lines at {@code bytes[offset, offset + length)}: whole lines, each ending with a newline,
         * none longer than the limit, the first starting at byte {@code position} of the file. The bytes must not be
         * kept beyond the call.
         */
        R decode(byte[] bytes, int offset, int length, long position);
    }

    /** Receives results in file order, on the calling thread. */
    interface Consumer<R> {
        /** The result of {@code result.lines()} complete lines, the first of them line {@code firstLine}. */
        void lines(R result, long firstLine);

        /**
         * The bytes after the last newline of the region (no newline follows them), from file byte {@code position}.
         */
        void tail(byte[] bytes, int offset, int length, long position, long lineNumber);

        /** A line longer than {@link #MAX_LINE_BYTES}, skipped. */
        void tooLong(long lineNumber, long length);

        /** {@code bytesRead} bytes of the region have been read so far. */
        void progress(long bytesRead);
    }

    private final Executor executor;
    private final int maxInFlight;
    private final Decoder<R> decoder;
    private final int chunkBytes;
    private final int maxLineBytes;
    private final int bufferBytes;
    /** Buffers whose chunks were consumed, for the next reads (used by the reading thread only). */
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    /**
     * A reader decoding on {@code executor} with about three chunks in flight per thread of {@code parallelism}; a
     * null executor decodes on the calling thread.
     */
    FileChunkReader(Executor executor, int parallelism, Decoder<R> decoder) {
        this(executor, parallelism, decoder, CHUNK_BYTES, MAX_LINE_BYTES);
    }

    /** A reader with other chunk and line limits (a test seam). */
    FileChunkReader(Executor executor, int parallelism, Decoder<R> decoder, int chunkBytes, int maxLineBytes) {
        this.executor = executor;
        this.maxInFlight = executor == null ? 1 : Math.max(2, parallelism * 3);
        this.decoder = decoder;
        this.chunkBytes = chunkBytes;
        this.maxLineBytes = maxLineBytes;
        // A chunk and a carried partial line: below the humongous-object size of G1 regions on small heaps too.
        this.bufferBytes = chunkBytes + chunkBytes / 2;
    }

    /** A line of a chunk that is too long to decode. */
    private record TooLong(long length) {
    }

    /** The results of one chunk, in line order: decoded runs of lines, and {@link TooLong} lines between them. */
    private record Chunk(Object[] parts, byte[] buffer) {
    }

    /**
     * Reads bytes {@code [0, limit)} of {@code channel}.
     *
     * @return the number of complete lines
     */
    long read(FileChannel channel, long limit, Consumer<R> consumer) throws IOException {
        InFlight<Chunk> inFlight = new InFlight<>(executor);
        long lineNumber = 1;
        long position = 0;
        byte[] carry = new byte[0];
        int carryLength = 0;
        long skipping = -1; // bytes of an over-long line skipped so far, or -1
        boolean carryHasNewlines = false;
        try {
            while (position < limit) {
                // A partial line grows the buffer geometrically, so a very long line is copied O(log n) times.
                long wanted = (long) carryLength + Math.max(chunkBytes, carryHasNewlines ? 0 : carryLength);
                if (!carryHasNewlines) {
                    wanted = Math.min(wanted, Math.max(maxLineBytes, carryLength + 1L));
                }
                int size = (int) Math.min(wanted, carryLength + (limit - position));
                byte[] buffer = size <= bufferBytes && !free.isEmpty() ? free.pop()
                        : new byte[Math.max(size, bufferBytes)];
                System.arraycopy(carry, 0, buffer, 0, carryLength);
                int filled = carryLength + readFully(channel, buffer, carryLength, size, position);
                position += filled - carryLength;
                consumer.progress(position);
                int searchFrom = skipping >= 0 || carryHasNewlines ? 0 : carryLength;
                carryHasNewlines = false;
                if (skipping >= 0) {
                    int end = firstNewline(buffer, 0, filled);
                    if (end < 0) {
                        skipping += filled;
                        carryLength = 0;
                        continue;
                    }
                    inFlight.addDone(new Chunk(new Object[] {new TooLong(skipping + end)}, null));
                    skipping = -1;
                    carry = java.util.Arrays.copyOfRange(buffer, end + 1, filled);
                    carryLength = carry.length;
                    carryHasNewlines = true; // the rest is searched again with the next read
                    continue;
                }
                int lastNewline = lastNewline(buffer, searchFrom, filled);
                if (lastNewline < 0) {
                    if (filled >= maxLineBytes) {
                        skipping = filled;
                        carryLength = 0;
                    } else {
                        carry = buffer;
                        carryLength = filled;
                    }
                    continue;
                }
                int chunkEnd = lastNewline + 1;
                submit(inFlight, buffer, chunkEnd, position - filled);
                carry = java.util.Arrays.copyOfRange(buffer, chunkEnd, filled);
                carryLength = carry.length;
                while (inFlight.size() >= maxInFlight) {
                    lineNumber = consume(inFlight, lineNumber, consumer);
                }
            }
            if (carryHasNewlines) {
                int last = lastNewline(carry, 0, carryLength);
                if (last >= 0) {
                    submit(inFlight, carry, last + 1, position - carryLength);
                    carry = java.util.Arrays.copyOfRange(carry, last + 1, carryLength);
                    carryLength = carry.length;
                }
            }
            while (!inFlight.isEmpty()) {
                lineNumber = consume(inFlight, lineNumber, consumer);
            }
            if (skipping >= 0) {
                consumer.tooLong(lineNumber, skipping);
            } else if (carryLength >= maxLineBytes) {
                consumer.tooLong(lineNumber, carryLength);
            } else if (carryLength > 0) {
                consumer.tail(carry, 0, carryLength, position - carryLength, lineNumber);
            }
            return lineNumber - 1;
        } finally {
            inFlight.cancelAll();
        }
    }

    private void submit(InFlight<Chunk> inFlight, byte[] buffer, int length, long filePosition) {
        inFlight.submit(() -> decodeChunk(buffer, length, filePosition));
    }

    private Chunk decodeChunk(byte[] buffer, int length, long filePosition) {
        if (length <= maxLineBytes) {
            // No line is too long.
            return new Chunk(new Object[] {decoder.decode(buffer, 0, length, filePosition)}, buffer);
        }
        java.util.List<Object> parts = new java.util.ArrayList<>();
        int run = 0;
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                if (i - start >= maxLineBytes) {
                    if (start > run) {
                        parts.add(decoder.decode(buffer, run, start - run, filePosition + run));
                    }
                    parts.add(new TooLong(i - start));
                    run = i + 1;
                }
                start = i + 1;
            }
        }
        if (run < length) {
            parts.add(decoder.decode(buffer, run, length - run, filePosition + run));
        }
        return new Chunk(parts.toArray(), buffer);
    }

    @SuppressWarnings("unchecked")
    private long consume(InFlight<Chunk> inFlight, long firstLine, Consumer<R> consumer) throws IOException {
        Chunk chunk;
        try {
            chunk = inFlight.takeOldest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        } catch (CancellationException e) {
            throw new IOException("reading was cancelled", e);
        }
        long line = firstLine;
        for (Object part : chunk.parts()) {
            if (part instanceof TooLong tooLong) {
                consumer.tooLong(line, tooLong.length());
                line++;
            } else {
                R result = (R) part;
                consumer.lines(result, line);
                line += result.lines();
            }
        }
        if (chunk.buffer() != null && chunk.buffer().length == bufferBytes) {
            free.push(chunk.buffer()); // decoded and consumed: the next chunk can reuse it
        }
        return line;
    }

    private static int lastNewline(byte[] buffer, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int firstNewline(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int readFully(FileChannel channel, byte[] buffer, int offset, int end, long position)
            throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, end - offset);
        while (target.hasRemaining()) {
            int read = channel.read(target, position + (target.position() - offset));
            if (read < 0) {
                throw new IOException("file ended at byte " + (position + target.position() - offset) + " while "
                        + (position + end - offset) + " bytes were expected (was it truncated by another "
                        + "program?)");
            }
        }
        return end - offset;
    }
}
