package org.workspaceengine.persistence.examples.readme;

import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.examples.readme.FileReadme.SystemEntity;

/** The API README's snippets. */
final class ApiReadme {

    /** An entity made by a factory. */
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

    EntityTypes registry() {
        EntityTypes types = EntityTypes.create()
                .register("system", SystemEntity.class)          // by class
                .register("job", Job::new);                      // or by factory, as the Go original does

        types.addMigration("system", "rename title to name", json -> {
            if (json.has("title")) {
                json.set("name", json.remove("title"));
            }
            return json;
        });
        return types;
    }

    void openByUri(EntityTypes types) {
        Store store = Stores.open("file:./data?durability=flush", types);
        Store cache = Stores.open("memory:");
        store.close();
        cache.close();
    }

    void deleteNamespace(Store store) {
        if (store instanceof NamespaceDeletion deletion) {
            deletion.deleteNamespace("workspace-42");     // the tenant left
        }
    }
}
