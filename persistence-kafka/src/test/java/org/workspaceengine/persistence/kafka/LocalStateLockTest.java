package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.PersistenceException;

/** Two processes never share a local state directory: the second is refused, naming the first. */
class LocalStateLockTest {

    @TempDir
    Path state;

    @Test
    void aStoreInAnotherProcessIsRefusedWhileAChildHoldsTheDirectory() throws Exception {
        String topic = Brokers.uniqueTopic("local-lock");
        try (LocalStateChild holder = LocalStateChild.start("hold", topic, state, false, 0)) {
            holder.await("READY", 120);
            assertThatThrownBy(() -> LocalStates.store(topic, state).build())
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("process " + holder.pid())
                    .hasMessageContaining("two stores cannot share one local state directory");
            holder.kill();
        }
        try (KafkaStore store = LocalStates.store(topic, state).build()) {
            assertThat(store.load("ns-0")).isEmpty();
        }
    }

    @Test
    void aChildProcessIsRefusedWhileThisOneHoldsTheDirectory() throws Exception {
        String topic = Brokers.uniqueTopic("local-lock");
        try (KafkaStore store = LocalStates.store(topic, state).build()) {
            try (LocalStateChild child = LocalStateChild.start("open", topic, state, false, 0)) {
                assertThat(child.await("", 120)).startsWith("REFUSED: ")
                        .contains("process " + ProcessHandle.current().pid())
                        .contains("two stores cannot share one local state directory");
                assertThat(child.waitFor(60)).isZero();
            }
            assertThat(store.load("ns-0")).isEmpty();
        }
    }
}
