package org.workspaceengine.persistence.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import org.workspaceengine.persistence.wire.WireFormat.EnvelopeVisitor;
import org.workspaceengine.persistence.CorruptDataException;

/**
 * A region of JSON Lines being read for {@link WireFormat#decodeEnvelopes}: the next line's start and index, and the
 * envelope just read. Lines are read by {@link CanonicalEnvelopes} while they are in the canonical shape, then by one
 * parser for as long as each line holds exactly one change, and a line neither can read is decoded alone, so that
 * every line reads as {@link WireFormat#decodeEnvelope(byte[], int, int)} of that line alone would.
 */
final class EnvelopeLines {

    private static final int END = -1;
    private static final int MISMATCH = -2;

    private final WireFormat format;
    private final boolean canonical;
    private final byte[] bytes;
    private final int end;
    private final Envelope envelope = new Envelope(false);
    private int next;
    private int line;
    private int lastLength;

    /**
     * The lines of {@code bytes[start, end)}, read as {@code format} reads an envelope, with its parsers, and with
     * {@link CanonicalEnvelopes} first when {@code canonical}.
     */
    EnvelopeLines(WireFormat format, boolean canonical, byte[] bytes, int start, int end) {
        this.format = format;
        this.canonical = canonical;
        this.bytes = bytes;
        this.next = start;
        this.end = end;
    }

    /**
     * Reads every line, reporting each to {@code visitor} in order.
     *
     * @return the number of lines: the newlines of the region, plus one if bytes follow the last newline
     */
    int read(EnvelopeVisitor visitor) {
        while (next < end) {
            // Lines in the exact shape this format writes are read byte by byte; from the first other line on, the
            // parser reads the rest of the region (the lines of a file usually all come from one writer).
            if (!canonical || !readCanonicalLines(visitor)) {
                if (!readLines(visitor)) {
                    decodeAlone(visitor);
                }
            }
        }
        return line;
    }

    /** Skips the blank lines at {@link #next}; false if the region ends first. */
    private boolean skipBlankLines() {
        int at = next;
        while (at < end) {
            byte b = bytes[at];
            if (b == '\n') {
                line++;
                next = at + 1;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                return true;
            }
            at++;
        }
        if (next < end) {
            line++; // a blank last line without newline
            next = end;
        }
        return false;
    }

    /**
     * Reads lines from {@link #next} with {@link CanonicalEnvelopes} for as long as it accepts them; true at
     * the end of the region, false at a line it refuses (left for the parser).
     */
    private boolean readCanonicalLines(EnvelopeVisitor visitor) {
        while (skipBlankLines()) {
            int start = next;
            int lineEnd = CanonicalEnvelopes.read(bytes, start, end, envelope);
            if (lineEnd < 0) {
                return false;
            }
            int index = line++;
            next = Math.min(lineEnd + 1, end);
            visitor.envelope(index, start, lineEnd - start, envelope);
        }
        return true;
    }

    /**
     * Reads lines from {@link #next} with one parser for as long as each line holds exactly one well-formed
     * change; false when one does not (that line is left to {@link #decodeAlone}), true at the end of the region.
     */
    private boolean readLines(EnvelopeVisitor visitor) {
        JsonParser parser;
        try {
            parser = format.jsonFactory().createParser(bytes, next, end - next);
        } catch (IOException e) {
            return false;
        }
        try {
            // Only whitespace may separate tokens, and a raw newline only ends a line: then a change read on one
            // parser row lies on one line. Anything else is left to the per-line decoder (and its features).
            parser.disable(JsonReadFeature.ALLOW_JAVA_COMMENTS.mappedFeature());
            parser.disable(JsonReadFeature.ALLOW_YAML_COMMENTS.mappedFeature());
            parser.disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS.mappedFeature());
            int base = next;
            while (true) {
                int lineStart = readLine(parser, base);
                if (lineStart == END) {
                    return true;
                }
                if (lineStart == MISMATCH) {
                    return false;
                }
                visitor.envelope(line - 1, lineStart, lastLength, envelope);
            }
        } finally {
            try {
                parser.close();
            } catch (IOException ignored) {
                // A parser over bytes holds nothing to release.
            }
        }
    }

    /**
     * Reads the next change with {@code parser} (over the region from {@code base}) into {@code envelope}.
     *
     * @return the start of its line, {@link #END} at the end of the region, or {@link #MISMATCH} if the next
     *         non-blank line is not exactly one well-formed change
     */
    private int readLine(JsonParser parser, int base) {
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                // Only what the parser skips is left: blank lines, or a line it skipped otherwise (a byte order
                // mark), which is decoded alone.
                return skipBlankLines() ? MISMATCH : END;
            }
            long startOffset = parser.currentTokenLocation().getByteOffset();
            if (token != JsonToken.START_OBJECT || startOffset < 0) {
                return MISMATCH;
            }
            int start = base + (int) startOffset;
            int row = parser.currentTokenLocation().getLineNr();
            int lineStart = next;
            int number = line;
            for (int i = next; i < start; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    number++;
                    lineStart = i + 1;
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    return MISMATCH; // something the parser skips that is not blank (a byte order mark)
                }
            }
            envelope.readFields(parser, bytes, 0);
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.currentTokenLocation().getLineNr() != row) {
                return MISMATCH;
            }
            int lineEnd = base + (int) parser.currentTokenLocation().getByteOffset() + 1;
            for (; lineEnd < end && bytes[lineEnd] != '\n'; lineEnd++) {
                byte b = bytes[lineEnd];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return MISMATCH;
                }
            }
            envelope.validate();
            if (JsonText.problem(bytes, lineStart, lineEnd, WireFormat.MAX_NESTING_DEPTH) != null) {
                return MISMATCH; // text the parser reads leniently: decoded alone, to report it
            }
            line = number + 1;
            next = Math.min(lineEnd + 1, end);
            lastLength = lineEnd - lineStart;
            return lineStart;
        } catch (IOException | RuntimeException e) {
            return MISMATCH;
        }
    }

    /** Decodes the first non-blank line at {@link #next} on its own and reports it. */
    private void decodeAlone(EnvelopeVisitor visitor) {
        if (!skipBlankLines()) {
            return;
        }
        int start = next;
        int lineEnd = start;
        while (lineEnd < end && bytes[lineEnd] != '\n') {
            lineEnd++;
        }
        int index = line;
        line++;
        next = Math.min(lineEnd + 1, end);
        EncodedChange change;
        try {
            change = format.decodeEnvelope(bytes, start, lineEnd - start);
        } catch (CorruptDataException e) {
            visitor.corrupt(index, start, lineEnd - start, e);
            return;
        }
        envelope.set(change);
        visitor.envelope(index, start, lineEnd - start, envelope);
    }
}
