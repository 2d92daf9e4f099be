/**
 * The union store: {@link org.workspaceengine.persistence.union.UnionStore} composes stores, fanning saves out to
 * every member in parallel and merging loads, with fallback when a member is down.
 */
module org.workspaceengine.persistence.union {
    requires transitive org.workspaceengine.persistence;
    requires org.slf4j;

    exports org.workspaceengine.persistence.union;

    provides org.workspaceengine.persistence.spi.StoreProvider
            with org.workspaceengine.persistence.union.UnionStoreProvider;
}
