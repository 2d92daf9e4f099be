package org.workspaceengine.persistence.examples.readme;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.file.CompactionScheduler;
import org.workspaceengine.persistence.file.Durability;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.union.UnionStore;

/** The file store README's snippets; its entity records serve the other modules' snippets too. */
@SuppressWarnings("try") // a try-with-resources whose resource the block does not name again
final class FileReadme {

    record SystemEntity(String id, String name) implements Entity {
        public String entityType() { return "system"; }
        public String entityId() { return id; }
    }

    record Resource(String id, String name, String kind) implements Entity {
        public String entityType() { return "resource"; }
        public String entityId() { return id; }
    }

    /** An entity made by a factory, as the Go registry makes them. */
    static final class Deployment implements Entity {
        public String id = "";

        @Override
        public String entityType() {
            return "deployment";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /** Whatever a service draws progress with. */
    interface ProgressBar {
        void setMax(long max);

        void setValue(long value);

        void done();
    }

    void basicSetup() {
        // Create the store (the directory is created if absent; the store locks it until closed)
        try (FileStore store = FileStore.open(Path.of("./data/persistence"))) {

            // Register entity types (required to read them back)
            store.registerEntityType("system", SystemEntity.class);
            store.registerEntityType("resource", Resource.class);
            store.registerEntityType("deployment", Deployment::new);   // or by factory, as the Go store does
            // ... register all entity types you need
        }
    }

    FileStore builder(EntityTypes types, ObjectMapper myMapper) {
        FileStore store = FileStore.builder(Path.of("./data/persistence"))
                .durability(Durability.FLUSH)          // NONE, FLUSH or FSYNC (default)
                .entityTypes(types)                    // a registry shared with other stores
                .objectMapper(myMapper)                // your Jackson modules and naming strategy
                .compactionRatio(4.0)                  // lines per live entity that trigger a background compaction
                .compactionMinBytes(16 << 20)          // ... of files of at least this size (both the defaults)
                .unsetRetention(Duration.ofDays(30))   // let compaction drop deletion markers older than 30 days
                .lenient(false)                        // true: skip corrupt lines with a warning
                .build();
        return store;
    }

    Store uri(EntityTypes types) {
        Store store = Stores.open(URI.create("file:./data?durability=flush&lenient=true"), types);
        return store;
    }

    void save(FileStore store) {
        Changes changes = Changes.builder("workspace-1")
                .set(new SystemEntity("sys-123", "Production System"))
                .set(new Resource("res-456", "server-1", "EC2Instance"))
                .build();

        store.save(changes);   // returns once the lines are on disk (FSYNC)
    }

    void load(FileStore store) {
        // Load all entities of a namespace
        Changes changes = store.load("workspace-1");

        // Changes are already compacted - only the latest state per entity, in replay order
        for (Change change : changes) {
            if (change.entity() instanceof SystemEntity system) {
                System.out.println("System: " + system.name());
            } else if (change.entity() instanceof Resource resource) {
                System.out.println("Resource: " + resource.name());
            }
        }

        // Compact a namespace file to reduce disk space
        store.compact("workspace-1");

        for (String namespace : store.listNamespaces()) {
            System.out.println("Namespace: " + namespace);
        }

        try (CompactionScheduler hourly = CompactionScheduler.start(store, Duration.ofHours(1))) {
            // ... run the service ...
        }
    }

    void backupAndRestore(EntityTypes types) {
        // Backup
        try (FileStore live = FileStore.builder(Path.of("./data/live")).entityTypes(types).build();
             FileStore backup = FileStore.builder(Path.of("./data/backup")).entityTypes(types).build()) {
            for (String namespace : live.listNamespaces()) {
                backup.save(live.load(namespace));
            }

            // Restore
            live.save(backup.load("workspace-1"));
        }
    }

    void migrate(EntityTypes types, KafkaStore kafkaStore) {
        MemoryStore memory = MemoryStore.create(types);
        try (FileStore file = FileStore.builder(Path.of("./data")).entityTypes(types).build()) {
            file.save(memory.load("workspace-1"));
        }

        Store redundant = UnionStore.of(kafkaStore, FileStore.open(Path.of("./backup")));

        try (FileStore inspect = FileStore.builder(Path.of("/var/lib/service/data"))
                .entityTypes(EntityTypes.generic()).readOnly(true).build()) {
            inspect.listNamespaces().forEach(ns -> System.out.println(ns + ": " + inspect.load(ns).size()));
        }
    }

    void progress(FileStore store, ProgressBar bar, ProgressListener listener) {
        store.load("workspace-1", new ProgressListener() {
            public void onStart(Task task) { bar.setMax(task.expectedTotal()); }        // the file size in bytes
            public void onBatch(Task task, long completed) { bar.setValue(completed); } // about every 256 KiB read
            public void onEnd(Task task, long completed) { bar.done(); }
        });
        store.compact("workspace-1", listener);  // the same, while compaction reads the file
    }
}
