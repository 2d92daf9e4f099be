/**
 * The persistence API: {@link org.workspaceengine.persistence.Store}, changes, the entity-type registry and the
 * JSON wire format. {@code org.workspaceengine.persistence.spi} is for store implementers.
 */
module org.workspaceengine.persistence {
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports org.workspaceengine.persistence;
    exports org.workspaceengine.persistence.spi;

    uses org.workspaceengine.persistence.spi.StoreProvider;
}
