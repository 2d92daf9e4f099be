package org.workspaceengine.persistence.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one check of JSON text that this library writes and reads back: exactly one value in the grammar of RFC 8259,
 * in well-formed UTF-8 (shortest forms, no surrogate code points, nothing past U+10FFFF), with an escaped surrogate
 * only as a high one directly followed by an escaped low one, and nested at most a given number of levels.
 *
 * <p>Jackson's parser lets some of this through: it reads an escaped lone surrogate in a value, an overlong UTF-8
 * form as the character it spells, and drops some invalid bytes in field names. Such text could not come back as it
 * was saved (Go's {@code encoding/json} turns it into U+FFFD), so a save refuses it and a load reports it as corrupt.
 * The check is iterative: any depth costs no stack. For codecs and the raw entities of the generic mode.
 */
public final class JsonText {

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final int FAILED = -1;
    /** The bytes a string holds as they are: printable ASCII but the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final byte[] b;
    private final int start;
    private final int end;
    private final int maxDepth;
    /** One bit per open container, set for an object. */
    private long[] objects = new long[2];
    private int depth;
    private String problem;

    private JsonText(byte[] b, int start, int end, int maxDepth) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.maxDepth = maxDepth;
    }

    /**
     * What is wrong with the JSON text in bytes {@code [from, to)}, or null if it is one JSON value (with optional
     * whitespace around it) that passes the check, nested at most {@code maxDepth} levels (an object or array is one
     * level, its members one more).
     *
     * @param b the bytes
     * @param from the first byte, inclusive
     * @param to the end, exclusive
     * @param maxDepth the max depth
     * @return what is wrong with the JSON text in bytes {@code [from, to)}, or null if it is one JSON value (with
     *     optional whitespace around it) that passes the check, nested at most {@code maxDepth} levels (an object or
     *     array is one level, its members one more)
     */
    public static String problem(byte[] b, int from, int to, int maxDepth) {
        JsonText text = new JsonText(b, from, to, maxDepth);
        return text.check() ? null : text.problem;
    }

    /**
     * The JSON text of {@code json} without insignificant whitespace, after {@link #problem} found nothing wrong.
     *
     * @param json the entity's JSON
     * @param maxDepth the max depth
     * @param nullAllowed whether the JSON {@code null} passes
     * @return the JSON text of {@code json} without insignificant whitespace, after {@link #problem} found nothing
     *     wrong
     * @throws IllegalArgumentException naming the first problem otherwise, or if the value is not an object
     *     ({@code null} is allowed when {@code nullAllowed})
     */
    public static byte[] compactObject(String json, int maxDepth, boolean nullAllowed) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length()
                        && Character.isLowSurrogate(json.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("the JSON holds an unpaired surrogate (U+"
                            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at character " + i
                            + ", which UTF-8 cannot encode");
                }
                i++;
            }
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        String problem = problem(utf8, 0, utf8.length, maxDepth);
        if (problem != null) {
            throw new IllegalArgumentException("the JSON is not valid: " + problem);
        }
        byte[] compact = withoutWhitespace(utf8);
        boolean isNull = Arrays.equals(compact, NULL);
        if (compact[0] != '{' && !(nullAllowed && isNull)) {
            throw new IllegalArgumentException("the JSON must be an object" + (nullAllowed ? " or null" : "")
                    + ", found: " + excerpt(compact));
        }
        return compact;
    }

    /**
     * Valid JSON text without the whitespace outside its strings; {@code json} itself if it has none.
     *
     * @param json the JSON text
     * @return valid JSON text without the whitespace outside its strings; {@code json} itself if it has none
     */
    public static byte[] withoutWhitespace(byte[] json) {
        int kept = 0;
        boolean inString = false;
        byte[] out = null;
        for (int i = 0; i < json.length; i++) {
            byte c = json[i];
            if (inString) {
                if (c == '\\') {
                    if (out != null) {
                        out[kept] = c;
                    }
                    kept++;
                    c = json[++i]; // the escaped character is never the closing quote
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (out == null) {
                    out = Arrays.copyOf(json, json.length);
                }
                continue;
            } else if (c == '"') {
                inString = true;
            }
            if (out != null) {
                out[kept] = c;
            }
            kept++;
        }
        return out == null ? json : Arrays.copyOf(out, kept);
    }

    private static String excerpt(byte[] json) {
        String text = new String(json, 0, Math.min(json.length, 40), StandardCharsets.UTF_8);
        return json.length > 40 ? text + "..." : text;
    }

    // ---- the check ---------------------------------------------------------------------------------------------

    private boolean check() {
        int i = skipWhitespace(start);
        while (true) {
            // A value starts at i.
            if (i >= end) {
                return fail(i, "the text ends where a value should start");
            }
            byte c = b[i];
            if (c == '{' || c == '[') {
                if (!push(c == '{', i)) {
                    return false;
                }
                i = skipWhitespace(i + 1);
                if (i < end && b[i] == (c == '{' ? '}' : ']')) {
                    depth--;
                    i++;
                } else if (c == '{') {
                    i = member(i);
                    if (i < 0) {
                        return false;
                    }
                    continue;
                } else {
                    continue;
                }
            } else {
                i = scalar(i);
                if (i < 0) {
                    return false;
                }
            }
            // A value ended before i: close containers until one goes on with another value.
            while (true) {
                i = skipWhitespace(i);
                if (depth == 0) {
                    return i == end || fail(i, "unexpected " + describe(i) + " after the value");
                }
                boolean inObject = inObject();
                if (i < end && b[i] == ',') {
                    i = skipWhitespace(i + 1);
                    if (inObject) {
                        i = member(i);
                        if (i < 0) {
                            return false;
                        }
                    }
                    break;
                }
                if (i < end && b[i] == (inObject ? '}' : ']')) {
                    depth--;
                    i++;
                    continue;
                }
                return fail(i, "expected ',' or '" + (inObject ? '}' : ']') + "' but found " + describe(i));
            }
        }
    }

    /** A member's name and colon at {@code i}: the index where its value starts, or -1. */
    private int member(int i) {
        if (i >= end || b[i] != '"') {
            fail(i, "expected a field name but found " + describe(i));
            return FAILED;
        }
        i = string(i);
        if (i < 0) {
            return FAILED;
        }
        i = skipWhitespace(i);
        if (i >= end || b[i] != ':') {
            fail(i, "expected ':' but found " + describe(i));
            return FAILED;
        }
        return skipWhitespace(i + 1);
    }

    private boolean push(boolean object, int at) {
        if (depth == maxDepth) {
            return fail(at, "nesting deeper than " + maxDepth + " levels");
        }
        int word = depth >>> 6;
        if (word == objects.length) {
            objects = Arrays.copyOf(objects, objects.length * 2);
        }
        long bit = 1L << (depth & 63);
        objects[word] = object ? objects[word] | bit : objects[word] & ~bit;
        depth++;
        return true;
    }

    private boolean inObject() {
        int level = depth - 1;
        return (objects[level >>> 6] & 1L << (level & 63)) != 0;
    }

    /** A string, number or literal at {@code i}: the index after it, or -1. */
    private int scalar(int i) {
        byte c = b[i];
        if (c == '"') {
            return string(i);
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return number(i);
        }
        byte[] literal = c == 't' ? TRUE : c == 'f' ? FALSE : c == 'n' ? NULL : null;
        if (literal == null || end - i < literal.length
                || !Arrays.equals(b, i, i + literal.length, literal, 0, literal.length)) {
            fail(i, "unexpected " + describe(i) + " where a value should start");
            return FAILED;
        }
        return i + literal.length;
    }

    /** A string from its opening quote at {@code i}: the index after its closing quote, or -1. */
    private int string(int i) {
        int open = i++;
        while (true) {
            // Most of a string is printable ASCII.
            while (i < end && PLAIN[b[i] & 0xFF]) {
                i++;
            }
            if (i >= end) {
                fail(open, "a string that is not closed");
                return FAILED;
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i = escape(i);
            } else if (c < 0x20) {
                fail(i, String.format("control character U+%04X unescaped in a string", c));
                return FAILED;
            } else {
                i = utf8(i);
            }
            if (i < 0) {
                return FAILED;
            }
        }
    }

    /** An escape sequence at {@code i} (its backslash): the index after it, or -1. */
    private int escape(int i) {
        if (i + 1 >= end) {
            fail(i, "a string that is not closed");
            return FAILED;
        }
        switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return i + 2;
            case 'u':
                break;
            default:
                fail(i, "invalid escape " + describe(i + 1) + " in a string");
                return FAILED;
        }
        int code = hex4(i + 2);
        if (code < 0) {
            fail(i, "invalid \\u escape in a string");
            return FAILED;
        }
        if (code >= 0xDC00 && code <= 0xDFFF) {
            fail(i, String.format("unpaired surrogate \\u%04x in a string", code));
            return FAILED;
        }
        if (code >= 0xD800 && code <= 0xDBFF) {
            int low = i + 7 < end && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(i + 8) : -1;
            if (low < 0xDC00 || low > 0xDFFF) {
                fail(i, String.format("unpaired surrogate \\u%04x in a string", code));
                return FAILED;
            }
            return i + 12;
        }
        return i + 6;
    }

    private int hex4(int i) {
        if (i + 4 > end) {
            return -1;
        }
        int code = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(b[k], 16);
            if (digit < 0) {
                return -1;
            }
            code = code << 4 | digit;
        }
        return code;
    }

    /** A UTF-8 sequence of 2-4 bytes at {@code i}: the index after it, or -1 if it is not well-formed. */
    private int utf8(int i) {
        int after = utf8End(b, i, end);
        return after < 0 ? invalidUtf8(i) : after;
    }

    /**
     * The index after the well-formed UTF-8 sequence of 2-4 bytes at {@code i} (no overlong form, no surrogate, nothing
     * past U+10FFFF, not cut by {@code end}), or -1.
     */
    static int utf8End(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int length;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            return FAILED;
        }
        if (i + length > end) {
            return FAILED;
        }
        int code = c & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
            int next = b[i + k] & 0xFF;
            if ((next & 0xC0) != 0x80) {
                return FAILED;
            }
            code = code << 6 | next & 0x3F;
        }
        if (code < min || code > 0x10FFFF || code >= 0xD800 && code <= 0xDFFF) {
            return FAILED;
        }
        return i + length;
    }

    private int invalidUtf8(int i) {
        StringBuilder bytes = new StringBuilder();
        for (int k = i; k < Math.min(end, i + 4); k++) {
            bytes.append(String.format("\\x%02x", b[k] & 0xFF));
        }
        fail(i, "invalid UTF-8 (bytes " + bytes + ")");
        return FAILED;
    }

    /** A number at {@code i}: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}; the index after it, or -1. */
    private int number(int i) {
        int at = i;
        if (b[i] == '-') {
            i++;
        }
        if (i < end && b[i] == '0') {
            i++;
        } else if (i < end && b[i] >= '1' && b[i] <= '9') {
            i = digits(i);
        } else {
            return badNumber(at);
        }
        if (i < end && b[i] == '.') {
            int fraction = ++i;
            i = digits(i);
            if (i == fraction) {
                return badNumber(at);
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponent = i;
            i = digits(i);
            if (i == exponent) {
                return badNumber(at);
            }
        }
        return i;
    }

    private int badNumber(int at) {
        fail(at, "a malformed number");
        return FAILED;
    }

    private int digits(int i) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private int skipWhitespace(int i) {
        // Whitespace is rare between the tokens of stored JSON: one comparison decides most calls.
        while (i < end && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private String describe(int i) {
        if (i >= end) {
            return "the end of the text";
        }
        int c = b[i] & 0xFF;
        return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
    }

    private boolean fail(int at, String what) {
        problem = what + " at byte " + (at - start);
        return false;
    }
}
