package org.workspaceengine.persistence.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import org.workspaceengine.persistence.ChangeType;

/**
 * Reads the envelope of a line in the exact shape this format and the Go original write, byte by byte: the fields
 * {@code namespace}, {@code changeType}, {@code entityType}, {@code entityID}, {@code entity} and {@code timestamp}
 * in that order, without whitespace, the envelope strings printable ASCII without escapes, and the timestamp as
 * the format writes it. A load reads millions of such lines, and this is several times faster than a JSON parser:
 * the envelopes of 10,000 lines of about 250-byte entities take 6.1-7.8 ms here against 18.5-20.2 ms with the
 * Jackson parser, 2.6-3.0x (JMH, {@code CanonicalEnvelopesBenchmark} in the benchmarks module, 2 cores, two runs).
 *
 * <p>It is strict, never lenient: the entity is checked to be well-formed JSON within bounds tighter than the
 * parser's defaults, and any line that is not exactly in this shape, or that it cannot vouch for, is refused
 * ({@link #read} returns -1) and left to the JSON parser, whose verdict then stands. So a line it accepts reads
 * the same as the parser would read it. Use it only with a parser of default strictness
 * ({@link WireFormat} checks).
 *
 * <p>It fills the {@link Envelope} of the region being read, whose strings of the previous line it
 * returns again when a field repeats, instead of a new string.
 */
final class CanonicalEnvelopes {

    // The bytes between the values of the canonical line, built from the format's own field names and order.
    private static final byte[] NAMESPACE = ascii("{" + name(WireFormat.NAMESPACE) + "\"");
    private static final byte[] CHANGE_TYPE = ascii("\"," + name(WireFormat.CHANGE_TYPE) + "\"");
    // A change type, and the field after it.
    private static final byte[] SET = ascii(ChangeType.SET.wireName() + "\"," + name(WireFormat.ENTITY_TYPE) + "\"");
    private static final byte[] UNSET = ascii(ChangeType.UNSET.wireName() + "\"," + name(WireFormat.ENTITY_TYPE)
            + "\"");
    private static final byte[] ENTITY_ID = ascii("\"," + name(WireFormat.ENTITY_ID) + "\"");
    private static final byte[] ENTITY = ascii("\"," + name(WireFormat.ENTITY));
    private static final byte[] TIMESTAMP = ascii("," + name(WireFormat.TIMESTAMP) + "\"");
    static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /**
     * Bounds well inside the parser's defaults (nesting 500 or more, numbers of 1,000 characters, names of 50,000,
     * strings of 20,000,000): {@link WireFormat} uses this reader only with a parser that allows at least these.
     */
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_NAME_BYTES = 1_000;
    static final int MAX_STRING_BYTES = 1 << 20;

    private static final int REFUSED = -1;
    /** Longer than any timestamp the format reads (RFC 3339 with nine fraction digits and an offset). */
    private static final int MAX_TIMESTAMP_BYTES = 64;

    private CanonicalEnvelopes() {
    }

    /** {@code "field":}, as the format writes a field's name. */
    private static String name(String field) {
        return "\"" + field + "\":";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether this reader may read for a format whose parser {@code factory} makes: only when the parser is at least
     * as lenient (no duplicate-field detection, limits at least as loose as the reader's own bounds), so that a line
     * it accepts is one the parser accepts too.
     */
    static boolean allowedFor(JsonFactory factory) {
        StreamReadConstraints limits = factory.streamReadConstraints();
        return !factory.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                && limits.getMaxNestingDepth() > MAX_DEPTH
                && limits.getMaxNumberLength() >= MAX_NUMBER_LENGTH
                && limits.getMaxNameLength() >= MAX_NAME_BYTES
                && limits.getMaxStringLength() > MAX_STRING_BYTES
                && limits.getMaxDocumentLength() <= 0
                && limits.getMaxTokenCount() <= 0;
    }

    /**
     * Reads the line at {@code start}, ending at the next newline or at {@code end}, into {@code into} (its
     * namespace, change type, entity type and id, and timestamp); a refused line leaves it unchanged.
     *
     * @return the index of the line's end (its newline, or {@code end}), or -1 if the line is not in the canonical
     *         shape or not one this reader vouches for
     */
    static int read(byte[] b, int start, int end, Envelope into) {
        // The lines of a file most often begin alike up to the entity id: compared at once with the last line's
        // beginning, they name the same namespace, change type and entity type.
        Prefix prefix = into.prefix();
        int i = prefix.match(b, start, end);
        if (i < 0) {
            i = readPrefix(b, start, end, prefix);
            if (i < 0) {
                return REFUSED;
            }
        }
        int stop = plainString(b, i, end);
        if (stop < 0 || isBlank(b, i, stop)) {
            return REFUSED;
        }
        int idStart = i;
        int idEnd = stop;
        i = expect(b, stop, end, ENTITY);
        if (i < 0 || i >= end || b[i] != '{' && !(prefix.changeType == ChangeType.UNSET && b[i] == 'n')) {
            return REFUSED; // an object, or null for an unset without body
        }
        int entityStart = i;
        i = skipValue(b, i, end);
        if (i < 0) {
            return REFUSED;
        }
        int entityEnd = i;
        i = expect(b, i, end, TIMESTAMP);
        if (i < 0) {
            return REFUSED;
        }
        stop = plainString(b, i, end);
        if (stop < 0 || stop + 1 >= end || b[stop + 1] != '}') {
            return REFUSED;
        }
        int lineEnd = stop + 2;
        if (lineEnd < end && b[lineEnd] != '\n') {
            return REFUSED;
        }
        Timestamps.Reader timestamps = into.timestamps();
        try {
            timestamps.read(b, i, stop);
        } catch (DateTimeException e) {
            return REFUSED;
        }
        into.namespace = prefix.namespace;
        into.changeType = prefix.changeType;
        into.entityType = prefix.entityType;
        into.entityId = null; // built if asked for: a load looks most ids up by their bytes
        into.idBytes = b;
        into.entityIdOffset = idStart;
        into.entityIdLength = idEnd - idStart;
        into.timestamp = null;
        into.epochSecond = timestamps.epochSecond;
        into.nano = timestamps.nano;
        into.entityOffset = entityStart;
        into.entityLength = entityEnd - entityStart;
        return lineEnd;
    }

    /**
     * Reads a line's namespace, change type and entity type at {@code start} into {@code prefix}, which remembers
     * the bytes they were read from: the index of the entity id's first byte, or -1 (the prefix then unchanged).
     */
    private static int readPrefix(byte[] b, int start, int end, Prefix prefix) {
        int i = expect(b, start, end, NAMESPACE);
        if (i < 0) {
            return REFUSED;
        }
        // A field repeating the last line's value (the namespace when only the type or change type changed) is
        // compared, not made into a string again.
        String namespace = repeated(prefix.namespace, b, i, end);
        int stop;
        if (namespace != null) {
            stop = i + namespace.length();
        } else {
            stop = plainString(b, i, end);
            if (stop <= i) {
                return REFUSED; // not plain, or empty (refused by the parser's path too)
            }
            namespace = ascii(b, i, stop);
        }
        i = expect(b, stop, end, CHANGE_TYPE);
        if (i < 0) {
            return REFUSED;
        }
        ChangeType changeType;
        if (startsWith(b, i, end, SET)) {
            changeType = ChangeType.SET;
            i += SET.length;
        } else if (startsWith(b, i, end, UNSET)) {
            changeType = ChangeType.UNSET;
            i += UNSET.length;
        } else {
            return REFUSED;
        }
        String entityType = repeated(prefix.entityType, b, i, end);
        if (entityType != null) {
            stop = i + entityType.length();
        } else {
            stop = plainString(b, i, end);
            if (stop < 0 || isBlank(b, i, stop)) {
                return REFUSED;
            }
            entityType = ascii(b, i, stop);
        }
        i = expect(b, stop, end, ENTITY_ID);
        if (i < 0) {
            return REFUSED;
        }
        prefix.remember(b, start, i, namespace, changeType, entityType);
        return i;
    }

    /**
     * The beginning of the last line read, up to its entity id, and the namespace, change type and entity type it
     * names; one per {@link Envelope}.
     */
    static final class Prefix {
        /** The longest beginning remembered: longer namespaces and types are read field by field each time. */
        private static final int MAX_BYTES = 256;

        private final byte[] bytes = new byte[MAX_BYTES];
        private int length;
        String namespace;
        ChangeType changeType;
        String entityType;

        /** The index after the remembered beginning if the line at {@code start} begins with it, else -1. */
        int match(byte[] b, int start, int end) {
            int n = length;
            return n > 0 && end - start >= n && Arrays.equals(b, start, start + n, bytes, 0, n) ? start + n : REFUSED;
        }

        void remember(byte[] b, int start, int end, String namespace, ChangeType changeType, String entityType) {
            int n = end - start;
            length = n <= MAX_BYTES ? n : 0;
            if (length > 0) {
                System.arraycopy(b, start, bytes, 0, n);
            }
            this.namespace = namespace;
            this.changeType = changeType;
            this.entityType = entityType;
        }
    }

    /**
     * The timestamp of the change in bytes {@code [start, end)} if they end as this format writes a change, with the
     * timestamp as the last field and no whitespace: {@code ,"timestamp":"..."}}; null otherwise, or if the
     * timestamp is not one. Only those last bytes are read. In well-formed JSON they can only be the last member of
     * the outermost object (a quote in a string is escaped, so {@code ,"} starts a member), which is the member a
     * parser keeps when a field repeats: a decode of the whole change reads this timestamp, or fails.
     */
    static Instant trailingTimestamp(byte[] b, int start, int end) {
        int close = end - 2;
        if (close - start < TIMESTAMP.length + 1 || b[end - 1] != '}' || b[close] != '"') {
            return null;
        }
        int open = close - 1;
        int limit = Math.max(start + TIMESTAMP.length - 1, close - MAX_TIMESTAMP_BYTES - 1);
        while (open > limit && b[open] != '"') {
            if (b[open] < 0x20 || b[open] == '\\') {
                return null;
            }
            open--;
        }
        if (b[open] != '"' || !startsWith(b, open + 1 - TIMESTAMP.length, end, TIMESTAMP)) {
            return null;
        }
        try {
            return Timestamps.parse(b, open + 1, close);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The index after {@code expected} at {@code i}, or -1 if the bytes there differ. */
    static int expect(byte[] b, int i, int end, byte[] expected) {
        return startsWith(b, i, end, expected) ? i + expected.length : REFUSED;
    }

    private static boolean startsWith(byte[] b, int i, int end, byte[] expected) {
        if (end - i < expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (b[i + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the closing quote of a string of printable ASCII without escapes starting at {@code i} (after
     * its opening quote), or -1.
     */
    private static int plainString(byte[] b, int i, int end) {
        for (int k = i; k < end && k - i <= MAX_STRING_BYTES; k++) {
            byte c = b[k];
            if (c == '"') {
                return k;
            }
            if (c < 0x20 || c == '\\' || c == 0x7f) { // negative bytes (non-ASCII) are below 0x20 too
                return REFUSED;
            }
        }
        return REFUSED;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] != ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code last} if the bytes at {@code from} are its characters and a closing quote, else null. {@code last} is a
     * value {@link #readPrefix} read before, a plain string: bytes equal to it are one too.
     */
    private static String repeated(String last, byte[] b, int from, int end) {
        if (last == null || end - from <= last.length() || b[from + last.length()] != '"') {
            return null;
        }
        for (int k = 0; k < last.length(); k++) {
            if (last.charAt(k) != b[from + k]) {
                return null;
            }
        }
        return last;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * The index after the JSON value at {@code i}, or -1 if it is not one this reader vouches for. One loop over the
     * value's tokens, the kinds of the containers it is in kept as the bits of a long (set: an array), at most
     * {@value #MAX_DEPTH} deep: the JIT compiles it once, where methods calling each other for objects and arrays
     * were compiled, and inlined into each other, several times over.
     */
    private static int skipValue(byte[] b, int i, int end) {
        long arrays = 0; // bit d: the container at depth d + 1 is an array
        int depth = 0;
        while (true) {
            if (i >= end) {
                return REFUSED;
            }
            byte c = b[i];
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return REFUSED;
                }
                boolean array = c == '[';
                arrays = array ? arrays | 1L << depth : arrays & ~(1L << depth);
                depth++;
                i++;
                if (i >= end || b[i] != (array ? ']' : '}')) {
                    i = array ? i : skipName(b, i, end);
                    if (i < 0) {
                        return REFUSED;
                    }
                    continue; // the first element, or the first member's value
                }
                i++;
                depth--;
            } else if (c == '"') {
                i = skipString(b, i + 1, end, MAX_STRING_BYTES);
            } else if (c == 't') {
                i = expect(b, i, end, TRUE);
            } else if (c == 'f') {
                i = expect(b, i, end, FALSE);
            } else if (c == 'n') {
                i = expect(b, i, end, NULL);
            } else if (c == '-' || c >= '0' && c <= '9') {
                i = skipNumber(b, i, end);
            } else {
                return REFUSED;
            }
            // After a value: close the containers it ends, then go on to the next element or member.
            while (true) {
                if (i < 0) {
                    return REFUSED;
                }
                if (depth == 0) {
                    return i;
                }
                if (i >= end) {
                    return REFUSED;
                }
                boolean array = (arrays >>> depth - 1 & 1) != 0;
                c = b[i];
                if (c == ',') {
                    i = array ? i + 1 : skipName(b, i + 1, end);
                    break;
                }
                if (c != (array ? ']' : '}')) {
                    return REFUSED;
                }
                i++;
                depth--;
            }
            if (i < 0) {
                return REFUSED;
            }
        }
    }

    /** A member's name and colon at {@code i}: the index of its value, or -1. */
    private static int skipName(byte[] b, int i, int end) {
        if (i >= end || b[i] != '"') {
            return REFUSED;
        }
        i = skipString(b, i + 1, end, MAX_NAME_BYTES);
        return i < 0 || i >= end || b[i] != ':' ? REFUSED : i + 1;
    }

    /** A JSON string from after its opening quote, of at most {@code maxBytes}: the index after its end, or -1. */
    static int skipString(byte[] b, int i, int end, int maxBytes) {
        int start = i;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                i++; // most of a string: printable ASCII
                continue;
            }
            if (i - start > maxBytes) {
                return REFUSED;
            }
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    return REFUSED;
                }
                switch (b[i + 1]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                    case 'u' -> {
                        if (i + 6 > end || !isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4])
                                || !isHex(b[i + 5])) {
                            return REFUSED;
                        }
                        // An escaped surrogate must pair up, which the parser checks in places: leave it to it.
                        int high = Character.digit(b[i + 2], 16) << 4 | Character.digit(b[i + 3], 16);
                        if (high >= 0xD8 && high <= 0xDF) {
                            return REFUSED;
                        }
                        i += 6;
                    }
                    default -> {
                        return REFUSED;
                    }
                }
            } else if (c < 0x20) {
                return REFUSED;
            } else if (c < 0x80) {
                i++;
            } else {
                i = JsonText.utf8End(b, i, end);
                if (i < 0) {
                    return REFUSED;
                }
            }
        }
        return REFUSED;
    }

    private static boolean isHex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; the index after it, or -1. */
    static int skipNumber(byte[] b, int i, int end) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return REFUSED;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i, end);
        } else {
            return REFUSED;
        }
        if (i < end && b[i] == '.') {
            int fraction = i + 1;
            i = digits(b, fraction, end);
            if (i == fraction) {
                return REFUSED;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponent = i;
            i = digits(b, exponent, end);
            if (i == exponent) {
                return REFUSED;
            }
        }
        // The parser would read a letter or digit right after a number as part of a bad token.
        if (i - start > MAX_NUMBER_LENGTH || i < end && (b[i] >= '0' && b[i] <= '9' || Character.isLetter(b[i]))) {
            return REFUSED;
        }
        return i;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }
}
