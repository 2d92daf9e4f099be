package org.workspaceengine.persistence.kafka;

import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.StoreContract;

/** The contract suite on a real broker in transactional mode (every save one transaction; loads read committed). */
class TransactionalKafkaStoreContractTest extends StoreContract {

    private String topic;
    private Store created;

    /**
     * Creates the test's store once: StoreContract.store() is not synchronized, and its concurrency tests call it
     * first from eight threads at once; a store that takes a moment to build would be built eight times.
     */
    @Override
    protected synchronized Store createStore(EntityTypes types) {
        if (created != null) {
            return created;
        }
        topic = Brokers.uniqueTopic("contract-tx");
        created = open(types);
        return created;
    }

    @Override
    protected synchronized Store reopenStore(EntityTypes types) {
        return open(types);
    }

    private Store open(EntityTypes types) {
        return KafkaStore.builder().bootstrapServers(Brokers.servers()).topic(topic).partitions(2)
                .replicationFactor(1).transactional(true).entityTypes(types).build();
    }
}
