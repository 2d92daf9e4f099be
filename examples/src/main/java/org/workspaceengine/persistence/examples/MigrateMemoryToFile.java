package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.examples.domain.Deployment;
import org.workspaceengine.persistence.examples.domain.Environment;
import org.workspaceengine.persistence.examples.domain.SystemEntity;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.memory.MemoryStore;

/** Migrating a memory store to a file store: load each namespace from memory and save it to files. */
public final class MigrateMemoryToFile {

    private MigrateMemoryToFile() {
    }

    /** Fills a memory store, migrates it into a file store in {@code fileDir}, and checks the result. */
    public static void run(Path fileDir, PrintStream out) {
        EntityTypes types = WorkspaceEntities.registry();

        // An existing memory store, as a service that ran without persistence would have.
        try (MemoryStore memory = MemoryStore.create(types)) {
            memory.save(Changes.builder("workspace-2")
                    .set(new SystemEntity("sys-1", "Payments", "card processing"))
                    .set(new Environment("env-staging", "staging", "sys-1"))
                    .set(new Environment("env-prod", "production", "sys-1"))
                    .set(new Deployment("dep-api", "payments-api", "payments-api", "sys-1", "agent-1"))
                    .build());

            // Migrate: the loaded changes keep their timestamps, so the file store holds the same state.
            try (FileStore files = FileStore.builder(fileDir).entityTypes(types).build()) {
                for (String namespace : memory.listNamespaces()) {
                    files.save(memory.load(namespace));
                }
                for (String namespace : files.listNamespaces()) {
                    boolean same = files.load(namespace).equals(memory.load(namespace));
                    out.println("Migrated " + namespace + ": " + files.load(namespace).size() + " entities"
                            + (same ? ", identical to memory" : ", DIFFERENT from memory"));
                }
            }
        }
    }
}
