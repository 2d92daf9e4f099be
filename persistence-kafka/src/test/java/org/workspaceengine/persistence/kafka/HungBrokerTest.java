package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A hung broker (its child JVM stopped with SIGSTOP: connections are accepted, nothing answers): every operation of
 * a store that had reached it, and of one opened during the hang, fails within its own timeout; closing is bounded
 * too; and everything works again once the broker continues.
 */
@Timeout(300)
class HungBrokerTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Duration SAVE_TIMEOUT = Duration.ofMillis(1_500);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void everyOperationFailsWithinItsTimeoutWhileTheBrokerHangsAndWorksOnceItContinues(@TempDir Path dir) {
        Changes changes = Changes.builder("ws-1").set(Widget.of("w1", 1), T0).build();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(dir)) {
            broker.start();
            KafkaStore reached = builder(broker, "hung").build();
            reached.save(changes);
            KafkaStore toClose = builder(broker, "hung").build();
            toClose.save(changes);
            KafkaStore transactional = builder(broker, "hung-tx").transactional(true).build();
            transactional.save(changes);
            try {
                broker.pause();

                assertThat(Bounded.failure("save", SAVE_TIMEOUT, () -> reached.save(changes)))
                        .isInstanceOf(SaveTimeoutException.class).hasMessageContaining("save timeout of 1500ms");
                assertThat(Bounded.failure("load", LOAD_TIMEOUT, () -> reached.load("ws-1")))
                        .isInstanceOf(LoadTimeoutException.class).hasMessageContaining("load timeout of 2s");
                assertThat(Bounded.failure("listNamespaces", LOAD_TIMEOUT, reached::listNamespaces))
                        .isInstanceOf(LoadTimeoutException.class).hasMessageContaining("load timeout of 2s");
                assertThat(Bounded.failure("transactional save", SAVE_TIMEOUT, () -> transactional.save(changes)))
                        .isInstanceOf(SaveTimeoutException.class).hasMessageContaining("save timeout of 1500ms");

                KafkaStore[] fresh = new KafkaStore[2];
                Bounded.returns("build()", SAVE_TIMEOUT, () -> fresh[0] = builder(broker, "hung").build());
                Bounded.returns("build() of a read-only store", SAVE_TIMEOUT,
                        () -> fresh[1] = builder(broker, "hung").readOnly(true).build());
                try (KafkaStore writer = fresh[0]; KafkaStore readOnly = fresh[1]) {
                    assertThat(Bounded.failure("save of a new store", SAVE_TIMEOUT, () -> writer.save(changes)))
                            .isInstanceOf(SaveTimeoutException.class).hasMessageContaining("no answer within 1500ms");
                    assertThat(Bounded.failure("load of a new store", LOAD_TIMEOUT, () -> writer.load("ws-1")))
                            .isInstanceOf(LoadTimeoutException.class).hasMessageContaining("2s");
                    assertThat(Bounded.failure("load of a new read-only store", LOAD_TIMEOUT,
                            () -> readOnly.load("ws-1"))).isInstanceOf(StoreUnavailableException.class);
                    assertThat(Bounded.failure("listing of a new read-only store", LOAD_TIMEOUT,
                            readOnly::listNamespaces)).isInstanceOf(StoreUnavailableException.class);
                }
                // Closing waits for records in flight up to the save timeout, no longer.
                Bounded.returns("close()", SAVE_TIMEOUT.plus(Bounded.SLACK), toClose::close);

                broker.resume();

                Await.until("a save succeeds again", () -> succeeds(() -> reached.save(changes)));
                assertThat(reached.load("ws-1")).hasSize(1);
                assertThat(reached.listNamespaces()).containsExactly("ws-1");
            } finally {
                broker.resume();
                reached.close();
                toClose.close();
                transactional.close();
            }
        }
    }

    private static KafkaStoreBuilder builder(KafkaBrokerProcess broker, String topic) {
        return KafkaStore.builder().bootstrapServers(broker.bootstrapServers()).topic(topic).partitions(1)
                .replicationFactor(1).saveTimeout(SAVE_TIMEOUT).loadTimeout(LOAD_TIMEOUT)
                .entityTypes(TestEntities.registry());
    }

    private static boolean succeeds(Runnable operation) {
        try {
            operation.run();
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }
}
