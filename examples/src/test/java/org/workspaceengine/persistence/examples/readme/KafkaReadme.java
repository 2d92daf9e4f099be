package org.workspaceengine.persistence.examples.readme;

import java.time.Duration;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.examples.readme.FileReadme.SystemEntity;
import org.workspaceengine.persistence.kafka.KafkaStore;

/** The Kafka store README's snippets. */
final class KafkaReadme {

    void builder(String jaasConfigFromYourSecretStore) {
        try (KafkaStore store = KafkaStore.builder()
                .bootstrapServers("broker-1:9092,broker-2:9092,broker-3:9092")
                .topic("workspace-state")
                .partitions(12)                     // only when the store creates the topic (default 6)
                .replicationFactor(3)               // only when the store creates the topic (default: the broker's)
                .minInsyncReplicas(2)               // only when the store creates the topic (default: the broker's)
                .saveTimeout(Duration.ofSeconds(30))  // default 30 s
                .loadTimeout(Duration.ofSeconds(60))  // default 60 s
                .clientProperty("security.protocol", "SASL_SSL")
                .clientProperty("sasl.mechanism", "SCRAM-SHA-512")
                .clientProperty("sasl.jaas.config", jaasConfigFromYourSecretStore)
                .build()) {
            store.registerEntityType("system", SystemEntity.class);
            store.save(Changes.builder("workspace-1").set(new SystemEntity("sys-1", "Production")).build());
            Changes state = store.load("workspace-1");
        }
    }

    Store uri() {
        Store store = Stores.open("kafka://broker-1:9092,broker-2:9092/workspace-state"
                + "?partitions=12&replicationFactor=3&minInsyncReplicas=2&saveTimeout=30s&client.id=workspace-engine");
        return store;
    }

    Store readOnly() {
        Store store = Stores.open("kafka://broker-1:9092/workspace-state?readOnly=true");
        return store;
    }
}
