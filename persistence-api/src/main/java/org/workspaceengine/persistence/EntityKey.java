package org.workspaceengine.persistence;

import org.workspaceengine.persistence.spi.Namespaces;

/**
 * The compaction key of an entity within a namespace: its type and its id.
 *
 * @param entityType the registered entity type name
 * @param entityId the entity's id within its type
 */
public record EntityKey(String entityType, String entityId) {

    /**
     * Validates that both parts are present, non-blank, and valid Unicode text (no unpaired surrogate, which no
     * store could write).
     *
     * @param entityType the entity type
     * @param entityId the entity id
     */
    public EntityKey {
        if (entityType == null || entityType.isBlank()) {
            throw invalid("entity type", entityType);
        }
        if (entityId == null || entityId.isBlank()) {
            throw invalid("entity id of type '" + entityType + "'", entityId);
        }
        Namespaces.requireUnicode(entityType, "entity type");
        if (!Namespaces.isUnicode(entityId)) { // the message is built only when needed: a load makes many keys
            Namespaces.requireUnicode(entityId, "entity id of type '" + entityType + "'");
        }
    }

    /**
     * The key of {@code entity}: its type and id.
     *
     * @param entity the entity
     * @return the key of {@code entity}: its type and id
     */
    public static EntityKey of(Entity entity) {
        return new EntityKey(entity.entityType(), entity.entityId());
    }

    private static RuntimeException invalid(String what, String value) {
        return value == null ? new NullPointerException(what + " must not be null")
                : new IllegalArgumentException(what + " must not be blank");
    }

    @Override
    public String toString() {
        return entityType + "/" + entityId;
    }
}
