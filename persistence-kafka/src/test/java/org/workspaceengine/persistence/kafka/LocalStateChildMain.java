package org.workspaceengine.persistence.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;

/**
 * The child JVM of {@link LocalStateCrashTest} and {@link LocalStateLockTest}: a store with a local state directory
 * that catches up, churns, holds the directory or tries to open it, until the test kills it.
 *
 * <p>Arguments: {@code mode servers topic directory transactional [seed]}, the mode being {@code catchup} (loads every
 * namespace and lists them, again and again, in small polls), {@code churn} (saves a few random changes and loads a namespace, again and
 * again: a checkpoint each time), {@code hold} (opens, loads, and waits for its input to end) or {@code open} (prints
 * {@code OPENED} or {@code REFUSED: message}). It prints {@code READY} when the test may kill it.
 */
public final class LocalStateChildMain {

    private LocalStateChildMain() {
    }

    /** Runs the mode of {@code args}. */
    public static void main(String[] args) throws IOException {
        String mode = args[0];
        ViewCatchUp.lazyCheckpointBytes = 0; // a checkpoint per catch-up, so that kills land within them too
        KafkaStoreBuilder builder = KafkaStore.builder().bootstrapServers(args[1]).topic(args[2]).replicationFactor(1).partitions(2)
                .entityTypes(org.workspaceengine.persistence.tck.TestEntities.registry())
                .localState(Path.of(args[3])).transactional(Boolean.parseBoolean(args[4]));
        if (mode.equals("catchup")) {
            builder.clientProperty("max.poll.records", 200);
        }
        if (Boolean.parseBoolean(args[4])) {
            // One id for every child of a topic: the next child's producer fences a killed one and aborts its open
            // transaction at once, rather than leaving it to hold back read-committed readers until it times out.
            builder.clientProperty("transactional.id", "local-state-child-" + args[2]);
        }
        if (mode.equals("open")) {
            try (KafkaStore store = builder.build()) {
                System.out.println("OPENED " + store.topic());
            } catch (PersistenceException e) {
                System.out.println("REFUSED: " + e.getMessage());
            }
            System.out.flush();
            return;
        }
        KafkaStore store = builder.build();
        switch (mode) {
            case "hold" -> {
                store.load("ns-0");
                System.out.println("READY");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // Holds the directory until the test closes our input or kills us.
                }
                store.close();
            }
            case "catchup" -> {
                // Many small polls, writes and checkpoints per catch-up, so that a kill lands between and within them.
                ViewCatchUp.bufferedBytes = 32 << 10;
                ViewCatchUp.checkpointBytes = 256 << 10;
                boolean[] told = {false};
                ProgressListener catchingUp = new ProgressListener() {
                    @Override
                    public void onBatch(Task task, long completed) {
                        if (!told[0]) {
                            told[0] = true;
                            System.out.println("READY catching up");
                            System.out.flush();
                        }
                    }
                };
                while (true) {
                    for (int namespace = 0; namespace < 8; namespace++) {
                        store.load("ns-" + namespace, catchingUp);
                    }
                    store.listNamespaces();
                }
            }
            case "churn" -> {
                Random random = new Random(Long.parseLong(args[5]));
                boolean ready = false;
                while (true) {
                    store.save(LocalStates.randomChanges(random, 50, 6, 30));
                    store.load("ns-" + random.nextInt(6));
                    if (!ready) {
                        System.out.println("READY");
                        System.out.flush();
                        ready = true;
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
