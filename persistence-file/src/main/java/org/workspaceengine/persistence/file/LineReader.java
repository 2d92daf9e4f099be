package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Reads the lines of a file region in one streaming pass, decoding them on a pool of threads while the caller
 * consumes the results strictly in file order.
 *
 * <p>The region is cut into chunks of whole lines; each chunk's lines are {@linkplain Decoder decoded} on the
 * executor (or inline when there is none), and the caller's {@link Consumer} receives every line's result in order,
 * with its 1-based line number. A few chunks are in flight at a time, so memory stays bounded whatever the file
 * size. The bytes after the last newline are the tail; a line longer than {@link #MAX_LINE_BYTES} is skipped and
 * reported.
 *
 * @param <R> what a line decodes to
 */
final class LineReader<R> {

    /** The longest line read; longer lines are reported as too long and skipped. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    /** Chunk size: below the size at which G1 allocates arrays outside the young generation on small heaps. */
    static final int CHUNK_BYTES = 256 * 1024;

    /** Decodes one line; runs on pool threads, so it must be thread-safe. */
    interface Decoder<R> {
        /**
         * The result of the line at {@code bytes[offset, offset + length)}, without its newline, which starts at
         * byte {@code position} of the file; null to skip it.
         */
        R decode(byte[] bytes, int offset, int length, long position);
    }

    /** Receives results in file order, on the calling thread. */
    interface Consumer<R> {
        /** The result of the complete line {@code lineNumber}. */
        void line(R result, long lineNumber);

        /** The bytes after the last newline of the region (no newline follows them), from file byte {@code position}. */
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

    /**
     * A reader decoding on {@code executor} with about three chunks in flight per thread of {@code parallelism}; a
     * null executor decodes on the calling thread.
     */
    LineReader(Executor executor, int parallelism, Decoder<R> decoder) {
        this(executor, parallelism, decoder, CHUNK_BYTES, MAX_LINE_BYTES);
    }

    /** A reader with other chunk and line limits (a test seam). */
    LineReader(Executor executor, int parallelism, Decoder<R> decoder, int chunkBytes, int maxLineBytes) {
        this.executor = executor;
        this.maxInFlight = executor == null ? 1 : Math.max(2, parallelism * 3);
        this.decoder = decoder;
        this.chunkBytes = chunkBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /** A line of a chunk that is too long to decode. */
    private record TooLong(long length) {
    }

    /** The results of one chunk, in line order (null for skipped lines). */
    private record Chunk(Object[] results, int lines, long tooLongLength) {
    }

    /**
     * Reads bytes {@code [0, limit)} of {@code channel}.
     *
     * @return the number of complete lines
     */
    long read(FileChannel channel, long limit, Consumer<R> consumer) throws IOException {
        ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
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
                byte[] buffer = new byte[(int) Math.min(wanted, carryLength + (limit - position))];
                System.arraycopy(carry, 0, buffer, 0, carryLength);
                int filled = carryLength + readFully(channel, buffer, carryLength, position);
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
                    inFlight.add(CompletableFuture.completedFuture(new Chunk(new Object[0], 1, skipping + end)));
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
                    lineNumber = consume(inFlight.removeFirst(), lineNumber, consumer);
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
                lineNumber = consume(inFlight.removeFirst(), lineNumber, consumer);
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
            for (Future<Chunk> pending : inFlight) {
                pending.cancel(false);
            }
        }
    }

    private void submit(ArrayDeque<Future<Chunk>> inFlight, byte[] buffer, int length, long filePosition) {
        FutureTask<Chunk> task = new FutureTask<>(() -> decodeChunk(buffer, length, filePosition));
        if (executor == null) {
            task.run();
        } else {
            executor.execute(task);
        }
        inFlight.add(task);
    }

    private Chunk decodeChunk(byte[] buffer, int length, long filePosition) {
        Object[] results = new Object[Math.max(16, length / 128)];
        int lines = 0;
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                if (lines == results.length) {
                    results = java.util.Arrays.copyOf(results, lines * 2);
                }
                results[lines++] = i - start >= maxLineBytes ? new TooLong(i - start)
                        : decoder.decode(buffer, start, i - start, filePosition + start);
                start = i + 1;
            }
        }
        return new Chunk(results, lines, -1);
    }

    @SuppressWarnings("unchecked")
    private long consume(Future<Chunk> future, long firstLine, Consumer<R> consumer) throws IOException {
        Chunk chunk;
        try {
            chunk = future.get();
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
        if (chunk.tooLongLength() >= 0) {
            consumer.tooLong(firstLine, chunk.tooLongLength());
            return firstLine + 1;
        }
        Object[] results = chunk.results();
        for (int i = 0; i < chunk.lines(); i++) {
            if (results[i] instanceof TooLong tooLong) {
                consumer.tooLong(firstLine + i, tooLong.length());
            } else if (results[i] != null) {
                consumer.line((R) results[i], firstLine + i);
            }
        }
        return firstLine + chunk.lines();
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

    private static int readFully(FileChannel channel, byte[] buffer, int offset, long position) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, buffer.length - offset);
        while (target.hasRemaining()) {
            int read = channel.read(target, position + (target.position() - offset));
            if (read < 0) {
                throw new IOException("file ended at byte " + (position + target.position() - offset) + " while "
                        + (position + buffer.length - offset) + " bytes were expected (was it truncated by another "
                        + "program?)");
            }
        }
        return buffer.length - offset;
    }
}
