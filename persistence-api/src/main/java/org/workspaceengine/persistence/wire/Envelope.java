package org.workspaceengine.persistence.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.Entity;

/**
 * The envelope fields of one change as a parser (or {@link CanonicalEnvelopes}) reads them; a reused instance
 * keeps the strings of the last change and returns them again when a field repeats its value, instead of a new
 * string.
 */
final class Envelope implements LineEnvelope {
    private final boolean copyEntity;
    private final WireFormat binder;
    String namespace;
    String changeTypeName;
    String entityType;
    String entityId;
    String timestampText;
    boolean hasEntity;
    byte[] entity;
    Entity boundEntity;
    ChangeType changeType;
    Instant timestamp;
    /** The timestamp as numbers: {@link #timestamp} read by a parser, or what {@link CanonicalEnvelopes} read. */
    long epochSecond;
    int nano;
    /** Where {@link CanonicalEnvelopes} found the entity, or -1. */
    int entityOffset = -1;
    int entityLength;
    /** Where {@link CanonicalEnvelopes} found the entity id, in {@link #idBytes}, or -1 if {@link #entityId} is set. */
    int entityIdOffset = -1;
    int entityIdLength;
    byte[] idBytes;
    private Timestamps.Reader timestamps;
    private CanonicalEnvelopes.Prefix prefix;

    /** @param copyEntity whether to keep the entity's bytes, or only skip them */
    Envelope(boolean copyEntity) {
        this.copyEntity = copyEntity;
        this.binder = null;
    }

    /** An envelope that deserializes the entity on the way when its type allows, else keeps its bytes. */
    Envelope(WireFormat binder) {
        this.copyEntity = true;
        this.binder = binder;
    }

    /** Reads the fields of the object whose start the parser is at, up to its end or the first non-field. */
    void readFields(JsonParser parser, byte[] bytes, int offset) throws IOException {
        String lastNamespace = namespace;
        String lastChangeType = changeTypeName;
        String lastEntityType = entityType;
        entityIdOffset = -1;
        entityIdLength = 0;
        entityOffset = -1;
        entityLength = 0;
        namespace = null;
        changeTypeName = null;
        entityType = null;
        entityId = null;
        timestampText = null;
        hasEntity = false;
        entity = null;
        boundEntity = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case WireFormat.NAMESPACE -> namespace = text(parser, field, value, lastNamespace);
                case WireFormat.CHANGE_TYPE -> changeTypeName = text(parser, field, value, lastChangeType);
                case WireFormat.ENTITY_TYPE -> entityType = text(parser, field, value, lastEntityType);
                case WireFormat.ENTITY_ID -> entityId = text(parser, field, value, null);
                case WireFormat.TIMESTAMP -> timestampText = text(parser, field, value, null);
                case WireFormat.ENTITY -> {
                    hasEntity = true;
                    entity = null;
                    boundEntity = null;
                    boolean bind = binder != null && entityType != null && value == JsonToken.START_OBJECT;
                    PlainRecordReader plain = bind ? binder.plainReader(entityType) : null;
                    ObjectReader reader = !bind || plain != null ? null
                            : binder.entityTypes().directReader(binder.objectMapper(), entityType);
                    if (plain != null) {
                        // Byte offsets of a parser over a slice count from the slice's start.
                        int start = offset + Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                        parser.skipChildren();
                        int end = offset + Math.toIntExact(parser.currentTokenLocation().getByteOffset()) + 1;
                        boundEntity = (Entity) plain.read(bytes, start, end);
                        if (boundEntity == null) {
                            throw new IOException("not a plain record"); // the caller decodes in two steps
                        }
                    } else if (reader != null) {
                        boundEntity = reader.readValue(parser);
                    } else if (copyEntity) {
                        // Byte offsets of a parser over a slice count from the slice's start.
                        int start = offset + Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                        parser.skipChildren();
                        int end = offset + Math.toIntExact(parser.currentTokenLocation().getByteOffset())
                                + lastTokenLength(value);
                        entity = Arrays.copyOfRange(bytes, start, end);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    /** Checks the fields read and converts change type and timestamp. */
    void validate() {
        try {
            changeType = ChangeType.fromWireName(require(changeTypeName, WireFormat.CHANGE_TYPE));
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException(e.getMessage(), null);
        }
        try {
            timestamp = Timestamps.parse(require(timestampText, WireFormat.TIMESTAMP));
            epochSecond = timestamp.getEpochSecond();
            nano = timestamp.getNano();
        } catch (DateTimeException e) {
            throw new CorruptDataException("field 'timestamp': " + e.getMessage(), null);
        }
        require(namespace, WireFormat.NAMESPACE);
        if (namespace.isEmpty()) {
            throw new CorruptDataException("field 'namespace' is empty", null);
        }
        requireText(entityType, WireFormat.ENTITY_TYPE);
        requireText(entityId, WireFormat.ENTITY_ID);
        if (!hasEntity) {
            throw new CorruptDataException("missing field 'entity'", null);
        }
    }

    /** The reader of the timestamps {@link CanonicalEnvelopes} reads into this envelope, made on first use. */
    Timestamps.Reader timestamps() {
        if (timestamps == null) {
            timestamps = new Timestamps.Reader();
        }
        return timestamps;
    }

    /** The beginning of the last line {@link CanonicalEnvelopes} read into this envelope, made on first use. */
    CanonicalEnvelopes.Prefix prefix() {
        if (prefix == null) {
            prefix = new CanonicalEnvelopes.Prefix();
        }
        return prefix;
    }

    /** Holds the envelope of {@code change}, read without this envelope. */
    void set(EncodedChange change) {
        namespace = change.namespace();
        changeType = change.changeType();
        entityType = change.entityType();
        entityId = change.entityId();
        timestamp = change.timestamp();
        epochSecond = timestamp.getEpochSecond();
        nano = timestamp.getNano();
        entityOffset = -1;
        entityLength = 0;
        entityIdOffset = -1;
        entityIdLength = 0;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public ChangeType changeType() {
        return changeType;
    }

    @Override
    public String entityType() {
        return entityType;
    }

    @Override
    public String entityId() {
        if (entityId == null && entityIdOffset >= 0) {
            entityId = new String(idBytes, entityIdOffset, entityIdLength, StandardCharsets.ISO_8859_1);
        }
        return entityId;
    }

    @Override
    public int entityIdOffset() {
        return entityIdOffset;
    }

    @Override
    public int entityIdLength() {
        return entityIdLength;
    }

    @Override
    public long epochSecond() {
        return epochSecond;
    }

    @Override
    public int nano() {
        return nano;
    }

    @Override
    public int entityOffset() {
        return entityOffset;
    }

    @Override
    public int entityLength() {
        return entityLength;
    }

    /** Reads the one change the parser holds, nothing after it; the entity is kept as bytes. */
    static EncodedChange read(JsonParser parser, byte[] bytes, int offset) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new CorruptDataException("expected a JSON object", null);
        }
        Envelope envelope = new Envelope(true);
        envelope.readFields(parser, bytes, offset);
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new CorruptDataException("unterminated JSON object", null);
        }
        if (parser.nextToken() != null) {
            throw new CorruptDataException("unexpected data after the JSON object", null);
        }
        envelope.validate();
        return new EncodedChange(envelope.namespace, envelope.changeType, envelope.entityType, envelope.entityId,
                envelope.timestamp, envelope.entity);
    }

    private static int lastTokenLength(JsonToken firstToken) {
        // After skipChildren the current token is the closing bracket (1 byte) of a container; a scalar is its
        // own last token, and only null (4 bytes) is accepted (an unset without body); others fail on decode.
        if (firstToken == JsonToken.START_OBJECT || firstToken == JsonToken.START_ARRAY) {
            return 1;
        }
        return firstToken == JsonToken.VALUE_NULL ? 4 : 0;
    }

    /** The string value of {@code field}, or null; {@code previous} if it has the same characters. */
    private static String text(JsonParser parser, String field, JsonToken token, String previous)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new CorruptDataException("field '" + field + "' must be a string, found " + token.asString()
                    + (token.isScalarValue() ? " " + parser.getText() : ""), null);
        }
        if (previous != null && parser.getTextLength() == previous.length()) {
            char[] chars = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            int i = 0;
            while (i < previous.length() && chars[offset + i] == previous.charAt(i)) {
                i++;
            }
            if (i == previous.length()) {
                return previous;
            }
        }
        return parser.getText();
    }

    private static String require(String value, String field) {
        if (value == null) {
            throw new CorruptDataException("missing field '" + field + "'", null);
        }
        return value;
    }

    private static void requireText(String value, String field) {
        if (require(value, field).isBlank()) {
            throw new CorruptDataException("field '" + field + "' is blank", null);
        }
    }
}
