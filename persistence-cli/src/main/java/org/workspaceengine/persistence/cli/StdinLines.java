package org.workspaceengine.persistence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines of bytes from a stream, without decoding them: the wire format parses UTF-8 bytes itself. A line ends
 * at {@code \n} (a {@code \r} before it is dropped); the last line may lack its terminator. Memory is bounded: a line
 * longer than the limit fails as soon as its limit + 1st byte is read.
 */
final class StdinLines {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private long number;

    /** A reader of lines of at most {@code maxLineBytes} bytes (the line terminator left out). */
    StdinLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads the next line; returns false at the end of the stream.
     *
     * @throws LineTooLongException as soon as the line passes the limit
     */
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
                        if (length > maxLineBytes) {
                            throw new LineTooLongException(number, maxLineBytes);
                        }
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
                if (length > maxLineBytes) {
                    throw new LineTooLongException(number, maxLineBytes);
                }
                return true;
            }
        }
    }

    private void append(int start, int count) throws LineTooLongException {
        // A '\r' ending the line may follow the limit: it is dropped once the newline is seen.
        if ((long) length + count > maxLineBytes + 1L) {
            throw new LineTooLongException(number + 1, maxLineBytes);
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes + 1L, Math.max(line.length * 2L, length + count)));
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

    /** A line passed the limit; nothing more of it was read. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        private final long lineNumber;

        LineTooLongException(long lineNumber, int maxLineBytes) {
            super("line " + lineNumber + " is longer than " + maxLineBytes + " bytes");
            this.lineNumber = lineNumber;
        }

        /** The 1-based number of the line. */
        long lineNumber() {
            return lineNumber;
        }
    }
}
