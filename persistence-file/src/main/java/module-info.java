/**
 * The JSONL file store: {@link org.workspaceengine.persistence.file.FileStore}, one {@code {namespace}.jsonl} file
 * per namespace, compatible with the Go original.
 */
module org.workspaceengine.persistence.file {
    requires transitive org.workspaceengine.persistence;
    requires org.slf4j;

    exports org.workspaceengine.persistence.file;

    provides org.workspaceengine.persistence.spi.StoreProvider
            with org.workspaceengine.persistence.file.FileStoreProvider;
}
