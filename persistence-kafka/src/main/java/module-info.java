/**
 * The Kafka store: {@link org.workspaceengine.persistence.kafka.KafkaStore}, the changes of every namespace on one
 * compacted topic, opened by a builder or a {@code kafka://host:port/topic} URI.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.workspaceengine.persistence.kafka {
    requires transitive org.workspaceengine.persistence;
    requires kafka.clients;
    requires org.slf4j;

    exports org.workspaceengine.persistence.kafka;

    provides org.workspaceengine.persistence.spi.StoreProvider
            with org.workspaceengine.persistence.kafka.KafkaStoreProvider;
}
