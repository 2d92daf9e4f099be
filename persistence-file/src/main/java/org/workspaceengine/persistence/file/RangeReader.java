package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads byte ranges of a file given in ascending offset order through a window of 1 MiB, so reading many short
 * ranges costs few system calls.
 */
final class RangeReader {

    private static final int WINDOW_BYTES = 1 << 20;

    private final FileChannel channel;
    private byte[] window = new byte[0];
    private long windowStart;
    private int windowLength;

    RangeReader(FileChannel channel) {
        this.channel = channel;
    }

    /** The {@code length} bytes at {@code offset}, valid until the next call. */
    ByteBuffer read(long offset, int length) throws IOException {
        int from = locate(offset, length); // may read into a new window
        return ByteBuffer.wrap(window, from, length);
    }

    /** Copies the {@code length} bytes at {@code offset} to {@code target} at {@code targetOffset}. */
    void copy(long offset, int length, byte[] target, int targetOffset) throws IOException {
        int from = locate(offset, length); // may read into a new window
        System.arraycopy(window, from, target, targetOffset, length);
    }

    /** Where the {@code length} bytes at {@code offset} start in the window, read into it if they are not there. */
    private int locate(long offset, int length) throws IOException {
        if (offset < windowStart || offset + length > windowStart + windowLength) {
            if (window.length < length) {
                window = new byte[Math.max(WINDOW_BYTES, length)];
            } else if (window.length == 0) {
                window = new byte[WINDOW_BYTES];
            }
            long size = channel.size();
            int wanted = (int) Math.min(window.length, size - offset);
            if (wanted < length) {
                throw new IOException("file ended at byte " + size + " before the line at byte " + offset
                        + " (was it truncated by another program?)");
            }
            ByteBuffer target = ByteBuffer.wrap(window, 0, wanted);
            while (target.hasRemaining()) {
                if (channel.read(target, offset + target.position()) < 0) {
                    throw new IOException("unexpected end of file at byte " + (offset + target.position()));
                }
            }
            windowStart = offset;
            windowLength = wanted;
        }
        return (int) (offset - windowStart);
    }
}
