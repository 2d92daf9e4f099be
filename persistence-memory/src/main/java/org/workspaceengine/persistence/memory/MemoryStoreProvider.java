package org.workspaceengine.persistence.memory;

import java.net.URI;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/** Opens {@code memory:} URIs: each open gives a new, empty {@link MemoryStore}. No options. */
public final class MemoryStoreProvider implements StoreProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public MemoryStoreProvider() {
    }

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public Store open(URI uri, EntityTypes entityTypes) {
        UriOptions.of(uri).rejectUnknown();
        return MemoryStore.create(entityTypes);
    }
}
