package org.workspaceengine.persistence.union;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;
import org.workspaceengine.persistence.tck.StoreContract;

/**
 * The contract suite on the seed's redundant deployment: a union of a Kafka store (real broker: KAFKA_BOOTSTRAP_SERVERS,
 * else one in-JVM KRaft broker) and a file store, sharing one registry. Durable: reopening opens both again.
 */
class FileKafkaUnionContractTest extends StoreContract {

    @TempDir
    Path directory;

    private String topic;

    @Override
    protected Store createStore(EntityTypes types) {
        topic = "union-contract-" + UUID.randomUUID();
        return open(types);
    }

    @Override
    protected Store reopenStore(EntityTypes types) {
        return open(types);
    }

    private Store open(EntityTypes types) {
        KafkaStore kafka = KafkaStore.builder().bootstrapServers(KafkaCluster.shared().bootstrapServers()).topic(topic)
                .partitions(1).replicationFactor(1).entityTypes(types).build();
        FileStore file;
        try {
            file = FileStore.builder(directory).entityTypes(types).build();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return UnionStore.builder().member("kafka", kafka).member("file", file).memberTimeout(Duration.ofMinutes(2))
                .build();
    }

    /** The smaller of the members' limits (Kafka's), as the union's prepared saves find it. */
    @Override
    protected OptionalLong sizeLimit(Store store, Change change) {
        return probeSizeLimit(store, change, FileStore.MAX_LINE_BYTES);
    }
}
