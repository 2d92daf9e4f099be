package org.workspaceengine.persistence.benchmarks.kafka;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.benchmarks.Measurement;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.benchmarks.ResultTable;
import org.workspaceengine.persistence.kafka.KafkaStore;

/**
 * Deleting a namespace of {@code entities} entities against saving them, as issue 16 asks (target: the deletion takes
 * no longer than the save). Each round saves the entities to a namespace of a fresh topic, one change each, 1,000
 * changes per save, then deletes that namespace: it reads the namespace's partition for its keys and writes a
 * tombstone per key. The two are timed separately, within the round; medians after a warm-up round.
 */
public final class DeletionBenchmark {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final String NAMESPACE = "bench-delete";
    private static final int BATCH = 1_000;

    private final String servers;
    private final int entities;
    private final int rounds;
    private final EntityTypes types = EntityTypes.create().register("item", Item.class);
    private final List<Changes> batches = new ArrayList<>();

    DeletionBenchmark(String servers, int entities, int rounds) {
        this.servers = servers;
        this.entities = entities;
        this.rounds = rounds;
        List<Change> current = new ArrayList<>(BATCH);
        for (int i = 0; i < entities; i++) {
            current.add(Change.set(NAMESPACE, Item.of(i, 0), T0.plusNanos(i * 1_000L)));
            if (current.size() == BATCH || i == entities - 1) {
                batches.add(Changes.of(current));
                current = new ArrayList<>(BATCH);
            }
        }
    }

    /** Runs the rounds and prints the table and the ratio of the deletion's time to the save's. */
    void measure(PrintStream out) {
        out.printf(Locale.ROOT, "%nnamespace deletion: %,d entities saved (%,d changes per save), then their "
                + "namespace deleted; 1 warm-up + %d measured rounds, each on a fresh topic%n", entities, BATCH,
                rounds);
        long[] saves = new long[rounds];
        long[] deletions = new long[rounds];
        for (int round = -1; round < rounds; round++) {
            try (KafkaStore store = KafkaStore.builder().bootstrapServers(servers)
                    .topic("bench-delete-" + UUID.randomUUID()).partitions(1).replicationFactor(1).entityTypes(types)
                    .saveTimeout(Duration.ofMinutes(2)).loadTimeout(Duration.ofMinutes(5)).build()) {
                store.checkTopic(); // the topic is created before the clock starts
                long started = System.nanoTime();
                for (Changes batch : batches) {
                    store.save(batch);
                }
                long saved = System.nanoTime();
                store.deleteNamespace(NAMESPACE);
                long deleted = System.nanoTime();
                if (store.countEntities(NAMESPACE).changes() != 0) {
                    throw new IllegalStateException("the namespace was not deleted");
                }
                if (round >= 0) {
                    saves[round] = saved - started;
                    deletions[round] = deleted - saved;
                }
            }
        }
        Measurement save = Measurement.ofTimes("KafkaStore.save(" + BATCH + " changes), " + entities + " entities",
                entities, saves);
        Measurement delete = Measurement.ofTimes("KafkaStore.deleteNamespace (read keys, write tombstones)",
                entities, deletions);
        new ResultTable("Kafka namespace deletion vs saving its entities (" + entities + " entities)")
                .baseline(save).compare(delete, save).print(out);
        out.printf(Locale.ROOT, "%ndeletion time relative to the save (target <= 1.0x): %.2fx%n",
                (double) delete.medianNanos() / save.medianNanos());
    }
}
