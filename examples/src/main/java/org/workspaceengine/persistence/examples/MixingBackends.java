package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.examples.domain.Environment;
import org.workspaceengine.persistence.examples.domain.ReleaseTarget;
import org.workspaceengine.persistence.examples.domain.RelationshipRule;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.union.ReadRepair;
import org.workspaceengine.persistence.union.UnionStore;

/**
 * Mixing backends by composition: a memory store in front of a file store, combined with a union. After a restart
 * the memory member is empty; the first load answers from the file and read-repair copies the state back into
 * memory.
 */
public final class MixingBackends {

    private MixingBackends() {
    }

    /** Runs the example with its file store in {@code fileDir}. */
    public static void run(Path fileDir, PrintStream out) {
        EntityTypes types = WorkspaceEntities.registry();

        // First run of the service: saves reach both members.
        try (UnionStore store = UnionStore.builder()
                .member("memory", MemoryStore.create(types))
                .member("file", FileStore.builder(fileDir).entityTypes(types).build())
                .build()) {
            store.save(Changes.builder("workspace-5")
                    .set(new Environment("env-prod", "production", "sys-1"))
                    .set(new ReleaseTarget("rt-1", "res-456", "env-prod", "dep-web"))
                    .set(new RelationshipRule("rr-1", "runs-on", "deployment", "resource"))
                    .build());
        }

        // After a restart: the memory member starts empty, the file still has everything.
        MemoryStore memory = MemoryStore.create(types);
        try (UnionStore store = UnionStore.builder()
                .member("memory", memory)
                .member("file", FileStore.builder(fileDir).entityTypes(types).build())
                .readRepair(ReadRepair.INLINE)
                .build()) {
            out.println("Memory before the first load: " + memory.count("workspace-5") + " entities");
            out.println("Union loaded " + store.load("workspace-5").size() + " entities");
            out.println("Memory after read-repair: " + memory.count("workspace-5") + " entities");
        }
    }
}
