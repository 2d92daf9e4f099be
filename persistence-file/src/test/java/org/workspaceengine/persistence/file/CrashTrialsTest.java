package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Crash trials: a writer in a child JVM saves in a loop and prints each save that returned; the test kills it with
 * SIGKILL at a random moment, then checks that every acknowledged save is present, the file loads, and a following
 * save gives a loadable file. Trials per test: {@value #DEFAULT_SAVE_TRIALS} while saving,
 * {@value #DEFAULT_COMPACTION_TRIALS} while also compacting and {@value #DEFAULT_DELETION_TRIALS} while filling and
 * deleting a namespace; the system property {@code persistence.file.crashTrials} multiplies them. A failure names its
 * seed.
 */
@Timeout(900)
class CrashTrialsTest {

    static final int DEFAULT_SAVE_TRIALS = 30;
    static final int DEFAULT_COMPACTION_TRIALS = 10;
    static final int DEFAULT_DELETION_TRIALS = 15;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedSaveSurvivesAKillDuringSaves() throws Exception {
        runTrials("save", DEFAULT_SAVE_TRIALS * multiplier(), 1L);
    }

    @Test
    void everyAcknowledgedSaveSurvivesAKillDuringCompactions() throws Exception {
        runTrials("compact", DEFAULT_COMPACTION_TRIALS * multiplier(), 2L);
    }

    @Test
    void aKillDuringNamespaceDeletionsLeavesTheWholeNamespaceOrNoneOfIt() throws Exception {
        Path directory = work.resolve("delete");
        long seed = 3L;
        Random random = new Random(seed);
        int trials = DEFAULT_DELETION_TRIALS * multiplier();
        int whole = 0;
        for (int trial = 0; trial < trials; trial++) {
            Durability durability = trial % 2 == 0 ? Durability.FSYNC : Durability.FLUSH;
            long first = trial * 1_000_000L;
            int killAfterMillis = 10 + random.nextInt(400);
            String context = "deletion trial " + trial + " of seed " + seed + " (" + durability + ", kill after "
                    + killAfterMillis + " ms)";
            List<String> printed;
            try (ChildJvm child = ChildJvm.start(CrashDeleterMain.class, work.resolve("delete-" + trial + ".log"),
                    directory.toString(), durability.name(), Long.toString(first))) {
                child.awaitLine("ready", CHILD_TIMEOUT);
                Thread.sleep(killAfterMillis); // the random moment of the crash
                child.kill();
                printed = child.drain();
            }
            whole += checkDeletion(directory, context, printed) ? 1 : 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(NamespaceFileNames.DELETED_SUFFIX));
        }
        System.err.println("delete: " + trials + " crash trials passed; " + whole
                + " of them were killed during a deletion that left the namespace whole");
    }

    /**
     * Checks the namespace after a kill: it holds one round at most; a round whose deletion returned is gone; a
     * round whose deletion was under way is whole or gone. Then deletes what is left, for the next trial.
     *
     * @return whether a deletion under way left the round whole
     */
    private static boolean checkDeletion(Path directory, String context, List<String> printed) {
        long saved = lastRound(printed, "saved ");
        long deleted = lastRound(printed, "deleted ");
        try (FileStore store = open(directory)) {
            Changes loaded = store.load(CrashDeleterMain.NAMESPACE);
            Set<String> rounds = loaded.stream().map(c -> ((Widget) c.entity()).labels().get("round"))
                    .collect(Collectors.toSet());
            assertThat(rounds).as("%s: rounds in the namespace", context).hasSizeLessThanOrEqualTo(1);
            boolean wasWhole = false;
            if (saved >= 0 && saved > deleted) {
                // Killed while deleting round 'saved' (or just before): all of it, or none.
                if (!loaded.isEmpty()) {
                    assertThat(rounds).as(context).containsExactly(Long.toString(saved));
                    assertThat(loaded).as("%s: the round under deletion", context)
                            .hasSize(CrashDeleterMain.ENTITIES);
                    wasWhole = true;
                }
            } else if (deleted >= 0) {
                assertThat(rounds).as("%s: a round whose deletion returned is gone", context)
                        .doesNotContain(Long.toString(deleted));
            }
            store.deleteNamespace(CrashDeleterMain.NAMESPACE);
            return wasWhole;
        }
    }

    private static long lastRound(List<String> printed, String prefix) {
        return printed.stream().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length()))).max().orElse(-1);
    }

    private static int multiplier() {
        return Math.max(1, Integer.getInteger("persistence.file.crashTrials", 1));
    }

    private void runTrials(String mode, int trials, long seed) throws Exception {
        Path directory = work.resolve(mode);
        Random random = new Random(seed);
        int torn = 0;
        for (int trial = 0; trial < trials; trial++) {
            Durability durability = trial % 2 == 0 ? Durability.FSYNC : Durability.FLUSH;
            long first = trial * 1_000_000L;
            int killAfterMillis = 10 + random.nextInt(mode.equals("compact") ? 600 : 300);
            String context = mode + " trial " + trial + " of seed " + seed + " (" + durability + ", kill after "
                    + killAfterMillis + " ms)";
            List<String> acknowledged;
            try (ChildJvm child = ChildJvm.start(CrashWriterMain.class, work.resolve(mode + "-" + trial + ".log"),
                    directory.toString(), mode, durability.name(), Long.toString(first))) {
                child.awaitLine("ready", CHILD_TIMEOUT);
                Thread.sleep(killAfterMillis); // the random moment of the crash
                child.kill();
                acknowledged = child.drain();
            }
            Path rejected = directory.resolve("crash.jsonl.rejected");
            long rejectedBefore = Files.exists(rejected) ? Files.size(rejected) : 0;
            check(directory, context, acknowledged, first, trial);
            torn += (Files.exists(rejected) ? Files.size(rejected) : 0) > rejectedBefore ? 1 : 0;
        }
        try (FileStore store = open(directory)) {
            assertThat(store.load(CrashWriterMain.NAMESPACE)).isNotEmpty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
        System.err.println(mode + ": " + trials + " crash trials passed; " + torn + " of them left a torn last line");
    }

    private static FileStore open(Path directory) {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).autoCompaction(false).build();
    }

    private void check(Path directory, String context, List<String> lines, long first, int trial) {
        Set<Long> acked = lines.stream().filter(line -> line.startsWith("ok ")).map(line -> Long.parseLong(
                line.substring(3))).collect(Collectors.toSet());
        long maxAcked = acked.stream().mapToLong(Long::longValue).max().orElse(-1);
        try (FileStore store = open(directory)) {
            Changes loaded = store.load(CrashWriterMain.NAMESPACE);
            Set<String> ids = loaded.stream().map(Change::entityId).collect(Collectors.toSet());
            for (long i : acked) {
                assertThat(ids).as("%s: acknowledged save %d is present", context, i).contains("u-" + i);
            }
            if (maxAcked >= 0) {
                Widget hot = (Widget) loaded.stream().filter(c -> c.entityId().equals("hot")).findFirst()
                        .orElseThrow().entity();
                assertThat(Long.parseLong(hot.labels().get("i"))).as("%s: hot entity", context)
                        .isGreaterThanOrEqualTo(maxAcked);
            }
            store.save(Changes.builder(CrashWriterMain.NAMESPACE)
                    .set(Widget.of("after-" + trial, trial), Instant.EPOCH).build());
        }
        try (FileStore store = open(directory)) {
            assertThat(store.load(CrashWriterMain.NAMESPACE)).as("%s: loads after the following save", context)
                    .anyMatch(c -> c.entityId().equals("after-" + trial));
        }
    }
}
