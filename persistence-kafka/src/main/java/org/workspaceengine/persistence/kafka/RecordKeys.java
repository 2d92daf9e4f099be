package org.workspaceengine.persistence.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.workspaceengine.persistence.CorruptDataException;

/**
 * The record key of a change: the JSON array {@code ["namespace","entityType","entityID"]} in UTF-8, written the
 * same way every time so that Kafka's compaction sees one key per entity.
 *
 * <p>Strings are escaped minimally: {@code "} and {@code \} with a backslash, characters below U+0020 and unpaired
 * surrogates as {@code \}{@code u00xx} (lower-case hex); everything else is written as its UTF-8 bytes. A JSON
 * array cannot be read two ways, so no two keys collide, and a namespace's keys all start with the same bytes
 * ({@link #namespacePrefix}), which lets a load skip other namespaces without parsing.
 */
final class RecordKeys {

    private static final JsonFactory JSON = new JsonFactory();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RecordKeys() {
    }

    /** The key of an entity of {@code namespace}. */
    static byte[] encode(String namespace, String entityType, String entityId) {
        if (isPlain(namespace) && isPlain(entityType) && isPlain(entityId)) {
            // The common case, written byte by byte: ASCII that needs no escape is its own UTF-8.
            byte[] key = new byte[namespace.length() + entityType.length() + entityId.length() + 10];
            key[0] = '[';
            int at = putPlain(key, 1, namespace);
            key[at++] = ',';
            at = putPlain(key, at, entityType);
            key[at++] = ',';
            at = putPlain(key, at, entityId);
            key[at] = ']';
            return key;
        }
        StringBuilder out = new StringBuilder(namespace.length() + entityType.length() + entityId.length() + 10);
        out.append('[');
        appendString(out, namespace);
        out.append(',');
        appendString(out, entityType);
        out.append(',');
        appendString(out, entityId);
        out.append(']');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes every key of {@code namespace} starts with, and no key of another namespace does. */
    static byte[] namespacePrefix(String namespace) {
        StringBuilder out = new StringBuilder(namespace.length() + 4);
        out.append('[');
        appendString(out, namespace);
        out.append(',');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The namespace, entity type and entity id of {@code key}.
     *
     * @throws CorruptDataException if {@code key} is not a key this store writes (the location is left to the caller)
     */
    static String[] decode(byte[] key) {
        if (key == null) {
            throw new CorruptDataException("record has no key", null);
        }
        String[] parts = new String[3];
        try (JsonParser parser = JSON.createParser(key)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw notAKey(key, null);
            }
            for (int i = 0; i < 3; i++) {
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    throw notAKey(key, null);
                }
                parts[i] = parser.getText();
            }
            if (parser.nextToken() != JsonToken.END_ARRAY || parser.nextToken() != null) {
                throw notAKey(key, null);
            }
        } catch (IOException e) {
            throw notAKey(key, e);
        }
        return parts;
    }

    /**
     * Whether {@code key}, which starts with a namespace {@linkplain #namespacePrefix prefix} of {@code prefixLength}
     * bytes, is already the one encoding of its entity that {@link #encode} writes, with a type and id that are not
     * blank: true for every key this store writes, so that a load can compact on key bytes without decoding them.
     */
    static boolean isCanonical(Bytes key, int prefixLength) {
        byte[] bytes = key.array();
        int end = key.offset() + key.length();
        int typeEnd = plainNonBlankEnd(bytes, key.offset() + prefixLength, end);
        if (typeEnd < 0 || typeEnd + 1 >= end || bytes[typeEnd + 1] != ',') {
            return false;
        }
        int idEnd = plainNonBlankEnd(bytes, typeEnd + 2, end);
        return idEnd == end - 2 && bytes[idEnd + 1] == ']';
    }

    /**
     * The one encoding that {@link #encode} writes of the entity of {@code key}, a key that is not {@linkplain
     * #isCanonical canonical}.
     *
     * <p>Such keys are rare (only other writers' keys, and keys beyond printable ASCII), so they go through the JSON
     * parser, which refuses what is not JSON in UTF-8: a lenient decoding would read two different malformed keys as
     * one entity.
     *
     * @throws CorruptDataException if {@code key} is not a key this store writes, or its entity type or id is blank
     */
    static byte[] canonical(byte[] key) {
        String[] parts = decode(key);
        if (parts[1].isBlank() || parts[2].isBlank()) {
            throw new CorruptDataException("the record's key has a blank entity type or id", null);
        }
        return encode(parts[0], parts[1], parts[2]);
    }

    /**
     * The index of the closing quote of the string at {@code start} if it is quoted, {@linkplain #isPlain plain},
     * and not only spaces, and ends before {@code end}; else -1.
     */
    private static int plainNonBlankEnd(byte[] key, int start, int end) {
        if (start >= end || key[start] != '"') {
            return -1;
        }
        boolean blank = true;
        for (int i = start + 1; i < end; i++) {
            byte b = key[i];
            if (b == '"') {
                return blank ? -1 : i;
            }
            if (b < 0x20 || b >= 0x7f || b == '\\') {
                return -1; // a control character, an escape, or a byte of a multi-byte character (negative)
            }
            blank &= b == ' ';
        }
        return -1;
    }

    /** Whether {@code value} is printable ASCII without a quote or backslash, so its JSON string is itself. */
    private static boolean isPlain(String value) {
        for (int i = 0, length = value.length(); i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Writes the {@linkplain #isPlain plain} {@code value} as a quoted JSON string at {@code at}; the next index. */
    private static int putPlain(byte[] key, int at, String value) {
        key[at++] = '"';
        for (int i = 0, length = value.length(); i < length; i++) {
            key[at++] = (byte) value.charAt(i);
        }
        key[at++] = '"';
        return at;
    }

    private static CorruptDataException notAKey(byte[] key, Throwable cause) {
        String text = new String(key, 0, Math.min(key.length, 200), StandardCharsets.UTF_8);
        return new CorruptDataException("record key is not [\"namespace\",\"entityType\",\"entityID\"]: " + text,
                cause);
    }

    private static void appendString(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                appendEscape(out, c);
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                appendEscape(out, c);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void appendEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }
}
