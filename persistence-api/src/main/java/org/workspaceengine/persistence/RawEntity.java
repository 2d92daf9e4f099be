package org.workspaceengine.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.workspaceengine.persistence.wire.JsonText;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * An entity held as its JSON text, without a domain class: what a {@linkplain EntityTypes#generic() generic}
 * registry returns for unregistered types, so tools can inspect, back up and copy any store.
 *
 * <p>The JSON is kept exactly: numbers of any size and precision as written ({@code 1e400},
 * {@code 3.14159265358979323846264338327950288}, {@code -0}), keys in their order, every character and escape as
 * given. Only whitespace between tokens is dropped. Saving a raw entity writes that text unchanged, so a copy
 * through the generic mode is byte-identical in its entity. The text is checked when the entity is made: one JSON
 * object (or {@code null}, the body of a deletion marker that has none), valid UTF-8 text without unpaired
 * surrogates, nested at most {@link WireFormat#MAX_ENTITY_DEPTH} levels.
 *
 * <p>Immutable; equal when type, id and JSON text are equal. Jackson serializes a raw entity as its JSON text.
 */
public final class RawEntity implements Entity, JsonSerializable {

    private final String entityType;
    private final String entityId;
    private final byte[] json;

    private RawEntity(String entityType, String entityId, byte[] json) {
        new EntityKey(entityType, entityId); // checks type and id
        this.entityType = entityType;
        this.entityId = entityId;
        this.json = json;
    }

    /**
     * The raw entity {@code entityType}/{@code entityId} with the JSON text {@code json}.
     *
     * @param entityType the entity type
     * @param entityId the entity id
     * @param json the entity's JSON
     * @return the raw entity {@code entityType}/{@code entityId} with the JSON text {@code json}
     * @throws IllegalArgumentException if the type or id is blank, or the JSON is not one valid JSON object (or
     *     {@code null}) nested at most {@link WireFormat#MAX_ENTITY_DEPTH} levels; the message says what is wrong
     *     and where
     */
    public static RawEntity of(String entityType, String entityId, String json) {
        Objects.requireNonNull(json, "json");
        return new RawEntity(entityType, entityId, JsonText.compactObject(json, WireFormat.MAX_ENTITY_DEPTH, true));
    }

    /**
     * The raw entity {@code entityType}/{@code entityId} with the JSON of {@code json}, written as Jackson writes the
     * tree (a tree read with {@code USE_BIG_DECIMAL_FOR_FLOATS} and exact big decimals keeps every number's value).
     *
     * @param entityType the entity type
     * @param entityId the entity id
     * @param json the entity's JSON
     * @return the raw entity {@code entityType}/{@code entityId} with the JSON of {@code json}, written as Jackson
     *     writes the tree (a tree read with {@code USE_BIG_DECIMAL_FOR_FLOATS} and exact big decimals keeps every
     *     number's value)
     * @throws IllegalArgumentException as {@link #of(String, String, String)}
     */
    public static RawEntity of(String entityType, String entityId, JsonNode json) {
        Objects.requireNonNull(json, "json");
        return of(entityType, entityId, JsonTrees.toJson(json));
    }

    /** A raw entity over UTF-8 JSON text that has passed the check already, without copying it. */
    static RawEntity ofChecked(String entityType, String entityId, byte[] checkedJson) {
        return new RawEntity(entityType, entityId, JsonText.withoutWhitespace(checkedJson));
    }

    @Override
    public String entityType() {
        return entityType;
    }

    @Override
    public String entityId() {
        return entityId;
    }

    /**
     * The entity's JSON text, without whitespace between tokens.
     *
     * @return the entity's JSON text, without whitespace between tokens
     */
    public String json() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /**
     * The entity's JSON text as UTF-8 bytes, a copy.
     *
     * @return the entity's JSON text as UTF-8 bytes, a copy
     */
    public byte[] jsonBytes() {
        return json.clone();
    }

    /**
     * Whether the JSON is {@code null}: a deletion marker stored without a body.
     *
     * @return whether the JSON is {@code null}: a deletion marker stored without a body
     */
    public boolean isNull() {
        return json.length == 4 && json[0] == 'n';
    }

    /** Writes the JSON text as it is. */
    @Override
    public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        generator.writeRawValue(new String(json, StandardCharsets.UTF_8));
    }

    /** Writes the JSON text as it is: a raw entity carries no type information of its own. */
    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer types)
            throws IOException {
        serialize(generator, serializers);
    }

    /** The UTF-8 bytes of the JSON text, not copied: for the wire format, which writes them as they are. */
    byte[] utf8() {
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawEntity that && entityType.equals(that.entityType)
                && entityId.equals(that.entityId) && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return (entityType.hashCode() * 31 + entityId.hashCode()) * 31 + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        String text = json();
        return "RawEntity[" + entityType + "/" + entityId + " " + (text.length() > 200
                ? text.substring(0, 200) + "...(" + json.length + " bytes)" : text) + "]";
    }
}
