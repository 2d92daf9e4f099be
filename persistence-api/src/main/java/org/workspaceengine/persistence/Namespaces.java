package org.workspaceengine.persistence;

import java.util.Objects;

/**
 * The one rule for what a namespace may be: any non-empty string.
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
     * @throws NullPointerException if it is null
     * @throws InvalidNamespaceException if it is empty
     */
    public static String requireValid(String namespace) {
        Objects.requireNonNull(namespace, "namespace must not be null");
        if (namespace.isEmpty()) {
            throw new InvalidNamespaceException(namespace, "a namespace must not be empty");
        }
        return namespace;
    }
}
