package org.workspaceengine.persistence.examples.readme;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.Map;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityRepository;
import org.workspaceengine.persistence.RepositoryRouter;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.file.FileStore;

/** The root README's snippets. */
final class RootReadme {

    record SystemEntity(String id, String name, String description) implements Entity {
        public String entityType() { return "system"; }
        public String entityId() { return id; }
    }

    record Resource(String id, String name, String kind, String instanceId, Map<String, String> labels)
            implements Entity {
        public String entityType() { return "resource"; }
        public String entityId() { return id; }
    }

    static final class Job implements Entity {
        public String id = "";

        @Override
        public String entityType() {
            return "job";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    void quickstart() {
        // Create store
        try (FileStore store = FileStore.open(Path.of("./data/persistence"))) {

            // Register entity types (required for deserializing)
            store.registerEntityType("system", SystemEntity.class);
            store.registerEntityType("resource", Resource.class);
            store.registerEntityType("job", Job::new);          // or by factory, as the Go registry does
            // ... register all entity types you need

            Changes changes = Changes.builder("workspace-1")
                    .set(new SystemEntity("sys-123", "Production System", ""))
                    .set(new Resource("res-456", "server-1", "EC2Instance", "i-0abc", Map.of()))
                    .build();

            store.save(changes);

            // Load all entities for a namespace: already compacted, the latest state per entity, in replay order
            for (Change change : store.load("workspace-1")) {
                if (change.entity() instanceof SystemEntity system) {
                    System.out.println("System: " + system.name());
                } else if (change.entity() instanceof Resource resource) {
                    System.out.println("Resource: " + resource.name());
                }
            }

            store.compact("workspace-1");                       // rewrite the namespace file without superseded lines
            for (String namespace : store.listNamespaces()) {
                System.out.println("Namespace: " + namespace);
            }
        }
    }

    void applyLoad(Store store, EntityRepository<SystemEntity> systems, EntityRepository<Resource> resources) {
        RepositoryRouter router = RepositoryRouter.builder()
                .route("system", SystemEntity.class, systems)    // EntityRepository<SystemEntity>: put / remove
                .route("resource", Resource.class, resources)
                .build();
        router.apply(store.load("workspace-1"));                // set -> put, unset -> remove
    }

    void openByUri() {
        Store store = Stores.open("file:./data?durability=flush");
        Store kafka = Stores.open("kafka://127.0.0.1:9092/workspace-changes?partitions=6");
        Store both  = Stores.open("union:?member=" + URLEncoder.encode("kafka://127.0.0.1:9092/changes", UTF_8)
                + "&member=" + URLEncoder.encode("file:./backup", UTF_8) + "&writePolicy=atLeast:1"
                + "&backlog=" + URLEncoder.encode("./union-backlog", UTF_8));
    }
}
