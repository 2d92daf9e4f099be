/**
 * The persistence API: {@link org.workspaceengine.persistence.Store}, changes, entities and the entity-type
 * registry. {@code org.workspaceengine.persistence.spi} is for store implementers, and
 * {@code org.workspaceengine.persistence.wire} holds the one JSON wire format, for stores and tools.
 */
module org.workspaceengine.persistence {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports org.workspaceengine.persistence;
    exports org.workspaceengine.persistence.spi;
    exports org.workspaceengine.persistence.wire;

    uses org.workspaceengine.persistence.spi.StoreProvider;
}
