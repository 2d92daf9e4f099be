package org.workspaceengine.persistence.wire;

import java.time.Instant;
import org.workspaceengine.persistence.ChangeType;

/**
 * The envelope of the line that {@link WireFormat#decodeEnvelopes} is reporting: valid only during the visitor's
 * call (the reader reuses it for the next line). A string equal to the same field of an earlier line of the region
 * may be the same instance, and the timestamp is given as numbers, so that reading millions of lines builds little.
 */
public interface LineEnvelope {

    /**
     * The change's namespace.
     *
     * @return the namespace
     */
    String namespace();

    /**
     * Set or unset.
     *
     * @return the change type
     */
    ChangeType changeType();

    /**
     * The entity type.
     *
     * @return the entity type
     */
    String entityType();

    /**
     * The entity id; for a line read in the exact shape this format writes, built on this call.
     *
     * @return the entity id
     */
    String entityId();

    /**
     * Where the entity id's characters are in the bytes being read, when the line was read in the exact shape this
     * format writes: then they are printable ASCII without escapes, one byte per character, and a reader that keeps
     * keys can look them up without building {@link #entityId()}.
     *
     * @return the offset of the id's first byte, or -1 for a line read otherwise
     */
    int entityIdOffset();

    /**
     * The length of the entity id, when {@link #entityIdOffset()} is not -1.
     *
     * @return the id's length in bytes, or 0
     */
    int entityIdLength();

    /**
     * The timestamp's seconds since the epoch, as {@link Instant#getEpochSecond()}.
     *
     * @return the epoch second
     */
    long epochSecond();

    /**
     * The timestamp's nanoseconds within its second, as {@link Instant#getNano()}.
     *
     * @return the nanosecond
     */
    int nano();

    /**
     * The timestamp.
     *
     * @return the change's timestamp
     */
    default Instant timestamp() {
        return Instant.ofEpochSecond(epochSecond(), nano());
    }

    /**
     * Where the entity's JSON starts in the bytes being read, when the line was read in the exact shape this format
     * writes, every byte checked as a full decode checks it: then {@link WireFormat#decodeEntity} of those bytes
     * and this envelope decodes the change as a decode of the whole line would, without reading it again.
     *
     * @return the offset of the entity's first byte, or -1 for a line read otherwise
     */
    int entityOffset();

    /**
     * The length of the entity's JSON, when {@link #entityOffset()} is not -1.
     *
     * @return the entity's length in bytes, or 0
     */
    int entityLength();
}
