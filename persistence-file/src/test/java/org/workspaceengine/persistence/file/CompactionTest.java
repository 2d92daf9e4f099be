package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.Compaction;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

@Timeout(120)
class CompactionTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path directory;

    private FileStoreBuilder builder() {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).durability(Durability.FLUSH);
    }

    private static void saveVersions(FileStore store, String namespace, int entities, int versions) {
        for (int v = 0; v < versions; v++) {
            ChangesBuilder changes = Changes.builder(namespace);
            for (int e = 0; e < entities; e++) {
                changes.set(Widget.of("w" + e, v), T0.plusSeconds(v));
            }
            store.save(changes.build());
        }
    }

    private static long lines(Path file) throws Exception {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    @Test
    void compactionKeepsOnlyTheLatestLinePerEntityInReplayOrder() throws Exception {
        try (FileStore store = builder().build()) {
            saveVersions(store, "ns", 10, 5);
            Changes before = store.load("ns");

            store.compact("ns");

            assertThat(lines(directory.resolve("ns.jsonl"))).isEqualTo(10);
            assertThat(store.load("ns")).isEqualTo(before);
        }
    }

    @Test
    void compactionKeepsDeletionMarkersByDefault() throws Exception {
        try (FileStore store = builder().build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            store.save(Changes.builder("ns").unset(Widget.of("w1", 1), T0.plusSeconds(1)).build());

            store.compact("ns");

            assertThat(store.load("ns")).singleElement().satisfies(c -> assertThat(c.isUnset()).isTrue());
        }
    }

    @Test
    void compactionDropsDeletionMarkersOlderThanTheRetention() {
        Clock clock = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);
        try (FileStore store = builder().unsetRetention(Duration.ofDays(7)).clock(clock).build()) {
            store.save(Changes.builder("ns")
                    .unset(Widget.of("old", 1), T0)
                    .unset(Widget.of("recent", 1), T0.plus(Duration.ofDays(5)))
                    .set(new Gadget("kept", 1), T0)
                    .build());

            store.compact("ns");

            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("kept", "recent");
        }
    }

    @Test
    void compactionCountsTheFileBeforeAndAfterAsStatisticsDo() {
        Clock clock = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);
        try (FileStore store = builder().unsetRetention(Duration.ofDays(7)).clock(clock).build()) {
            saveVersions(store, "ns", 20, 4);
            store.save(Changes.builder("ns")
                    .unset(Widget.of("old", 1), T0) // older than the retention: dropped
                    .unset(Widget.of("recent", 1), T0.plus(Duration.ofDays(5))) // kept
                    .build());
            StorageStats before = store.storageStats("ns");

            Compaction compaction = store.compact("ns", ProgressListener.NONE).orElseThrow();

            assertThat(compaction.before()).isEqualTo(before);
            assertThat(before).isEqualTo(new StorageStats("ns", 82, before.bytes(), 20, 2));
            assertThat(compaction.after()).isEqualTo(store.storageStats("ns"));
            assertThat(compaction.after()).isEqualTo(new StorageStats("ns", 21, compaction.after().bytes(), 20, 1));
            assertThat(compaction.rewritten()).isTrue();
        }
    }

    @Test
    void compactionOfACompactFileReportsItUnchanged() {
        try (FileStore store = builder().build()) {
            saveVersions(store, "ns", 5, 1);

            Compaction compaction = store.compact("ns", ProgressListener.NONE).orElseThrow();

            assertThat(compaction.after()).isEqualTo(compaction.before()).isEqualTo(store.storageStats("ns"));
            assertThat(compaction.rewritten()).isFalse();
        }
    }

    @Test
    void compactionOfAnUnknownNamespaceDoesNothing() {
        try (FileStore store = builder().build()) {
            store.compact("never-saved");
            assertThat(directory.resolve("never-saved.jsonl")).doesNotExist();
            assertThat(store.listNamespaces()).isEmpty();
        }
    }

    @Test
    void savesRacingWithCompactionsAreNeverLost() throws Exception {
        int writers = 4;
        int savesPerWriter = 300;
        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            try {
                AtomicBoolean done = new AtomicBoolean();
                Future<Integer> compactor = pool.submit(() -> {
                    int compactions = 0;
                    while (!done.get()) {
                        store.compact("race");
                        compactions++;
                    }
                    return compactions;
                });
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < savesPerWriter; i++) {
                            store.save(Changes.builder("race")
                                    .set(Widget.of("unique-" + writer + "-" + i, i), T0.plusMillis(i))
                                    .set(Widget.of("hot-" + writer, i), T0.plusMillis(i))
                                    .build());
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(90, TimeUnit.SECONDS);
                }
                done.set(true);
                assertThat(compactor.get(90, TimeUnit.SECONDS)).isPositive();
            } finally {
                pool.shutdownNow();
            }
            store.compact("race");
            assertRaceResult(store.load("race"), writers, savesPerWriter);
        }
        try (FileStore reopened = builder().build()) {
            assertRaceResult(reopened.load("race"), writers, savesPerWriter);
        }
    }

    private static void assertRaceResult(Changes loaded, int writers, int savesPerWriter) {
        assertThat(loaded).hasSize(writers * savesPerWriter + writers);
        for (int w = 0; w < writers; w++) {
            String hot = "hot-" + w;
            assertThat(loaded.stream().filter(c -> c.entityId().equals(hot)))
                    .singleElement().satisfies(c -> assertThat(((Widget) c.entity()).version())
                            .isEqualTo(savesPerWriter - 1));
        }
    }

    @Test
    void automaticCompactionRunsWhenTheGarbageRatioIsPassed() throws Exception {
        Path file = directory.resolve("auto.jsonl");
        try (FileStore store = builder().compactionRatio(3.0).compactionMinBytes(0).build()) {
            saveVersions(store, "auto", 20, 2);
            assertThat(lines(file)).as("ratio 2 is below 3").isEqualTo(40);

            saveVersions(store, "auto", 20, 10);

            Await.until("the file is compacted in the background", () -> {
                try {
                    return lines(file) < 20 * 3 + 20;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(store.load("auto")).hasSize(20)
                    .allSatisfy(c -> assertThat(((Widget) c.entity()).version()).isEqualTo(9));
        }
    }

    @Test
    void automaticCompactionWaitsForTheMinimumFileSize() throws Exception {
        try (FileStore store = builder().compactionRatio(2.0).compactionMinBytes(1 << 30).build()) {
            saveVersions(store, "small", 5, 20);
            store.load("small");
            assertThat(lines(directory.resolve("small.jsonl"))).isEqualTo(100);
        }
    }

    @Test
    void disabledAutomaticCompactionNeverRewrites() throws Exception {
        try (FileStore store = builder().autoCompaction(false).build()) {
            saveVersions(store, "ns", 2, 50);
            assertThat(lines(directory.resolve("ns.jsonl"))).isEqualTo(100);
        }
    }

    @Test
    void loadAndCompactionReportProgressInBytes() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onStart(Task task) {
                events.add("start " + task.operation() + " " + task.namespace() + " " + task.unit() + " "
                        + task.expectedTotal());
            }

            @Override
            public void onBatch(Task task, long completed) {
                events.add("batch " + completed);
            }

            @Override
            public void onEnd(Task task, long completed) {
                events.add("end " + completed);
            }
        };
        try (FileStore store = builder().build()) {
            saveVersions(store, "ns", 100, 30);
            long size = Files.size(directory.resolve("ns.jsonl"));

            store.load("ns", listener);
            assertThat(events).first().isEqualTo("start load ns BYTES " + size);
            assertThat(events).contains("batch " + size, "end " + size, "start decode ns CHANGES 100")
                    .last().isEqualTo("end 100");

            events.clear();
            store.compact("ns", listener);
            assertThat(events).first().isEqualTo("start compact ns BYTES " + size);
            assertThat(events).last().isEqualTo("end " + size);
        }
    }

    @Test
    void schedulerCompactsEveryNamespacePeriodicallyAndStopsWhenTheStoreCloses() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            FileStore store = builder().autoCompaction(false).build();
            saveVersions(store, "a", 3, 4);
            saveVersions(store, "b", 3, 4);
            try (CompactionScheduler scheduler = CompactionScheduler.start(store, Duration.ofMillis(50), executor)) {
                Await.until("both namespaces are compacted", () -> {
                    try {
                        return lines(directory.resolve("a.jsonl")) == 3 && lines(directory.resolve("b.jsonl")) == 3;
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(scheduler.runNow()).isZero();
                store.close();
                assertThatThrownBy(scheduler::runNow).isInstanceOf(StoreClosedException.class);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void schedulerRejectsANonPositiveInterval() {
        try (FileStore store = builder().build()) {
            assertThatThrownBy(() -> CompactionScheduler.start(store, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        }
    }

    @Test
    void compactionOfAlreadyCompactFileLeavesItUntouched() throws Exception {
        try (FileStore store = builder().build()) {
            saveVersions(store, "ns", 5, 1);
            Path file = directory.resolve("ns.jsonl");
            Object before = Files.readAttributes(file, "unix:ino").get("ino");

            store.compact("ns");

            assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(before);
        }
    }

    @Test
    void automaticCompactionOfAFileWithACorruptLineGivesUpWithoutLosingAnything() throws Exception {
        Path file = directory.resolve("bad.jsonl");
        Files.writeString(file, "not json\n");
        try (FileStore store = builder().compactionRatio(2.0).compactionMinBytes(0).build()) {
            saveVersions(store, "bad", 2, 40);
            assertThat(lines(file)).isEqualTo(81);
        }
        try (FileStore lenient = builder().lenient(true).build()) {
            assertThat(lenient.load("bad")).hasSize(2);
        }
    }

    @Test
    void automaticCompactionStopsWhenRetentionEmptiesTheFile() throws Exception {
        Clock clock = Clock.fixed(T0.plus(Duration.ofDays(10)), ZoneOffset.UTC);
        Path file = directory.resolve("gone.jsonl");
        try (FileStore store = builder().compactionRatio(2.0).compactionMinBytes(0).unsetRetention(Duration.ofDays(1))
                .clock(clock)
                .build()) {
            for (int i = 0; i < 20; i++) {
                store.save(Changes.builder("gone").unset(Widget.of("w" + (i % 2), i), T0.plusSeconds(i)).build());
            }
            Await.until("the deletion markers are dropped", () -> {
                try {
                    return lines(file) < 20;
                } catch (Exception e) {
                    return false;
                }
            });
            store.save(Changes.builder("gone").set(Widget.of("w9", 9), T0.plus(Duration.ofDays(10))).build());
            assertThat(store.load("gone")).extracting(Change::entityId).contains("w9");
        }
    }
}
