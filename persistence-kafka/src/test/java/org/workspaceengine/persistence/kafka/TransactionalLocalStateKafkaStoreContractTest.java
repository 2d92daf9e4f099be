package org.workspaceengine.persistence.kafka;

/** The contract suite with a local state directory in transactional mode: the view holds committed records only. */
class TransactionalLocalStateKafkaStoreContractTest extends LocalStateKafkaStoreContractTest {

    @Override
    boolean transactional() {
        return true;
    }

    @Override
    int partitions() {
        return 2;
    }
}
