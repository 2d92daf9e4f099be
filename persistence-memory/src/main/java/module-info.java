/** The in-memory store: {@link org.workspaceengine.persistence.memory.MemoryStore}. */
module org.workspaceengine.persistence.memory {
    requires transitive org.workspaceengine.persistence;

    exports org.workspaceengine.persistence.memory;

    provides org.workspaceengine.persistence.spi.StoreProvider
            with org.workspaceengine.persistence.memory.MemoryStoreProvider;
}
