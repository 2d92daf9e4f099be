package org.workspaceengine.persistence;

import java.util.Objects;

/**
 * The compaction key of an entity within a namespace: its type and its id.
 *
 * @param entityType the registered entity type name
 * @param entityId the entity's id within its type
 */
public record EntityKey(String entityType, String entityId) {

    /** Validates that both parts are present and non-blank. */
    public EntityKey {
        requireText(entityType, "entity type");
        requireText(entityId, "entity id of type '" + entityType + "'");
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, () -> what + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return entityType + "/" + entityId;
    }
}
