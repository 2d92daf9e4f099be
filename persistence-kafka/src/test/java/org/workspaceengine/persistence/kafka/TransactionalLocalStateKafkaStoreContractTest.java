package org.workspaceengine.persistence.kafka;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The contract suite with a local state directory in transactional mode: the view holds committed records only. */
// Opt-in (-Dkafka.localState.contract=true) to keep the default build within its time: LocalStateTest checks the
// view against reading the log over random data in both modes on every run.
@EnabledIfSystemProperty(named = "kafka.localState.contract", matches = "true")
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
