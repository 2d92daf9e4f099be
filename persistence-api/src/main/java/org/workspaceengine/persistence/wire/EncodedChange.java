package org.workspaceengine.persistence.wire;

import java.time.Instant;
import java.util.Objects;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.EntityKey;

/**
 * A change as read from the wire, with its entity still as JSON bytes: what backends hold while they compact, so
 * that only each entity's winning version is ever deserialized ({@link WireFormat#decode(EncodedChange)}).
 *
 * @param namespace the record's namespace
 * @param changeType set or unset
 * @param entityType the record's entity type
 * @param entityId the record's entity id
 * @param timestamp the record's timestamp
 * @param entityJson the UTF-8 JSON of the entity, exactly as stored; treat it as read-only
 */
public record EncodedChange(String namespace, ChangeType changeType, String entityType, String entityId,
                            Instant timestamp, byte[] entityJson) {

    /**
     * Validates the components.
     *
     * @param namespace the namespace
     * @param changeType the change type
     * @param entityType the entity type
     * @param entityId the entity id
     * @param timestamp the change's timestamp
     * @param entityJson the entity json
     */
    public EncodedChange {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(entityJson, "entityJson");
    }

    /**
     * The compaction key of the entity.
     *
     * @return the compaction key of the entity
     */
    public EntityKey key() {
        return new EntityKey(entityType, entityId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedChange that && namespace.equals(that.namespace)
                && changeType == that.changeType && entityType.equals(that.entityType)
                && entityId.equals(that.entityId) && timestamp.equals(that.timestamp)
                && java.util.Arrays.equals(entityJson, that.entityJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, changeType, entityType, entityId, timestamp)
                * 31 + java.util.Arrays.hashCode(entityJson);
    }

    @Override
    public String toString() {
        return "EncodedChange[" + namespace + " " + changeType.wireName() + " " + entityType + "/" + entityId + " @"
                + WireFormat.formatTimestamp(timestamp) + " (" + entityJson.length + " bytes)]";
    }
}
