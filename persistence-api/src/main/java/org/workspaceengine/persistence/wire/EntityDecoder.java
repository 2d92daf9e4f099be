package org.workspaceengine.persistence.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.Entity;

/**
 * {@link WireFormat#decodeEntity} of many entities held in one buffer in ascending order, one after another, each
 * followed by a newline: one parser reads entity after entity, where a decode each would build a parser each
 * (which costs more than a small entity itself); a plain record needs none (see {@link WireFormat}), and the short
 * strings of the plain records one decoder reads are shared: equal values, one instance. Otherwise the same results
 * and exceptions as {@link WireFormat#decodeEntity}; not thread-safe. Made by {@link WireFormat#entityDecoder}.
 */
public final class EntityDecoder implements AutoCloseable {

    private final WireFormat format;
    private final byte[] bytes;
    private final int end;
    private final String[] strings = PlainRecordReader.stringCache();
    private JsonParser parser;
    /** Where the parser's bytes start, and where the entity it read last ends. */
    private int parserStart;
    private int parserAt = -1;
    /** How many parsers this decoder made (for tests: one for a run of entities that all decode). */
    int parsersMade;

    EntityDecoder(WireFormat format, byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.format = format;
        this.bytes = bytes;
        this.end = offset + length;
    }

    /**
     * {@link WireFormat#decodeEntity} of the entity at {@code offset}, after those decoded before.
     *
     * @param namespace the namespace
     * @param changeType the change type
     * @param entityType the entity type
     * @param entityId the entity id
     * @param timestamp the change's timestamp
     * @param offset the entity's offset in the buffer, after the entities decoded before
     * @param length the entity's length
     * @return the decoded change
     */
    public Change decode(String namespace, ChangeType changeType, String entityType, String entityId,
                         Instant timestamp, int offset, int length) {
        Objects.checkFromToIndex(offset, offset + length, end);
        PlainRecordReader plain = format.plainReader(entityType);
        if (plain != null) {
            // No parser: a plain record is read from its bytes, and by Jackson alone if it strays.
            Entity entity = (Entity) plain.read(bytes, offset, offset + length, strings);
            return entity != null ? WireFormat.change(namespace, changeType, entityType, entityId, entity, timestamp)
                    : format.decodeEntityByJackson(namespace, changeType, entityType, entityId, timestamp, bytes,
                            offset, length);
        }
        ObjectReader direct = changeType == ChangeType.UNSET ? null
                : format.entityTypes().directReader(format.objectMapper(), entityType);
        Change change = direct == null ? null
                : decodeShared(direct, namespace, entityType, entityId, timestamp, offset, length);
        return change != null ? change
                : format.decodeEntity(namespace, changeType, entityType, entityId, timestamp, bytes, offset, length);
    }

    /** The set of the entity at {@code offset} read with the shared parser, or null if it could not be read so. */
    private Change decodeShared(ObjectReader direct, String namespace, String entityType, String entityId,
                                Instant timestamp, int offset, int length) {
        try {
            Entity entity = read(direct, offset, length);
            if (entity != null) {
                return WireFormat.change(namespace, ChangeType.SET, entityType, entityId, entity, timestamp);
            }
        } catch (IOException | RuntimeException e) {
            // Decoded alone by the caller, which fails as a decode of this entity alone fails.
        }
        closeParser();
        return null;
    }

    /** The entity at {@code offset} read by the shared parser, or null if it did not end where it should. */
    private Entity read(ObjectReader direct, int offset, int length) throws IOException {
        if (parser == null || offset != parserAt + 1 || bytes[parserAt] != '\n') {
            closeParser();
            parser = format.jsonFactory().createParser(bytes, offset, end - offset);
            parserStart = offset;
            parsersMade++;
        }
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Entity entity = direct.readValue(parser);
        if (entity == null) {
            return null;
        }
        // A reader clears the token it ended on, the entity's closing brace. Byte offsets of a parser over a slice
        // count from the slice's start.
        JsonToken last = parser.currentToken() != null ? parser.currentToken() : parser.getLastClearedToken();
        long entityEnd = parserStart + parser.currentTokenLocation().getByteOffset() + 1;
        if (last != JsonToken.END_OBJECT || entityEnd != offset + length) {
            return null;
        }
        parserAt = offset + length;
        return entity;
    }

    private void closeParser() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // A parser over bytes holds nothing to release.
            }
            parser = null;
        }
        parserAt = -1;
    }

    @Override
    public void close() {
        closeParser();
    }
}
