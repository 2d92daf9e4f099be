package org.workspaceengine.persistence;

import java.time.Instant;
import java.util.Objects;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * One change to one entity in one namespace: an immutable value.
 *
 * <p>A {@link ChangeType#SET set} says the entity exists with the given content; an {@link ChangeType#UNSET unset}
 * says it was deleted. Loads return unsets too: they are deletion markers, so that a union of stores never
 * resurrects an entity that one of them deleted.
 *
 * @param namespace the namespace (for example a workspace id); any non-empty string
 * @param changeType set or unset
 * @param entity the entity; for an unset, the entity as it was deleted (only its key matters)
 * @param timestamp when the change happened, within years 0000-9999 (UTC) as RFC 3339 timestamps are; the latest
 *     timestamp per entity wins on load
 */
public record Change(String namespace, ChangeType changeType, Entity entity, Instant timestamp) {

    /**
     * Validates every component, including the entity's key.
     *
     * @param namespace the namespace
     * @param changeType the change type
     * @param entity the entity
     * @param timestamp the change's timestamp
     * @throws IllegalArgumentException if the timestamp is outside years 0000-9999, or the entity's type or id is
     *     blank or not valid Unicode text
     * @throws InvalidNamespaceException if the namespace is not valid
     */
    public Change {
        Namespaces.requireValid(namespace);
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(timestamp, "timestamp");
        WireFormat.requireTimestampInRange(timestamp);
        EntityKey.of(entity); // fails fast on a blank type or id
    }

    /**
     * A change that sets {@code entity} in {@code namespace} at {@code timestamp}.
     *
     * @param namespace the namespace
     * @param entity the entity
     * @param timestamp the change's timestamp
     * @return a change that sets {@code entity} in {@code namespace} at {@code timestamp}
     */
    public static Change set(String namespace, Entity entity, Instant timestamp) {
        return new Change(namespace, ChangeType.SET, entity, timestamp);
    }

    /**
     * A change that unsets (deletes) {@code entity} in {@code namespace} at {@code timestamp}.
     *
     * @param namespace the namespace
     * @param entity the entity
     * @param timestamp the change's timestamp
     * @return a change that unsets (deletes) {@code entity} in {@code namespace} at {@code timestamp}
     */
    public static Change unset(String namespace, Entity entity, Instant timestamp) {
        return new Change(namespace, ChangeType.UNSET, entity, timestamp);
    }

    /**
     * The entity's type.
     *
     * @return the entity's type
     */
    public String entityType() {
        return entity.entityType();
    }

    /**
     * The entity's id.
     *
     * @return the entity's id
     */
    public String entityId() {
        return entity.entityId();
    }

    /**
     * The entity's compaction key.
     *
     * @return the entity's compaction key
     */
    public EntityKey key() {
        return EntityKey.of(entity);
    }

    /**
     * Whether this change deletes its entity.
     *
     * @return whether this change deletes its entity
     */
    public boolean isUnset() {
        return changeType == ChangeType.UNSET;
    }
}
