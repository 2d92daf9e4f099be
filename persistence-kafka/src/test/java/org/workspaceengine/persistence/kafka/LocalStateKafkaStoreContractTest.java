package org.workspaceengine.persistence.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on a real broker with a local state directory: loads, listings and counts read the view. */
// Opt-in (-Dkafka.localState.contract=true) to keep the default build within its time: LocalStateTest checks the
// view against reading the log over random data in both modes on every run.
@EnabledIfSystemProperty(named = "kafka.localState.contract", matches = "true")
class LocalStateKafkaStoreContractTest extends KafkaStoreContractTest {

    @TempDir
    Path state;

    @Override
    KafkaStoreBuilder variant(KafkaStoreBuilder builder) {
        return builder.localState(state);
    }
}
