package org.workspaceengine.persistence;

import java.util.Map;

public final class TestEntities {

    private TestEntities() {
    }

    public record SystemEntity(String id, String name) implements Entity {
        @Override
        public String entityType() {
            return "system";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    public record Resource(String id, String name, String kind, Map<String, String> labels) implements Entity {
        @Override
        public String entityType() {
            return "resource";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /** A mutable bean, registered by factory as in the seed. */
    public static final class Job implements Entity {
        private String id;
        private String status;

        /** An empty job, for the factory registration. */
        public Job() {
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        @Override
        public String entityType() {
            return "job";
        }

        @Override
        public String entityId() {
            return id;
        }
    }
}
