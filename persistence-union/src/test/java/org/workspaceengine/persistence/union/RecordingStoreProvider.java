package org.workspaceengine.persistence.union;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.spi.StoreProvider;

/** Opens {@code recording:} URIs as memory stores and remembers them, so tests can see what was opened. */
public final class RecordingStoreProvider implements StoreProvider {

    static final List<MemoryStore> OPENED = new CopyOnWriteArrayList<>();

    /** Used by {@link java.util.ServiceLoader}. */
    public RecordingStoreProvider() {
    }

    @Override
    public String scheme() {
        return "recording";
    }

    @Override
    public Store open(URI uri, EntityTypes entityTypes) {
        MemoryStore store = MemoryStore.create(entityTypes);
        OPENED.add(store);
        return store;
    }
}
