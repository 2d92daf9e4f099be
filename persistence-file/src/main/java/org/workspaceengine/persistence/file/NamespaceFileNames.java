package org.workspaceengine.persistence.file;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.spi.Namespaces;

/**
 * The one mapping between namespaces and file names.
 *
 * <p>A namespace made only of {@code [A-Za-z0-9._-]} that does not start with {@code .} is its own file name stem,
 * as in the Go original ({@code ws-1} is {@code ws-1.jsonl}). Any other namespace is percent-encoded: every byte of
 * its UTF-8 form outside that set, a leading {@code .} and {@code %} itself become {@code %XX}. The mapping is
 * injective and reversible, a stem never contains a path separator, never starts with a dot and is never
 * {@code .} or {@code ..}, so no namespace can name a file outside the store's directory. Plain stems never contain
 * {@code %}; escaped stems always do.
 *
 * <p>The Go original names a namespace's file with the raw namespace ({@code a b.jsonl}). Such a file is recognised
 * too ({@link #rawFileName}, {@link #namespaceOfRaw}) when its stem is a safe file name that is not this mapping's
 * name of another namespace; this store keeps using it for that namespace, but never creates one.
 *
 * <p>A stem longer than {@link #MAX_STEM_LENGTH} (file systems allow 255 bytes per name) is shortened to its first
 * {@value #HASHED_PREFIX_LENGTH} characters, {@code %~} and the SHA-256 of the namespace in hex. {@code %~} never
 * appears in an escaped stem, so hashed stems collide with nothing; their namespace is read back from the file's
 * first line (every line names its namespace).
 */
final class NamespaceFileNames {

    /** The extension of namespace files. */
    static final String EXTENSION = ".jsonl";
    /** The directory's lock file, holding the writing store's {@code pid@host}. */
    static final String LOCK_FILE_NAME = ".lock";
    /** Suffix of a compaction's temporary file, next to the namespace file. */
    static final String TEMP_SUFFIX = ".tmp";
    /** Suffix a namespace file takes while it is deleted: renamed (atomically), then removed. */
    static final String DELETED_SUFFIX = ".deleted";
    /** Suffix of the side file that keeps bytes cut from a namespace file (torn tails, rejected lines). */
    static final String REJECTED_SUFFIX = ".rejected";
    /** The longest file name most file systems accept, in bytes. */
    static final int MAX_FILE_NAME_BYTES = 255;
    /** The longest stem: the longest file name is the stem, the extension and the rejected-lines suffix. */
    static final int MAX_STEM_LENGTH = MAX_FILE_NAME_BYTES - EXTENSION.length() - REJECTED_SUFFIX.length();

    /** How much of an over-long escaped stem a hashed stem keeps. */
    static final int HASHED_PREFIX_LENGTH = 150;
    /** What separates a hashed stem's prefix from its hash. */
    static final String HASH_MARK = "%~";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private NamespaceFileNames() {
    }

    /**
     * The file name of {@code namespace}.
     *
     * @throws InvalidNamespaceException if the namespace is empty or not valid Unicode
     */
    static String fileName(String namespace) {
        return stem(namespace) + EXTENSION;
    }

    /**
     * The file name stem of {@code namespace}.
     *
     * @throws InvalidNamespaceException if the namespace is empty or not valid Unicode
     */
    static String stem(String namespace) {
        Namespaces.requireValid(namespace);
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < namespace.length()
                    && Character.isLowSurrogate(namespace.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidNamespaceException(namespace, "it is not valid Unicode: unpaired surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i);
            }
        }
        String stem = isPlain(namespace) ? namespace : escape(namespace);
        return stem.length() <= MAX_STEM_LENGTH ? stem : hashed(namespace, stem);
    }

    private static String hashed(String namespace, String stem) {
        int cut = HASHED_PREFIX_LENGTH;
        if (stem.charAt(cut - 1) == '%') {
            cut -= 1;
        } else if (stem.charAt(cut - 2) == '%') {
            cut -= 2; // never split a %XX escape
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(namespace.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        StringBuilder out = new StringBuilder(cut + HASH_MARK.length() + 64).append(stem, 0, cut).append(HASH_MARK);
        for (byte b : digest) {
            out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return out.toString();
    }

    /** Whether {@code fileName} is a namespace file whose namespace must be read from its first line. */
    static boolean isHashed(String fileName) {
        return fileName.endsWith(EXTENSION) && fileName.contains(HASH_MARK);
    }

    /** Whether {@code namespace} is its own file name stem. */
    static boolean isPlain(String namespace) {
        if (namespace.isEmpty() || namespace.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < namespace.length(); i++) {
            if (!isSafe(namespace.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The namespace stored in the file named {@code fileName}, or null if that file is not a namespace file (it does
     * not end with the extension, or its stem is not exactly what some namespace maps to) or is {@link #isHashed
     * hashed}.
     */
    static String namespaceOf(String fileName) {
        if (!fileName.endsWith(EXTENSION) || fileName.length() == EXTENSION.length()) {
            return null;
        }
        String stem = fileName.substring(0, fileName.length() - EXTENSION.length());
        if (stem.contains(HASH_MARK)) {
            return null;
        }
        String namespace = stem.indexOf('%') < 0 ? stem : unescape(stem);
        if (namespace == null || namespace.isEmpty()) {
            return null;
        }
        try {
            return fileName.equals(fileName(namespace)) ? namespace : null;
        } catch (InvalidNamespaceException e) {
            return null;
        }
    }

    /**
     * The Go original's file name of {@code namespace}, the raw namespace and the extension, when it differs from
     * {@link #fileName} and is safe to read: null otherwise.
     */
    static String rawFileName(String namespace) {
        String fileName = namespace + EXTENSION;
        return isRawStem(namespace) && !fileName.equals(fileName(namespace)) ? fileName : null;
    }

    /**
     * The namespace of a file the Go original named with the raw namespace, or null if {@code fileName} is not one:
     * its stem is not a safe file name, or it is this mapping's name of some namespace.
     */
    static String namespaceOfRaw(String fileName) {
        if (!fileName.endsWith(EXTENSION) || namespaceOf(fileName) != null || isHashed(fileName)) {
            return null;
        }
        String stem = fileName.substring(0, fileName.length() - EXTENSION.length());
        return isRawStem(stem) ? stem : null;
    }

    /**
     * Whether {@code stem} can be a raw file name stem: a valid namespace with no path separator or NUL, not
     * {@code .} or {@code ..}, not hidden, short enough for its side files, and not this mapping's stem of another
     * namespace (so that no file maps to two namespaces).
     */
    private static boolean isRawStem(String stem) {
        if (stem.isEmpty() || stem.charAt(0) == '.' || stem.indexOf('/') >= 0 || stem.indexOf('\\') >= 0
                || stem.indexOf('\0') >= 0 || stem.contains(HASH_MARK)) {
            return false;
        }
        try {
            Namespaces.requireValid(stem);
        } catch (InvalidNamespaceException e) {
            return false;
        }
        if (stem.getBytes(StandardCharsets.UTF_8).length > MAX_STEM_LENGTH) {
            return false;
        }
        String decoded = stem.indexOf('%') < 0 ? null : unescape(stem);
        return decoded == null || !fileName(decoded).equals(stem + EXTENSION);
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '-';
    }

    private static String escape(String namespace) {
        byte[] utf8 = namespace.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length * 3);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xFF;
            boolean keep = b < 0x80 && isSafe((char) b) && !(i == 0 && b == '.');
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /** The namespace of an escaped stem, or null if it is not well-formed percent-encoded UTF-8. */
    private static String unescape(String stem) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(stem.length());
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (c == '%') {
                if (i + 2 >= stem.length()) {
                    return null;
                }
                int high = Character.digit(stem.charAt(i + 1), 16);
                int low = Character.digit(stem.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
