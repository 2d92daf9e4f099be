package org.workspaceengine.persistence.kafka;

import java.util.OptionalLong;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.StoreContract;

/** The contract suite on a real broker: each test gets a fresh topic. */
class KafkaStoreContractTest extends StoreContract {

    private String topic;

    @Override
    protected Store createStore(EntityTypes types) {
        topic = Brokers.uniqueTopic(transactional() ? "contract-tx" : "contract");
        return open(types);
    }

    @Override
    protected Store reopenStore(EntityTypes types) {
        return open(types);
    }

    /** Whether every save is one Kafka transaction (loads then read committed records). */
    boolean transactional() {
        return false;
    }

    /** Partitions of the topic. */
    int partitions() {
        return 3;
    }

    /** Settings of a variant of the suite (such as a local state directory), added to every store it opens. */
    KafkaStoreBuilder variant(KafkaStoreBuilder builder) {
        return builder;
    }

    private Store open(EntityTypes types) {
        return variant(KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(partitions())
                .replicationFactor(1).transactional(transactional()).entityTypes(types)).build();
    }

    /** The largest value whose record, with this change's key, fits {@link KafkaStore#maxRecordBytes()}. */
    @Override
    protected OptionalLong sizeLimit(Store store, Change change) {
        int key = RecordKeys.encode(change.namespace(), change.entityType(), change.entityId()).length;
        int value = ((KafkaStore) store).maxRecordBytes();
        while (RecordSizes.upperBound(key, value) > ((KafkaStore) store).maxRecordBytes()) {
            value--;
        }
        return OptionalLong.of(value);
    }
}
