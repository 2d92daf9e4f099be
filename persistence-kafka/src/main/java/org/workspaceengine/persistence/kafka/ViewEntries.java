package org.workspaceengine.persistence.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The format of a namespace's file in the {@linkplain LocalState local view}: one entry per record of the namespace,
 * in the partition's order, each its offset (8 bytes), its key's length (4), its value's length (4; -1 for a
 * tombstone), then the key's and the value's bytes as the broker handed them out. Lengths rather than separators,
 * because a value written by another client may hold any byte; the offset, so that a failure names the record.
 * A file is only ever appended to or replaced whole, and a checkpoint says how many of its bytes count, so a reader
 * never sees a torn entry.
 */
final class ViewEntries {

    /** What a reader hands each entry to. */
    @FunctionalInterface
    interface Visitor {
        /**
         * One entry: its offset in the partition, its key, its value (null for a tombstone). The arrays are reused
         * after the call: copy what is kept.
         */
        void accept(long offset, Bytes key, Bytes value);
    }

    /** Thrown when a file does not hold whole entries up to the length its checkpoint gives. */
    static final class Corrupt extends IOException {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message);
        }
    }

    static final int HEADER_BYTES = 16;
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private ViewEntries() {
    }

    /**
     * Entries not written yet: a growable array, emptied by {@link #clear} and kept for the next ones (so a catch-up
     * does not grow a new array per namespace per flush; {@code ByteArrayOutputStream} did, and its copies showed in
     * profiles of a first load).
     */
    static final class Buffer {
        private byte[] bytes;
        private int count;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        /** Appends one entry; returns its size in bytes. */
        int write(long offset, Bytes key, Bytes value) {
            int size = HEADER_BYTES + key.length() + (value == null ? 0 : value.length());
            if (bytes.length - count < size) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16,
                        Math.max((long) count + size, 2L * bytes.length)));
            }
            ByteBuffer.wrap(bytes, count, HEADER_BYTES).putLong(offset).putInt(key.length())
                    .putInt(value == null ? -1 : value.length());
            System.arraycopy(key.array(), key.offset(), bytes, count + HEADER_BYTES, key.length());
            if (value != null) {
                System.arraycopy(value.array(), value.offset(), bytes, count + HEADER_BYTES + key.length(),
                        value.length());
            }
            count += size;
            return size;
        }

        /** The bytes held, to write; valid until the next change. */
        ByteBuffer bytes() {
            return ByteBuffer.wrap(bytes, 0, count);
        }

        /** The array's length. */
        int capacity() {
            return bytes.length;
        }

        /** Empties the buffer, keeping its array. */
        void clear() {
            count = 0;
        }
    }

    /**
     * Writes {@code versions} (their positions as offsets) to the new file {@code file}, and forces it to disk if
     * {@code force}.
     *
     * @return the file's length
     */
    static long write(Path file, List<EncodedLatestWins.Version> versions, boolean force) throws IOException {
        Buffer out = new Buffer(8192);
        long length = 0;
        for (EncodedLatestWins.Version version : versions) {
            length += out.write(version.position(), new Bytes(version.keyArray(), version.keyOffset(),
                    version.keyLength()), new Bytes(version.valueArray(), version.valueOffset(),
                    version.valueLength()));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = out.bytes();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(true);
            }
        }
        return length;
    }

    /**
     * Hands the entries of the first {@code length} bytes of {@code file} to {@code visitor}, in order.
     *
     * @return the number of entries
     * @throws Corrupt if those bytes are not whole entries
     */
    static long read(Path file, long length, Visitor visitor) throws IOException {
        return read(file, 0, length, visitor);
    }

    /**
     * Hands the entries of the bytes {@code [from, length)} of {@code file} to {@code visitor}, in order;
     * {@code from} is where an entry starts.
     *
     * @return the number of entries
     * @throws Corrupt if those bytes are not whole entries
     */
    static long read(Path file, long from, long length, Visitor visitor) throws IOException {
        long entries = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buffer = new byte[(int) Math.max(HEADER_BYTES, Math.min(length - from, READ_BUFFER_BYTES))];
            int start = 0;
            int end = 0;
            long position = from;
            while (position < length || start < end) {
                if (end - start < HEADER_BYTES) {
                    int[] filled = fill(channel, buffer, start, end, position, length);
                    position += filled[1] - (end - start);
                    start = 0;
                    end = filled[1];
                    if (end < HEADER_BYTES) {
                        throw new Corrupt(file + ": a torn entry at byte " + (position - end) + " of " + length);
                    }
                }
                ByteBuffer header = ByteBuffer.wrap(buffer, start, HEADER_BYTES);
                long offset = header.getLong();
                int keyLength = header.getInt();
                int valueLength = header.getInt();
                if (keyLength < 0 || valueLength < -1 || offset < 0) {
                    throw new Corrupt(file + ": an invalid entry at byte " + (position - (end - start)));
                }
                long size = (long) HEADER_BYTES + keyLength + Math.max(0, valueLength);
                if (size > Integer.MAX_VALUE - 16) {
                    throw new Corrupt(file + ": an entry of " + size + " bytes at byte " + (position - (end - start)));
                }
                if (end - start < size) {
                    if (size > buffer.length) {
                        buffer = Arrays.copyOf(buffer, (int) size);
                    }
                    int[] filled = fill(channel, buffer, start, end, position, length);
                    position += filled[1] - (end - start);
                    start = 0;
                    end = filled[1];
                    if (end < size) {
                        throw new Corrupt(file + ": a torn entry at byte " + (position - end) + " of " + length);
                    }
                }
                int keyStart = start + HEADER_BYTES;
                Bytes key = new Bytes(buffer, keyStart, keyLength);
                Bytes value = valueLength < 0 ? null : new Bytes(buffer, keyStart + keyLength, valueLength);
                visitor.accept(offset, key, value);
                start += (int) size;
                entries++;
            }
        }
        return entries;
    }

    /**
     * Moves the unread bytes {@code [start, end)} to the front of {@code buffer} and reads after them from
     * {@code position}, up to {@code length}; returns {start, end} of the bytes now in the buffer (start is 0).
     */
    private static int[] fill(FileChannel channel, byte[] buffer, int start, int end, long position, long length)
            throws IOException {
        int unread = end - start;
        System.arraycopy(buffer, start, buffer, 0, unread);
        ByteBuffer into = ByteBuffer.wrap(buffer, unread, (int) Math.min(buffer.length - unread, length - position));
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        return new int[] {0, into.position()};
    }
}
