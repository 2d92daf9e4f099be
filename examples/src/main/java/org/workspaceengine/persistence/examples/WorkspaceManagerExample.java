package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.workspaceengine.persistence.examples.domain.Job;
import org.workspaceengine.persistence.examples.domain.JobAgent;
import org.workspaceengine.persistence.examples.domain.Release;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.examples.manager.Workspace;
import org.workspaceengine.persistence.examples.manager.WorkspaceManager;
import org.workspaceengine.persistence.file.FileStore;

/**
 * A workspace manager configured with a persistent store (the seed's {@code manager.Configure(
 * manager.WithPersistentStore(fileStore))}): it gets-or-loads workspaces, keeps them in memory and persists their
 * changes. Any store works here: memory in tests, Kafka or a union in production.
 */
public final class WorkspaceManagerExample {

    private WorkspaceManagerExample() {
    }

    /** Runs the example on a file store in {@code dataDir}. */
    public static void run(Path dataDir, PrintStream out) {
        try (FileStore fileStore = FileStore.open(dataDir)) {
            WorkspaceEntities.registerAll(fileStore);

            // Configure the manager to use the file store.
            WorkspaceManager manager = WorkspaceManager.configure(WorkspaceManager.withPersistentStore(fileStore));

            // Use as normal: the first getOrLoad reads the store, later ones hit the cache.
            Workspace ws = manager.getOrLoad("workspace-3");
            ws.upsert(new JobAgent("agent-1", "github-runner", "github-actions"));
            ws.upsert(new Release("rel-1", "dep-api", "v1.4.2", Map.of("replicas", "3")));
            ws.upsert(new Job("job-1", "rel-1", "agent-1", "pending"));
            ws.upsert(new Job("job-1", "rel-1", "agent-1", "successful"));
            out.println("Persisted " + manager.persist(ws) + " changes of " + ws.id());

            // Drop it from memory, as a restarted service would, and load it again from the store.
            manager.evict("workspace-3");
            Workspace reloaded = manager.getOrLoad("workspace-3");
            out.println("Reloaded " + reloaded.id() + ": " + reloaded.size() + " entities, job-1 is "
                    + reloaded.get(Job.TYPE, "job-1", Job.class).map(Job::status).orElse("missing"));
        }
    }
}
