package org.workspaceengine.persistence.kafka;

/** The contract suite on a real broker in transactional mode (every save one transaction; loads read committed). */
class TransactionalKafkaStoreContractTest extends KafkaStoreContractTest {

    @Override
    boolean transactional() {
        return true;
    }

    @Override
    int partitions() {
        return 2;
    }
}
