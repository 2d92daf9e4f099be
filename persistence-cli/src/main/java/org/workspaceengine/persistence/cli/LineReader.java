package org.workspaceengine.persistence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines of bytes from a stream, without decoding them: the wire format parses UTF-8 bytes itself. A line ends
 * at {@code \n} (a {@code \r} before it is dropped); the last line may lack its terminator.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private long number;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line; returns false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (any) {
                        number++;
                    }
                    return any;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++; // the '\n'
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                number++;
                return true;
            }
        }
    }

    private void append(int start, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(buffer, start, line, length, count);
        length += count;
    }

    /** The current line's bytes, valid until the next call of {@link #next()}; see {@link #length()}. */
    byte[] bytes() {
        return line;
    }

    /** The current line's length in bytes. */
    int length() {
        return length;
    }

    /** The current line's number, 1-based. */
    long number() {
        return number;
    }

    /** Whether the current line holds only whitespace. */
    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
