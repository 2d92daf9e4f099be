package org.workspaceengine.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An entity held as its raw JSON, without a domain class: what a {@linkplain EntityTypes#generic() generic}
 * registry returns for unregistered types, so tools can inspect and copy any store. Saving a raw entity writes
 * its JSON unchanged.
 *
 * @param entityType the entity type from the stored record
 * @param entityId the entity id from the stored record
 * @param json the entity's JSON object; treat it as read-only
 */
public record RawEntity(String entityType, String entityId, ObjectNode json) implements Entity {

    /** Validates the components. */
    public RawEntity {
        new EntityKey(entityType, entityId);
        Objects.requireNonNull(json, "json");
    }
}
