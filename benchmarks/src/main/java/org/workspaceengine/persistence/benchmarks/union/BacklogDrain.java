package org.workspaceengine.persistence.benchmarks.union;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.benchmarks.Measurement;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.benchmarks.ResultTable;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.union.UnionStore;
import org.workspaceengine.persistence.union.WritePolicy;

/**
 * Issue 14's drain target, measured side by side in one run: handing a member a backlog of {@value #CHANGES} changes
 * it missed reaches at least 0.8x the throughput of a plain save of the same changes to it (Kafka, one partition,
 * {@code acks=all}).
 *
 * <p>Three cases per round, each on a fresh topic: the plain save ({@value #PER_SAVE} changes per save, as a
 * service would save them); the drain of a backlog filled by this process (a union of Kafka behind a gate and a
 * file store, {@code atLeast:1}, a backlog directory: while the gate is shut the union's saves fill Kafka's backlog;
 * then it opens), timed from the first delivery the member receives to the backlog being empty; and the drain of
 * the same backlog after a restart (the union closed with the backlog full and opened again, so every change is read
 * back from the segment files), timed from the build of the new union, its recovery included. Rounds alternate the
 * cases; medians after a warm-up round.
 */
final class BacklogDrain {

    /** The drain's throughput must be at least this fraction of a plain save's. */
    static final double TARGET = 0.8;

    static final int CHANGES = 100_000;
    static final int PER_SAVE = 1_000;
    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final EntityTypes types;
    private final Supplier<KafkaStore> kafkaStores;
    private final Supplier<Store> fileStores;
    private final Supplier<Path> directories;
    private final int rounds;

    BacklogDrain(EntityTypes types, Supplier<KafkaStore> kafkaStores, Supplier<Store> fileStores,
                 Supplier<Path> directories, int rounds) {
        this.types = types;
        this.kafkaStores = kafkaStores;
        this.fileStores = fileStores;
        this.directories = directories;
        this.rounds = rounds;
    }

    void run(PrintStream out) {
        long[] plain = new long[rounds];
        long[] drain = new long[rounds];
        long[] afterRestart = new long[rounds];
        long[] sinceOpened = new long[rounds];
        for (int round = -1; round < rounds; round++) {
            List<Changes> saves = saves("drain-" + round);
            long plainNanos = plainSave(saves);
            long[] drained = drain(saves);
            if (round >= 0) {
                plain[round] = plainNanos;
                drain[round] = drained[0];
                sinceOpened[round] = drained[1];
                afterRestart[round] = drained[2];
            }
        }
        Measurement plainSave = Measurement.ofTimes("KafkaStore.save, " + PER_SAVE + " changes per save", CHANGES,
                plain);
        Measurement drainRun = Measurement.ofTimes("backlog drain to Kafka (changes appended by this process)",
                CHANGES, drain);
        Measurement drainOpened = Measurement.ofTimes("  the same, timed from the gate's opening (retry wait "
                + "included)", CHANGES, sinceOpened);
        Measurement drainRestart = Measurement.ofTimes("backlog drain to Kafka after a restart (read from disk, "
                + "recovery included)", CHANGES, afterRestart);
        new ResultTable("draining a backlog of " + CHANGES + " changes into Kafka vs saving them to Kafka;"
                + " baseline = the plain save")
                .baseline(plainSave).compare(drainRun, plainSave).compare(drainOpened, plainSave)
                .compare(drainRestart, plainSave).print(out);
        out.printf(Locale.ROOT, "%ndrain throughput / plain save throughput = %.2fx (in this process), %.2fx (after a"
                + " restart); target >= %.1fx: %s%n", ratio(plainSave, drainRun), ratio(plainSave, drainRestart),
                TARGET, ratio(plainSave, drainRun) >= TARGET && ratio(plainSave, drainRestart) >= TARGET ? "met"
                        : "MISSED");
    }

    private static double ratio(Measurement plain, Measurement drain) {
        return (double) plain.medianNanos() / drain.medianNanos();
    }

    private long plainSave(List<Changes> saves) {
        try (KafkaStore kafka = kafkaStores.get()) {
            kafka.checkTopic();
            long started = System.nanoTime();
            for (Changes save : saves) {
                kafka.save(save);
            }
            return System.nanoTime() - started;
        }
    }

    /** The drain in this process, from the first delivery and from the gate's opening; the drain after a restart. */
    private long[] drain(List<Changes> saves) {
        Path backlog = directories.get();
        KafkaStore kafka = kafkaStores.get();
        kafka.checkTopic();
        Gate gate = new Gate(kafka);
        long[] times = new long[3];
        try (UnionStore union = union(gate, backlog)) {
            for (Changes save : saves) {
                union.save(save);
            }
            require(union.pendingChanges().get("kafka") == CHANGES, "the backlog holds every change");
            long opened = System.nanoTime();
            gate.open();
            awaitEmpty(union);
            long end = System.nanoTime();
            times[0] = end - gate.firstDelivery;
            times[1] = end - opened;
        }
        kafka = kafkaStores.get();
        kafka.checkTopic();
        Gate restartGate = new Gate(kafka);
        try (UnionStore union = union(restartGate, backlog)) {
            for (Changes save : saves) {
                union.save(save);
            }
            require(union.pendingChanges().get("kafka") == CHANGES, "the backlog holds every change");
        }
        Gate reopened = new Gate(kafkaStores.get());
        reopened.open();
        long started = System.nanoTime();
        try (UnionStore union = union(reopened, backlog)) {
            awaitEmpty(union);
            times[2] = System.nanoTime() - started;
        }
        return times;
    }

    private UnionStore union(Gate kafka, Path backlog) {
        return UnionStore.builder().member("kafka", kafka).member("file", fileStores.get())
                .writePolicy(WritePolicy.atLeast(1)).backlog(backlog).build();
    }

    private static void awaitEmpty(UnionStore union) {
        while (union.pendingChanges().get("kafka") > 0) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected: " + what);
        }
    }

    private List<Changes> saves(String namespace) {
        List<Changes> saves = new ArrayList<>(CHANGES / PER_SAVE);
        for (int s = 0; s < CHANGES / PER_SAVE; s++) {
            List<Change> changes = new ArrayList<>(PER_SAVE);
            for (int i = 0; i < PER_SAVE; i++) {
                int entity = s * PER_SAVE + i;
                changes.add(Change.set(namespace, Item.of(entity, 1), T0.plusNanos(1_000L * entity)));
            }
            saves.add(Changes.of(changes));
        }
        return saves;
    }

    /** A member that is "down" (refuses saves as unavailable) until opened; records when it first takes a save. */
    private final class Gate implements Store {
        private final KafkaStore kafka;
        private volatile boolean open;
        private volatile long firstDelivery;

        Gate(KafkaStore kafka) {
            this.kafka = kafka;
        }

        void open() {
            open = true;
        }

        @Override
        public void save(Changes changes) {
            if (!open) {
                throw new StoreUnavailableException("the gate is shut");
            }
            if (firstDelivery == 0) {
                firstDelivery = System.nanoTime();
            }
            kafka.save(changes);
        }

        @Override
        public Changes load(String namespace) {
            return kafka.load(namespace);
        }

        @Override
        public EntityTypes entityTypes() {
            return types;
        }

        @Override
        public void close() {
            kafka.close();
        }
    }
}
