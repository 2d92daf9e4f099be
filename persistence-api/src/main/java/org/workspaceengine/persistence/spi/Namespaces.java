package org.workspaceengine.persistence.spi;

import java.util.Objects;
import org.workspaceengine.persistence.InvalidNamespaceException;

/**
 * The one rule for what a namespace may be: any non-empty string of valid Unicode text (a Java string with an
 * unpaired surrogate has no UTF-8 form, so no store could write it).
 *
 * <p>Namespaces are chosen by users (a workspace id, a tenant name), so backends must map every valid namespace
 * to their storage safely; no namespace may make a store touch data outside its own.
 */
public final class Namespaces {

    private Namespaces() {
    }

    /**
     * Returns {@code namespace} if it is a valid namespace.
     *
     * @param namespace the namespace
     * @return {@code namespace} if it is a valid namespace
     * @throws NullPointerException if it is null
     * @throws InvalidNamespaceException if it is empty or holds an unpaired surrogate
     */
    public static String requireValid(String namespace) {
        Objects.requireNonNull(namespace, "namespace must not be null");
        if (namespace.isEmpty()) {
            throw new InvalidNamespaceException(namespace, "a namespace must not be empty");
        }
        int unpaired = unpairedSurrogate(namespace);
        if (unpaired >= 0) {
            throw new InvalidNamespaceException(namespace, unpairedMessage(namespace, unpaired));
        }
        return namespace;
    }

    /**
     * Returns {@code text} if it is valid Unicode text.
     *
     * @param text the text
     * @param what what the name is, for the message
     * @return {@code text} if it is valid Unicode text
     * @throws IllegalArgumentException naming {@code what} if it holds an unpaired surrogate
     */
    public static String requireUnicode(String text, String what) {
        int unpaired = unpairedSurrogate(text);
        if (unpaired >= 0) {
            throw new IllegalArgumentException(what + " " + unpairedMessage(text, unpaired));
        }
        return text;
    }

    /**
     * Whether {@code text} holds no unpaired surrogate, so UTF-8 can encode it.
     *
     * @param text the text
     * @return whether {@code text} holds no unpaired surrogate, so UTF-8 can encode it
     */
    public static boolean isUnicode(String text) {
        return unpairedSurrogate(text) < 0;
    }

    private static String unpairedMessage(String text, int index) {
        return String.format("holds an unpaired surrogate (U+%04X) at character %d, which UTF-8 cannot encode",
                (int) text.charAt(index), index);
    }

    /** The index of the first surrogate in {@code text} that is not part of a pair, or -1. */
    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }
}
