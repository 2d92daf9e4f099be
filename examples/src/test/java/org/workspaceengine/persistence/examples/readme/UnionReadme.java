package org.workspaceengine.persistence.examples.readme;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.examples.manager.WorkspaceManager;
import org.workspaceengine.persistence.examples.readme.FileReadme.Resource;
import org.workspaceengine.persistence.examples.readme.FileReadme.SystemEntity;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.union.MemberFailure;
import org.workspaceengine.persistence.union.ReadRepair;
import org.workspaceengine.persistence.union.UnionListener;
import org.workspaceengine.persistence.union.UnionStore;
import org.workspaceengine.persistence.union.WritePolicy;

/** The union store README's snippets. */
final class UnionReadme {

    private static final Logger log = LoggerFactory.getLogger(UnionReadme.class);

    WorkspaceManager redundancy() {
        EntityTypes types = EntityTypes.create()
                .register("system", SystemEntity.class)
                .register("resource", Resource.class);

        KafkaStore kafkaStore = KafkaStore.builder()
                .bootstrapServers("kafka-1:9092,kafka-2:9092")
                .topic("workspace-state")
                .entityTypes(types)
                .build();
        FileStore fileStore = FileStore.builder(Path.of("./backup")).entityTypes(types).build();

        // Save to both, load from either.
        UnionStore redundantStore = UnionStore.builder()
                .member("kafka", kafkaStore)
                .member("file", fileStore)
                .writePolicy(WritePolicy.atLeast(1))     // keep saving while Kafka is down
                .backlog(Path.of("./union-backlog"))     // remember what Kafka missed, across restarts too,
                                                         // and hand it over as soon as Kafka answers again
                .readRepair(ReadRepair.BACKGROUND)       // and repair what the union never saw (saves made to one member)
                .listener(new UnionListener() {          // degraded loads, member failures, read-repairs, handoffs
                    @Override
                    public void onDegradedLoad(String namespace, List<MemberFailure> failures) {
                        log.warn("loaded {} without {}", namespace, failures);
                    }
                })
                .build();

        // Hand it to your service, as the examples module's WorkspaceManager shows:
        WorkspaceManager manager = WorkspaceManager.configure(WorkspaceManager.withPersistentStore(redundantStore));
        return manager;
    }

    Store shortForm(KafkaStore kafkaStore, FileStore fileStore) {
        Store redundantStore = UnionStore.of(kafkaStore, fileStore);
        return redundantStore;
    }

    Store uri(EntityTypes types) {
        Store store = Stores.open("union:?member=kafka%3A%2F%2Fkafka-1%3A9092%2Fworkspace-state"
                + "&member=file%3A.%2Fbackup&writePolicy=atLeast:1&memberTimeout=10s&readRepair=background"
                + "&backlog=.%2Funion-backlog", types);
        return store;
    }

    void migration(EntityTypes types) {
        FileStore oldStore = FileStore.builder(Path.of("./data/persistence")).entityTypes(types).build();
        KafkaStore newStore = KafkaStore.builder().bootstrapServers("kafka:9092").topic("workspace-state")
                .entityTypes(types).build();

        try (UnionStore migrating = UnionStore.builder()
                .member("old-file", oldStore)
                .member("new-kafka", newStore)        // listed last: wins ties between differing copies
                .readRepair(ReadRepair.INLINE)        // a load returns only once the new store holds what it returned
                .build()) {
            for (String namespace : migrating.listNamespaces()) {
                migrating.load(namespace);            // copies every missing or older entity into Kafka
            }
        }
        // From here on, configure the service with newStore's settings alone.
    }
}
