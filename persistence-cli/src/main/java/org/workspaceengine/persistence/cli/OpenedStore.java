package org.workspaceengine.persistence.cli;

import org.workspaceengine.persistence.Store;

/**
 * A store {@code pstore} opened, with how to name it in messages.
 *
 * @param name the store URI as given (query values redacted), or {@code union of [...]}
 * @param scheme the URI scheme ({@code union} for a union of several stores)
 * @param store the open store
 */
record OpenedStore(String name, String scheme, Store store) implements AutoCloseable {

    /** Whether the store's records are numbered by line (a file store) rather than by offset. */
    boolean countsLines() {
        return "file".equals(scheme);
    }

    @Override
    public void close() {
        store.close();
    }
}
