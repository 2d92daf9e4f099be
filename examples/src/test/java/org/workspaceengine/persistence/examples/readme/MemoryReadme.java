package org.workspaceengine.persistence.examples.readme;

import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.examples.readme.FileReadme.SystemEntity;
import org.workspaceengine.persistence.memory.MemoryStore;

/** The memory store README's snippets. */
final class MemoryReadme {

    Changes basics(EntityTypes types) {
        MemoryStore store = MemoryStore.create();                    // its own, empty registry
        MemoryStore shared = MemoryStore.create(types);              // or a registry shared with other stores
        store.registerEntityType("system", SystemEntity.class);
        store.save(Changes.builder("workspace-1").set(new SystemEntity("sys-123", "Production System")).build());
        Changes state = store.load("workspace-1");
        shared.close();
        return state;
    }
}
