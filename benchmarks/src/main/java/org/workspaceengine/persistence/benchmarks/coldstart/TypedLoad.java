package org.workspaceengine.persistence.benchmarks.coldstart;

import java.nio.file.Path;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.file.FileStore;

/**
 * What a service does when it restarts, run as a whole process: opens a {@link FileStore}, registers a record type,
 * loads one namespace and prints how many changes it holds. Arguments: the directory, the namespace.
 */
public final class TypedLoad {

    private TypedLoad() {
    }

    public static void main(String[] args) {
        EntityTypes types = EntityTypes.create().register("item", Item.class);
        try (FileStore store = FileStore.builder(Path.of(args[0])).entityTypes(types).build()) {
            System.out.println(store.load(args[1]).size());
        }
    }
}
