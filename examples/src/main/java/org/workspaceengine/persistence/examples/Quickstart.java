package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.examples.domain.Resource;
import org.workspaceengine.persistence.examples.domain.SystemEntity;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.FileStore;

/**
 * The seed's file store usage in Java: set up a store, register entity types, save changes, load the current
 * state, compact a namespace and list namespaces.
 */
public final class Quickstart {

    private Quickstart() {
    }

    /** Runs the example in {@code dataDir} (the README uses {@code ./data}), printing to {@code out}. */
    public static void run(Path dataDir, PrintStream out) {
        // Create the store: one {namespace}.jsonl file per namespace in dataDir. Close it when done.
        try (FileStore store = FileStore.open(dataDir)) {
            // Register the entity types, so loads can turn JSON back into records.
            WorkspaceEntities.registerAll(store);

            // Save changes: one builder per namespace; each change is stamped with the current time.
            store.save(Changes.builder("workspace-1")
                    .set(new SystemEntity("sys-123", "Production System", "customer-facing services"))
                    .set(new Resource("res-456", "server-1", "EC2Instance", "i-0abc123", Map.of("region", "eu-west-1")))
                    .set(new Resource("res-789", "server-2", "EC2Instance", "i-0def456", Map.of("region", "eu-west-1")))
                    .build());
            // Later changes to the same entity supersede earlier ones; an unset deletes.
            store.save(Changes.builder("workspace-1")
                    .set(new Resource("res-456", "server-1", "EC2Instance", "i-0abc123", Map.of("region", "eu-west-2")))
                    .unset(new Resource("res-789", "server-2", "EC2Instance", "i-0def456", Map.of()))
                    .build());

            // Load: only the latest change per entity, in replay order. Unsets are deletion markers.
            for (Change change : store.load("workspace-1")) {
                if (change.isUnset()) {
                    out.println("Deleted: " + change.key());
                } else if (change.entity() instanceof SystemEntity system) {
                    out.println("System: " + system.name());
                } else if (change.entity() instanceof Resource resource) {
                    out.println("Resource: " + resource.name() + " in " + resource.metadata().get("region"));
                }
            }

            // Compact: rewrite the file with only the latest line per entity.
            store.compact("workspace-1");

            // List the namespaces that have data.
            for (String namespace : store.listNamespaces()) {
                out.println("Namespace: " + namespace);
            }
        }
    }
}
