package org.workspaceengine.persistence.kafka;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash trials: a child JVM with a local state directory is killed with SIGKILL at a random moment, then a store
 * opened on the same directory must answer every load, listing and count exactly as a store reading the log does.
 * In {@code catchup} trials the child is killed while it catches up records saved just before it started (appending
 * to view files, or checkpointing at the end); in {@code churn} trials, in transactional mode, it saves and loads in
 * a loop, so each load writes a checkpoint and the kill often lands in one. {@value #DEFAULT_TRIALS} trials of each
 * by default; set {@code kafka.localState.crashTrials} for more. A failure names its seed and trial.
 */
class LocalStateCrashTest {

    private static final int DEFAULT_TRIALS = 10;
    private static final long SEED = 1818L;

    @TempDir
    Path state;

    @Test
    void aViewKilledDuringCatchUpServesTheLogsStateWhenReopened() throws Exception {
        runTrials("catchup", false, 300);
    }

    @Test
    void aViewKilledDuringCheckpointingServesTheLogsStateWhenReopened() throws Exception {
        runTrials("churn", true, 1_500);
    }

    private void runTrials(String mode, boolean transactional, int maxKillMillis) throws Exception {
        int trials = Integer.getInteger("kafka.localState.crashTrials", DEFAULT_TRIALS);
        Random random = new Random(SEED);
        int caughtMidway = 0;
        String topic = Brokers.uniqueTopic("local-crash-" + mode);
        try (KafkaStore log = LocalStates.ready(LocalStates.store(topic, null).transactional(transactional)
                .build())) {
            for (int trial = 0; trial < trials; trial++) {
                if (mode.equals("catchup")) {
                    for (int save = 0; save < 10; save++) {
                        log.save(LocalStates.randomChanges(random, 500, 8, 200));
                    }
                }
                int killAfterMillis = random.nextInt(maxKillMillis);
                String context = mode + " trial " + trial + " of seed " + SEED + " (kill " + killAfterMillis
                        + " ms after READY: the first batch of a catch-up, or the first checkpointed load)";
                try (LocalStateChild child = LocalStateChild.start(mode, topic, state, transactional,
                        SEED * 1000 + trial)) {
                    child.await("READY", 120);
                    TimeUnit.MILLISECONDS.sleep(killAfterMillis); // the random moment of the crash
                    child.kill();
                }
                if (leftPastTheCheckpoint()) {
                    caughtMidway++;
                }
                try (KafkaStore reopened = LocalStates.store(topic, state).transactional(transactional).build()) {
                    LocalStates.assertSameAnswers(reopened, log, context);
                }
            }
        }
        System.err.println(mode + ": " + trials + " crash trials passed; " + caughtMidway + " of them were killed "
                + "after writing past their last checkpoint (view bytes, files or a checkpoint not yet renamed)");
    }

    /** Whether the view holds anything its checkpoint does not count: the child died between two checkpoints. */
    private boolean leftPastTheCheckpoint() throws java.io.IOException {
        try (java.util.stream.Stream<Path> partitions = java.nio.file.Files.list(state)) {
            for (Path directory : partitions.filter(java.nio.file.Files::isDirectory).toList()) {
                ViewCheckpoint checkpoint = ViewCheckpoint.read(directory);
                java.util.Set<String> named = new java.util.HashSet<>(java.util.Set.of(ViewCheckpoint.FILE_NAME));
                if (checkpoint != null) {
                    for (ViewCheckpoint.NamespaceFile file : checkpoint.namespaces()) {
                        named.add(file.file());
                        if (java.nio.file.Files.size(directory.resolve(file.file())) > file.length()) {
                            return true;
                        }
                    }
                }
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory)) {
                    if (files.anyMatch(file -> !named.contains(file.getFileName().toString()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
