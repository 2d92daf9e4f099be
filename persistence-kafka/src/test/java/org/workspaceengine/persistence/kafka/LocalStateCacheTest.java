package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps a warm local view cheap leaves its answers those of the log: the winners cached per namespace (and
 * extended by the bytes a catch-up appends), a catch-up that leaves the checkpoint behind until enough is appended or
 * the store closes, and a catch-up that asks for the partition's beginning only when its first record is not where
 * the view ends.
 */
class LocalStateCacheTest {

    private static final long SEED = 1819L;

    @TempDir
    Path state;
    @TempDir
    Path copy;

    private final Random random = new Random(SEED);

    @Test
    void cachedWinnersFollowTheirFilesAsTheyGrow() {
        String topic = Brokers.uniqueTopic("local-cache");
        try (KafkaStore writer = LocalStates.ready(LocalStates.store(topic, null).build());
             KafkaStore local = LocalStates.store(topic, state).build()) {
            for (int round = 0; round < 6; round++) {
                writer.save(LocalStates.randomChanges(random, 200, 3, 30));
                LocalStates.assertSameAnswers(local, writer, "round " + round + ", seed " + SEED);
                // Loaded twice with nothing new: the second answer comes from the cache as it is.
                LocalStates.assertSameAnswers(local, writer, "round " + round + " again, seed " + SEED);
                PartitionView view = local.localState().view(new TopicPartition(topic, local.partitionOf("ns-0")));
                assertThat(view.lock(Deadlines.after(java.time.Duration.ofSeconds(10)))).isTrue();
                try {
                    PartitionView.NamespaceFile file = view.file("ns-0");
                    ViewWinners.Cached cached = view.winners().get(view.partition(), "ns-0");
                    assertThat(cached).as("round %d", round).isNotNull();
                    assertThat(cached.file()).isEqualTo(file.file);
                    assertThat(cached.length()).isEqualTo(file.length);
                } finally {
                    view.unlock();
                }
            }
        }
    }

    @Test
    void aSmallCatchUpLeavesTheCheckpointAndAViewCutBackToItAnswersAsTheLog() throws IOException {
        String topic = Brokers.uniqueTopic("local-lazy-checkpoint");
        try (KafkaStore writer = LocalStates.ready(LocalStates.store(topic, null).build());
             KafkaStore local = LocalStates.store(topic, state).build()) {
            writer.save(LocalStates.randomChanges(random, 300, 4, 40));
            LocalStates.assertSameAnswers(local, writer, "seed " + SEED); // the first catch-up writes a checkpoint
            Path directory = state.resolve(topic + "-" + local.partitionOf("ns-0"));
            long checkpointed = ViewCheckpoint.read(directory).covered();
            writer.save(LocalStates.randomChanges(random, 300, 4, 40));
            LocalStates.assertSameAnswers(local, writer, "after more saves, seed " + SEED);
            assertThat(ViewCheckpoint.read(directory).covered()).as("a small catch-up writes no checkpoint")
                    .isEqualTo(checkpointed);
            // What a killed process would leave: files longer than the checkpoint says, cut back when opened.
            copyView(state, copy);
        }
        try (KafkaStore reopened = LocalStates.store(topic, copy).build();
             KafkaStore log = LocalStates.store(topic, null).build()) {
            LocalStates.assertSameAnswers(reopened, log, "reopened from the checkpoint, seed " + SEED);
            assertThat(LocalStates.lastRebuild(reopened, reopened.partitionOf("ns-0"))).isNull();
        }
        try (KafkaStore log = LocalStates.store(topic, null).build()) {
            log.checkTopic();
            TopicPartition partition = new TopicPartition(topic, log.partitionOf("ns-0"));
            long end;
            try (Admin admin = Brokers.admin(Brokers.servers())) {
                end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(60, TimeUnit.SECONDS)
                        .get(partition).offset();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(ViewCheckpoint.read(state.resolve(topic + "-" + partition.partition())).covered())
                    .as("the checkpoint of the store's close").isEqualTo(end);
        }
    }

    @Test
    void recordsDeletedPastTheViewWhileTheStoreIsOpenRebuildTheView() throws Exception {
        String topic = Brokers.uniqueTopic("local-deleted-open");
        Brokers.createTopic(Brokers.servers(), topic, 2, Map.of("cleanup.policy", "compact,delete"));
        try (KafkaStore writer = LocalStates.ready(LocalStates.store(topic, null).allowNonCompactedTopic(true).build());
             KafkaStore local = LocalStates.store(topic, state).allowNonCompactedTopic(true).build()) {
            writer.save(LocalStates.randomChanges(random, 300, 1, 40));
            LocalStates.assertSameAnswers(local, writer, "seed " + SEED);
            assertThat(LocalStates.lastRebuild(local, local.partitionOf("ns-0"))).isNull();
            writer.save(LocalStates.randomChanges(random, 300, 1, 40));
            TopicPartition partition = new TopicPartition(topic, writer.partitionOf("ns-0"));
            try (Admin admin = Brokers.admin(Brokers.servers())) {
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all()
                        .get(60, TimeUnit.SECONDS).get(partition).offset();
                admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end - 100))).all()
                        .get(60, TimeUnit.SECONDS);
            }
            LocalStates.assertSameAnswers(local, writer, "after the deletion, seed " + SEED);
            assertThat(LocalStates.lastRebuild(local, partition.partition()))
                    .contains("records the view has not read were deleted");
        }
    }

    /** Copies the state directory {@code from} (but its lock) to {@code to}. */
    private static void copyView(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else if (!path.getFileName().toString().equals(LocalState.LOCK_FILE)) {
                    Files.copy(path, target);
                }
            }
        }
    }
}
