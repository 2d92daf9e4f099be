package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Each reason a local view cannot be trusted makes the store read it again from the log, saying why, and the loads
 * that follow answer as the log does; bytes written after the last checkpoint are cut off without a rebuild.
 */
class LocalStateRebuildTest {

    private static final long SEED = 1818L;

    @TempDir
    Path state;

    private final Random random = new Random(SEED);

    @Test
    void aMissingCheckpointRebuildsTheView() throws Exception {
        String topic = viewBuilt(null);
        Files.delete(viewDirectory(topic).resolve(ViewCheckpoint.FILE_NAME));
        assertRebuiltBecause(topic, "it has no checkpoint", false);
    }

    @Test
    void aDamagedCheckpointRebuildsTheView() throws Exception {
        String topic = viewBuilt(null);
        Path checkpoint = viewDirectory(topic).resolve(ViewCheckpoint.FILE_NAME);
        Files.writeString(checkpoint, Files.readString(checkpoint).replace("\"covered\":", "\"covered\": "));
        assertRebuiltBecause(topic, "its checkpoint is damaged", false);
    }

    @Test
    void aCheckpointAheadOfTheLogEndRebuildsTheView() throws Exception {
        String topic = viewBuilt(null);
        Path directory = viewDirectory(topic);
        ViewCheckpoint read = ViewCheckpoint.read(directory);
        new ViewCheckpoint(read.topic(), read.topicId(), read.partition(), read.readCommitted(),
                read.covered() + 1000, read.nextFile(), read.namespaces(), read.bootId(), read.forced())
                .write(directory);
        assertRebuiltBecause(topic, "the partition ends at offset", false);
    }

    @Test
    void aViewLeftByAKilledProcessIsRebuiltAfterTheMachineRestarts() throws Exception {
        String topic = viewBuilt(null);
        Path directory = viewDirectory(topic);
        ViewCheckpoint read = ViewCheckpoint.read(directory);
        new ViewCheckpoint(read.topic(), read.topicId(), read.partition(), read.readCommitted(), read.covered(),
                read.nextFile(), read.namespaces(), "an earlier boot", false).write(directory);
        assertRebuiltBecause(topic, "the machine restarted since its last checkpoint", false);
    }

    @Test
    void aViewClosedCleanlyIsKeptAfterTheMachineRestarts() throws Exception {
        String topic = viewBuilt(null);
        Path directory = viewDirectory(topic);
        ViewCheckpoint read = ViewCheckpoint.read(directory);
        assertThat(read.forced()).as("the checkpoint of a clean close").isTrue();
        new ViewCheckpoint(read.topic(), read.topicId(), read.partition(), read.readCommitted(), read.covered(),
                read.nextFile(), read.namespaces(), "an earlier boot", true).write(directory);
        try (KafkaStore local = store(topic, state); KafkaStore log = store(topic, null)) {
            LocalStates.assertSameAnswers(local, log, "seed " + SEED);
            assertThat(LocalStates.lastRebuild(local, local.partitionOf("ns-0"))).isNull();
        }
    }

    @Test
    void recordsDeletedPastTheCheckpointRebuildTheView() throws Exception {
        String topic = Brokers.uniqueTopic("local-deleted-records");
        Brokers.createTopic(Brokers.servers(), topic, 2, Map.of("cleanup.policy", "compact,delete"));
        viewBuilt(topic);
        try (KafkaStore writer = store(topic, null)) {
            writer.save(LocalStates.randomChanges(random, 300, 1, 40));
            TopicPartition partition = new TopicPartition(topic, writer.partitionOf("ns-0"));
            try (Admin admin = Brokers.admin(Brokers.servers())) {
                long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .all().get(60, TimeUnit.SECONDS).get(partition).offset();
                admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end - 100))).all()
                        .get(60, TimeUnit.SECONDS);
            }
        }
        assertRebuiltBecause(topic, "records the view has not read were deleted", false);
    }

    @Test
    void aTopicDeletedAndCreatedAgainRebuildsTheView() throws Exception {
        String topic = viewBuilt(null);
        try (Admin admin = Brokers.admin(Brokers.servers())) {
            admin.deleteTopics(Set.of(topic)).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    Brokers.createTopic(Brokers.servers(), topic, 2, Map.of("cleanup.policy", "compact"));
                    break;
                } catch (Exception e) {
                    assertThat(System.nanoTime() - deadline).as("recreating the topic: %s", e).isNegative();
                    TimeUnit.MILLISECONDS.sleep(200); // a retry: the broker reports no end of a deletion to await
                }
            }
        }
        try (KafkaStore writer = store(topic, null)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    writer.checkTopic(); // a topic created again may not be describable at once
                    assertThat(writer.load("ns-0")).isEmpty();
                    break;
                } catch (org.workspaceengine.persistence.StoreUnavailableException e) {
                    assertThat(System.nanoTime() - deadline).as("checking the topic again: %s", e).isNegative();
                    TimeUnit.MILLISECONDS.sleep(200); // a retry: no event tells when the topic can be described
                }
            }
            writer.save(Changes.builder("ns-0").set(Widget.of("new", 1), LocalStates.T0).build());
            // More records than before, so that only the topic's id tells the new topic from the old one.
            for (int i = 0; i < 4; i++) {
                writer.save(LocalStates.randomChanges(random, 300, 1, 40));
            }
        }
        assertRebuiltBecause(topic, "the topic was deleted and created again", false);
    }

    @Test
    void aViewFileShorterThanItsCheckpointRebuildsTheView() throws Exception {
        String topic = viewBuilt(null);
        Path file = viewFile(topic);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        assertRebuiltBecause(topic, "fewer than the", false);
    }

    @Test
    void aViewReadWithoutTransactionsIsRebuiltForATransactionalStore() throws Exception {
        String topic = viewBuilt(null);
        assertRebuiltBecause(topic, "non-transactional store", true);
    }

    @Test
    void bytesWrittenAfterTheCheckpointAreCutOffWithoutARebuild() throws Exception {
        String topic = viewBuilt(null);
        Files.write(viewFile(topic), "half an entry written when the process died".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (KafkaStore writer = store(topic, null)) {
            writer.save(LocalStates.randomChanges(random, 300, 1, 40));
        }
        try (KafkaStore local = store(topic, state); KafkaStore log = store(topic, null)) {
            LocalStates.assertSameAnswers(local, log, "seed " + SEED);
            assertThat(LocalStates.lastRebuild(local, local.partitionOf("ns-0"))).isNull();
        }
    }

    /** Saves to {@code topic} (a fresh one if null), loads it through a local view, and closes the stores. */
    private String viewBuilt(String topic) {
        String name = topic == null ? Brokers.uniqueTopic("local-rebuild") : topic;
        try (KafkaStore writer = store(name, null); KafkaStore local = store(name, state)) {
            // The first load waits until the new topic's partitions have a leader: an idempotent producer whose first
            // send meets NotLeaderOrFollower can be left retrying out-of-order sequences (seen once here).
            assertThat(local.load("ns-0")).isEmpty();
            for (int i = 0; i < 3; i++) {
                writer.save(LocalStates.randomChanges(random, 300, 1, 40));
            }
            assertThat(local.load("ns-0")).isNotEmpty();
        }
        return name;
    }

    private void assertRebuiltBecause(String topic, String cause, boolean transactional) {
        try (KafkaStore local = LocalStates.store(topic, state).allowNonCompactedTopic(true)
                .transactional(transactional).build();
             KafkaStore log = store(topic, null)) {
            List<Change> loaded = local.load("ns-0").stream().toList();
            assertThat(loaded).as("seed %d", SEED).isEqualTo(log.load("ns-0").stream().toList());
            assertThat(LocalStates.lastRebuild(local, local.partitionOf("ns-0"))).contains(cause);
            LocalStates.assertSameAnswers(local, log, "seed " + SEED);
        }
    }

    private KafkaStore store(String topic, Path directory) {
        return LocalStates.store(topic, directory).allowNonCompactedTopic(true).loadTimeout(Duration.ofSeconds(60))
                .build();
    }

    private Path viewDirectory(String topic) {
        try (KafkaStore probe = store(topic, null)) {
            probe.checkTopic();
            return state.resolve(topic + "-" + probe.partitionOf("ns-0"));
        }
    }

    private Path viewFile(String topic) throws Exception {
        Path directory = viewDirectory(topic);
        ViewCheckpoint checkpoint = ViewCheckpoint.read(directory);
        return directory.resolve(checkpoint.namespaces().get(0).file());
    }
}
