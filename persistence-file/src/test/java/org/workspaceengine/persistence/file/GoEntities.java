package org.workspaceengine.persistence.file;

import org.workspaceengine.persistence.Entity;

/** The seed's entity types, with the JSON fields the Go original's {@code oapi} types write. */
final class GoEntities {

    private GoEntities() {
    }

    record SystemEntity(String id, String name) implements Entity {
        @Override
        public String entityType() {
            return "system";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    record Resource(String id, String name, String kind) implements Entity {
        @Override
        public String entityType() {
            return "resource";
        }

        @Override
        public String entityId() {
            return id;
        }
    }
}
