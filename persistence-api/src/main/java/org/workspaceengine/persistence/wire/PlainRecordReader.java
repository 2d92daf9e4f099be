package org.workspaceengine.persistence.wire;

import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.workspaceengine.persistence.wire.PlainTypes.ValueType;

/**
 * Reads a plain record from its JSON bytes, as the default mapper of {@link WireFormat} would, without Jackson: in a
 * fresh JVM, building databind's deserializers and warming its code and the parser's cost a restart more than reading
 * its file does.
 *
 * <p>Which records are plain, and what their components hold, is {@link PlainTypes}'. For such a class the default
 * mapper binds a JSON object by calling the canonical constructor with each component read from the field of its
 * name, a {@code LinkedHashMap} for a map, an {@code ArrayList} for a list, an enum constant by its name.
 *
 * <p>The reader follows only the plain shape of that JSON, as this format writes it: no whitespace, valid UTF-8, no
 * escaped surrogate, every field once, each a value of its component's own JSON type, {@code null} only for a
 * component of a reference type, no field it does not know, no {@code null} in a list or a map, numbers in range,
 * nesting at most {@value #MAX_DEPTH} levels. Anything else, and any exception on the way (a record's constructor
 * refusing its values included), returns null: the caller then reads the entity with Jackson, which decides what it
 * means. So what this reader returns is what Jackson returns, and it never reads what Jackson would refuse.
 *
 * <p>One difference that no {@code equals} sees: given a {@link #stringCache()}, the short strings of the entities
 * read with it are shared, one instance for equal bytes, where Jackson makes one per value. Kinds, states, regions and
 * the like repeat from entity to entity, and a loaded state holds each once per run of entities instead of once per
 * entity (a quarter less memory for the benchmarks' records, and less for the collector to copy).
 */
final class PlainRecordReader {

    private static final ClassValue<PlainRecordReader> READERS = new ClassValue<>() {
        @Override
        protected PlainRecordReader computeValue(Class<?> type) {
            try {
                PlainRecordReader reader = PlainTypes.readerOf(type);
                return reader != null ? reader : NONE;
            } catch (RuntimeException e) {
                return NONE; // reflection refused (a security policy, a module that is not open): Jackson reads it
            }
        }
    };

    /** Not a plain record. */
    private static final PlainRecordReader NONE = new PlainRecordReader(new String[0], new ValueType[0], null);

    /** What a read returns when the JSON strays from the plain shape. */
    private static final Object STRAYED = new Object();

    /** What {@code Bytes.integer} returns for anything but an integer in range (Long.MIN_VALUE itself strays). */
    private static final long NOT_AN_INTEGER = Long.MIN_VALUE;

    /** The longest string a {@link #stringCache()} shares, in bytes: longer ones are rarely repeated. */
    private static final int SHARED_BYTES = 64;

    /** Strings a cache holds (a power of two). */
    private static final int STRING_CACHE_SIZE = 256;

    /** The envelope reader's bound: deeper JSON strays. */
    private static final int MAX_DEPTH = CanonicalEnvelopes.MAX_DEPTH;

    private final String[] names;
    private final ValueType[] values;
    private final Constructor<?> constructor;
    /** Each name as a JSON string, quotes included. */
    private final byte[][] quotedNames;
    private final Map<String, Integer> indices = new HashMap<>();

    /** The reader of a plain record's components, by name, and its canonical constructor ({@link PlainTypes}). */
    PlainRecordReader(String[] names, ValueType[] values, Constructor<?> constructor) {
        this.names = names;
        this.values = values;
        this.constructor = constructor;
        this.quotedNames = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            indices.put(names[i], i);
            // A Java identifier holds no character JSON escapes.
            quotedNames[i] = ("\"" + names[i] + "\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The reader of {@code type}, or null if it is not a plain record.
     *
     * @param type the class
     * @return the reader of {@code type}, or null if it is not a plain record
     */
    static PlainRecordReader of(Class<?> type) {
        PlainRecordReader reader = READERS.get(type);
        return reader == NONE ? null : reader;
    }

    /**
     * The record whose JSON object is {@code b[start, end)}, or null if it is not of the plain shape.
     *
     * @param b the bytes
     * @param start where the object starts
     * @param end where it ends
     * @return the record, or null
     */
    Object read(byte[] b, int start, int end) {
        return read(b, start, end, null);
    }

    /**
     * {@link #read(byte[], int, int)}, sharing the short strings it reads with those of the reads before it given
     * the same {@code strings}.
     *
     * @param b the bytes
     * @param start where the object starts
     * @param end where it ends
     * @param strings a {@link #stringCache()} that one thread reads with, or null to share nothing
     * @return the record, or null
     */
    Object read(byte[] b, int start, int end, String[] strings) {
        try {
            Bytes bytes = new Bytes(b, start, end, strings);
            Object value = bytes.object(this, 0);
            return value == STRAYED || bytes.at != end ? null : value;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** An empty cache of strings for {@link #read(byte[], int, int, String[])}, for one thread at a time. */
    static String[] stringCache() {
        return new String[STRING_CACHE_SIZE];
    }

    /** The index of the component the field name at the position names, the name skipped; -1 if none. */
    private int fieldIndex(Bytes bytes, int expected) {
        if (expected < quotedNames.length && bytes.skip(quotedNames[expected])) {
            return expected;
        }
        Object name = bytes.string();
        return name == STRAYED ? -1 : indices.getOrDefault(name, -1);
    }

    /** A position in the bytes of one entity, read from left to right. */
    private static final class Bytes {
        private final byte[] b;
        private final int end;
        private final String[] strings;
        int at;

        Bytes(byte[] b, int start, int end, String[] strings) {
            this.b = b;
            this.at = start;
            this.end = end;
            this.strings = strings;
        }

        private boolean next(char c) {
            if (at < end && b[at] == c) {
                at++;
                return true;
            }
            return false;
        }

        /** Whether {@code expected} is at the position; if so, skips it. */
        boolean skip(byte[] expected) {
            int after = CanonicalEnvelopes.expect(b, at, end, expected);
            if (after < 0) {
                return false;
            }
            at = after;
            return true;
        }

        /** A record of {@code reader}'s class, its object at the position. */
        Object object(PlainRecordReader reader, int depth) {
            if (depth >= MAX_DEPTH || !next('{')) {
                return STRAYED;
            }
            Object[] arguments = new Object[reader.names.length];
            int given = 0;
            if (!next('}')) {
                do {
                    // Fields most often come in component order, as Jackson writes a record: try the next one first.
                    int index = reader.fieldIndex(this, given);
                    if (index < 0 || arguments[index] != null || !next(':')) {
                        return STRAYED; // unknown, repeated, or not plain
                    }
                    Object value = value(reader.values[index], depth);
                    if (value == STRAYED) {
                        return STRAYED;
                    }
                    arguments[index] = value == null ? STRAYED : value; // marks the component as given
                    given++;
                } while (next(','));
                if (!next('}')) {
                    return STRAYED;
                }
            }
            if (given != arguments.length) {
                return STRAYED; // a component missing: Jackson decides its default
            }
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] == STRAYED) {
                    arguments[i] = null;
                }
            }
            try {
                return reader.constructor.newInstance(arguments);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return STRAYED; // Jackson reports it in its own words
            }
        }

        /** A value of {@code type} at the position, or {@link #STRAYED}. */
        Object value(ValueType type, int depth) {
            if (at >= end) {
                return STRAYED;
            }
            if (b[at] == 'n') {
                // What follows a value is checked by its container: "nullx" strays there.
                return skip(CanonicalEnvelopes.NULL) && type.nullable() ? null : STRAYED;
            }
            return switch (type.kind()) {
                case STRING -> {
                    String shared = strings == null ? null : cached(strings, false);
                    yield shared != null ? shared : string();
                }
                case INT -> {
                    long value = integer(10);
                    yield value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : STRAYED;
                }
                case LONG -> {
                    long value = integer(19);
                    yield value != NOT_AN_INTEGER ? (Object) value : STRAYED;
                }
                case DOUBLE -> number();
                case BOOLEAN -> skip(CanonicalEnvelopes.TRUE) ? Boolean.TRUE
                        : skip(CanonicalEnvelopes.FALSE) ? Boolean.FALSE : STRAYED;
                case ENUM -> {
                    Object name = string();
                    yield name == STRAYED ? STRAYED : type.constants().getOrDefault(name, STRAYED);
                }
                case RECORD -> {
                    // Looked up when read: a record may hold itself, and one that is not plain strays here.
                    PlainRecordReader nested = of(type.type());
                    yield nested == null ? STRAYED : object(nested, depth + 1);
                }
                case LIST -> list(type.element(), depth + 1);
                case MAP -> map(type, depth + 1);
            };
        }

        private Object list(ValueType element, int depth) {
            if (depth >= MAX_DEPTH || !next('[')) {
                return STRAYED;
            }
            List<Object> list = new ArrayList<>();
            if (next(']')) {
                return list;
            }
            do {
                Object value = value(element, depth);
                if (value == STRAYED || value == null) {
                    return STRAYED;
                }
                list.add(value);
            } while (next(','));
            return next(']') ? list : STRAYED;
        }

        private Object map(ValueType type, int depth) {
            if (depth >= MAX_DEPTH || !next('{')) {
                return STRAYED;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            if (next('}')) {
                return map;
            }
            do {
                Object key = key(type.keys());
                if (key == STRAYED || !next(':')) {
                    return STRAYED;
                }
                Object value = value(type.element(), depth);
                if (value == STRAYED || value == null || map.put((String) key, value) != null) {
                    return STRAYED;
                }
            } while (next(','));
            return next('}') ? map : STRAYED;
        }

        /**
         * A map key at the position, as {@link #string()} reads it but interned, as Jackson's keys are: a map's keys
         * repeat from entity to entity, so a key of printable ASCII is first looked up in {@code cache} by its bytes.
         */
        private Object key(String[] cache) {
            String key = cached(cache, true);
            if (key != null) {
                return key;
            }
            Object text = string();
            return text == STRAYED ? STRAYED : ((String) text).intern();
        }

        /**
         * The string at the position if it is at most {@value #SHARED_BYTES} bytes of printable ASCII: the one in
         * {@code cache} with its bytes, or else a new one (interned if {@code intern}) put there, replacing the one
         * in its slot; null, the position unmoved, for anything else. A cache may be shared by threads: a racy read
         * of an immutable string is at worst a miss.
         */
        private String cached(String[] cache, boolean intern) {
            if (at >= end || b[at] != '"') {
                return null;
            }
            int start = at + 1;
            int limit = Math.min(end, start + SHARED_BYTES + 1);
            int hash = 0;
            for (int i = start; i < limit; i++) {
                byte c = b[i];
                if (c == '"') {
                    int slot = hash & (cache.length - 1);
                    String text = cache[slot];
                    if (text == null || !matches(text, start, i)) {
                        text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
                        text = intern ? text.intern() : text;
                        cache[slot] = text;
                    }
                    at = i + 1;
                    return text;
                }
                if (c < 0x20 || c == '\\' || c == 0x7f) { // negative bytes (non-ASCII) are below 0x20 too
                    return null;
                }
                hash = 31 * hash + c;
            }
            return null;
        }

        private boolean matches(String key, int from, int to) {
            if (key.length() != to - from) {
                return false;
            }
            for (int k = 0; k < key.length(); k++) {
                if (key.charAt(k) != b[from + k]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * An integer of at most {@code maxDigits} digits (no fraction, no exponent, no leading zero) at the position,
         * or {@link #NOT_AN_INTEGER}; a long's 19 digits may overflow, which is checked.
         */
        private long integer(int maxDigits) {
            int i = at;
            boolean negative = i < end && b[i] == '-';
            if (negative) {
                i++;
            }
            int first = i;
            long value = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                value = value * 10 + (b[i] - '0'); // may wrap with 19 digits: checked below
                i++;
            }
            int digits = i - first;
            if (digits == 0 || digits > maxDigits || digits > 1 && b[first] == '0'
                    || i < end && (isTokenByte(b[i]) || b[i] == '.')) {
                return NOT_AN_INTEGER;
            }
            if (digits == 19) {
                // value may have wrapped: compare the digits with Long's limits as text instead.
                String limit = negative ? "9223372036854775808" : "9223372036854775807";
                for (int k = 0; k < 19; k++) {
                    int c = b[first + k] - limit.charAt(k);
                    if (c != 0) {
                        if (c > 0) {
                            return NOT_AN_INTEGER;
                        }
                        break;
                    }
                }
            }
            at = i;
            return negative ? -value : value;
        }

        /**
         * A JSON number at the position read as a double, as Jackson reads one (an integer converted, any other number
         * parsed as text), or {@link #STRAYED}.
         */
        private Object number() {
            long integer = integer(19);
            if (integer != NOT_AN_INTEGER) {
                return (double) integer; // as Jackson converts an integer: -0 is 0.0
            }
            int after = CanonicalEnvelopes.skipNumber(b, at, end);
            if (after < 0) {
                return STRAYED;
            }
            double value = Double.parseDouble(new String(b, at, after - at, StandardCharsets.ISO_8859_1));
            at = after;
            return value;
        }

        /**
         * The string whose opening quote is at the position, or {@link #STRAYED}: one the envelope reader vouches for
         * (valid UTF-8, no control character, no escaped surrogate, which Jackson checks in its own way), escapes
         * decoded.
         */
        Object string() {
            if (at >= end || b[at] != '"') {
                return STRAYED;
            }
            int start = at + 1;
            int after = CanonicalEnvelopes.skipString(b, start, end, CanonicalEnvelopes.MAX_STRING_BYTES);
            if (after < 0) {
                return STRAYED;
            }
            at = after;
            int close = after - 1;
            for (int i = start; i < close; i++) {
                if (b[i] == '\\') {
                    return unescaped(start, close);
                }
            }
            return new String(b, start, close - start, StandardCharsets.UTF_8);
        }

        /**
         * The text of a checked string holding escapes, {@code b[start, close)}: no byte of a multi-byte UTF-8
         * character is a backslash, so the runs between escapes decode on their own.
         */
        private String unescaped(int start, int close) {
            StringBuilder text = new StringBuilder(close - start);
            int run = start;
            for (int i = start; i < close; ) {
                if (b[i] != '\\') {
                    i++;
                    continue;
                }
                text.append(new String(b, run, i - run, StandardCharsets.UTF_8));
                byte escape = b[i + 1];
                text.append(switch (escape) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> (char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.ISO_8859_1), 16);
                    default -> (char) escape; // a quote, a backslash or a slash
                });
                i += escape == 'u' ? 6 : 2;
                run = i;
            }
            return text.append(new String(b, run, close - run, StandardCharsets.UTF_8)).toString();
        }

        /** Whether a byte would continue a number, making it another token than the integer read. */
        private static boolean isTokenByte(byte c) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-'
                    || c == '+' || c == '_';
        }
    }
}
