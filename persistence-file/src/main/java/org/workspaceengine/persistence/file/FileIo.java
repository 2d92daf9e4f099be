package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads and writes that finish what they start, and the searches for a file's last line. */
final class FileIo {

    private FileIo() {
    }

    /** Fills {@code buffer} from {@code position}. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    /** Writes what remains of {@code buffer} at {@code position}; returns how many bytes that was. */
    static int writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = buffer.remaining();
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        return total;
    }

    /** The byte before {@code size}. */
    static byte lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(channel, one, size - 1);
        return one.get(0);
    }

    /** The position of the last newline before {@code size}, or -1. */
    static long lastNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - start));
            readFully(channel, chunk, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return start + i;
                }
            }
            end = start;
        }
        return -1;
    }
}
