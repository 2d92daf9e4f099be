package org.workspaceengine.persistence.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.examples.domain.Job;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.CompactionScheduler;
import org.workspaceengine.persistence.file.FileStore;

/**
 * Periodic compaction, as the seed recommends: files grow with each write, so a scheduler compacts every namespace
 * on an interval (hourly in production).
 */
public final class PeriodicCompaction {

    private PeriodicCompaction() {
    }

    /** Writes many versions of a few jobs into {@code dataDir}, then lets the scheduler compact them. */
    public static void run(Path dataDir, PrintStream out) {
        try (FileStore store = FileStore.open(dataDir)) {
            WorkspaceEntities.registerAll(store);
            for (int i = 0; i < 200; i++) {
                store.save(Changes.builder("workspace-jobs")
                        .set(new Job("job-" + (i % 5), "rel-1", "agent-1", "attempt-" + i))
                        .build());
            }
            Path file = dataDir.resolve("workspace-jobs.jsonl");
            out.println("Before compaction: " + lines(file) + " lines");

            // In a service: CompactionScheduler.start(store, Duration.ofHours(1)), closed on shutdown.
            try (CompactionScheduler scheduler = CompactionScheduler.start(store, Duration.ofHours(1))) {
                // runNow() is the pass the schedule runs, without waiting an hour; it returns the failures.
                int failures = scheduler.runNow();
                out.println("Compacted " + store.listNamespaces().size() + " namespaces, " + failures + " failures");
            }
            out.println("After compaction: " + lines(file) + " lines");
        }
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
