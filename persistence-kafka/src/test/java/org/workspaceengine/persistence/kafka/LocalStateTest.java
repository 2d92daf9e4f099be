package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The local state directory on the real broker: a load, listing and count through the local view answer exactly as
 * reading the log does, read-your-writes holds, transactional views hold committed records only, namespace deletions
 * reach the view, and two stores never share a directory. The rebuild causes are in {@link LocalStateRebuildTest}.
 */
class LocalStateTest {

    private static final long SEED = 18L;

    @TempDir
    Path state;

    @ParameterizedTest(name = "transactional={0}")
    @ValueSource(booleans = {false, true})
    void loadsListingsAndCountsThroughTheViewEqualThoseOfTheLogOverRandomChanges(boolean transactional) {
        String topic = Brokers.uniqueTopic("local-random");
        Random random = new Random(SEED);
        KafkaStore local = LocalStates.store(topic, state).transactional(transactional).build();
        try (KafkaStore log = LocalStates.ready(LocalStates.store(topic, null).transactional(transactional)
                .build());
             KafkaStore tombstones = LocalStates.store(topic, null).transactional(transactional)
                     .tombstonesForUnsets(true).build()) {
            for (int round = 0; round < 10; round++) {
                for (int save = 0; save < 10; save++) {
                    (save % 3 == 0 ? tombstones : log).save(LocalStates.randomChanges(random, 200, 12, 60));
                }
                if (round % 3 == 2) {
                    log.deleteNamespace("ns-" + random.nextInt(12));
                }
                if (round % 2 == 1) {
                    local.close();
                    local = LocalStates.store(topic, state).transactional(transactional).build();
                }
                LocalStates.assertSameAnswers(local, log, "seed " + SEED + ", round " + round);
            }
            assertThat(LocalStates.lastRebuild(local, 0)).isNull();
            assertThat(LocalStates.lastRebuild(local, 1)).isNull();
        } finally {
            local.close();
        }
    }

    @ParameterizedTest(name = "transactional={0}")
    @ValueSource(booleans = {false, true})
    void loadsRacingWithSavesIncludeEverySaveThatReturnedBeforeTheyBegan(boolean transactional) throws Exception {
        try (KafkaStore store = LocalStates.store(Brokers.uniqueTopic("local-ryw"), state)
                .transactional(transactional).build()) {
            ReadYourWritesTest.assertLoadsSeeEveryReturnedSave(store, 150);
        }
    }

    @Test
    void abortedAndOpenTransactionsNeverReachTheView() throws Exception {
        String topic = Brokers.uniqueTopic("local-aborted");
        try (KafkaStore store = LocalStates.store(topic, state).transactional(true).build()) {
            store.save(Changes.builder("ns").set(Widget.of("committed", 1), LocalStates.T0).build());
            WireFormat wire = WireFormat.create(TestEntities.registry());
            int partition = store.partitionOf("ns");
            try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 50; i++) {
                    producer.send(record(topic, partition, wire, "aborted-" + i));
                }
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                long open = producer.send(record(topic, partition, wire, "open")).get(60, TimeUnit.SECONDS).offset();
                producer.flush();
                assertThat(store.load("ns").stream().map(Change::entityId)).containsExactly("committed");
                producer.commitTransaction();
                awaitCommitted(new TopicPartition(topic, partition), open);
            }
            assertThat(store.load("ns").stream().map(Change::entityId)).containsExactlyInAnyOrder("committed",
                    "open");
            PartitionView view = store.localState().view(new TopicPartition(topic, partition));
            assertThat(view.lock(Deadlines.after(java.time.Duration.ofSeconds(10)))).isTrue();
            try {
                assertThat(view.file("ns").entries).as("entries of the view").isEqualTo(2);
            } finally {
                view.unlock();
            }
        }
    }

    @Test
    void aDeletedNamespaceIsGoneFromTheViewAndStartsAfreshWhenSavedAgain() {
        try (KafkaStore store = LocalStates.store(Brokers.uniqueTopic("local-deleted"), state).build()) {
            store.save(Changes.builder("gone").set(Widget.of("a", 1), LocalStates.T0.plusSeconds(10))
                    .set(Widget.of("b", 1), LocalStates.T0).build());
            store.save(Changes.builder("kept").set(Widget.of("a", 1), LocalStates.T0).build());
            assertThat(store.load("gone")).hasSize(2);
            store.deleteNamespace("gone");
            assertThat(store.load("gone")).isEmpty();
            assertThat(store.listNamespaces()).containsExactly("kept");
            assertThat(store.countEntities("gone")).isEqualTo(new EntityCounts("gone", 0, 0));
            store.save(Changes.builder("gone").set(Widget.of("a", 2), LocalStates.T0).build());
            assertThat(store.load("gone").stream().map(change -> ((Widget) change.entity()).version()))
                    .containsExactly(2);
            assertThat(store.listNamespaces()).containsExactly("gone", "kept");
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedNamingTheHolder() {
        String topic = Brokers.uniqueTopic("local-locked");
        try (KafkaStore first = LocalStates.store(topic, state).build()) {
            assertThatThrownBy(() -> LocalStates.store(topic, state).build())
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("is in use by")
                    .hasMessageContaining("two stores cannot share one local state directory");
            assertThat(first.load("ns")).isEmpty();
        }
        try (KafkaStore again = LocalStates.store(topic, state).build()) {
            assertThat(again.load("ns")).isEmpty();
        }
    }

    /**
     * Waits (up to 60 s) until read-committed readers see {@code offset} of {@code partition}: the broker writes the
     * commit markers shortly after a producer's {@code commitTransaction} returns (the store's own saves wait so too).
     */
    private static void awaitCommitted(TopicPartition partition, long offset) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Brokers.admin(Brokers.servers())) {
            while (admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(60, TimeUnit.SECONDS)
                    .get(partition).offset() <= offset) {
                assertThat(System.nanoTime() - deadline).as("the commit of offset %d visible", offset).isNegative();
                Thread.onSpinWait();
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer() {
        Properties properties = new Properties();
        properties.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Brokers.servers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-state-test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return new KafkaProducer<>(properties);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, WireFormat wire, String id) {
        Change change = Change.set("ns", Widget.of(id, 1), LocalStates.T0);
        return new ProducerRecord<>(topic, partition, RecordKeys.encode("ns", TestEntities.WIDGET, id),
                wire.encode(change));
    }
}
