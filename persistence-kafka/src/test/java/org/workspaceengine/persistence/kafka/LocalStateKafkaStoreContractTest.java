package org.workspaceengine.persistence.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on a real broker with a local state directory: loads, listings and counts read the view. */
class LocalStateKafkaStoreContractTest extends KafkaStoreContractTest {

    @TempDir
    Path state;

    @Override
    KafkaStoreBuilder variant(KafkaStoreBuilder builder) {
        return builder.localState(state);
    }
}
