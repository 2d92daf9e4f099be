package org.workspaceengine.persistence.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.MigrationException;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.UnknownEntityTypeException;

/**
 * The one JSON wire format of a change, shared by file lines and Kafka record values:
 *
 * <pre>{@code
 * {"namespace":"workspace-1","changeType":"set","entityType":"system","entityID":"sys-123","entity":{"id":"sys-123","name":"Production System"},"timestamp":"2025-10-25T12:00:00Z"}
 * }</pre>
 *
 * <p>Fields are written in that order, and strings as Go's {@code encoding/json} writes them, so a line written here
 * is byte for byte the line the Go store writes for the same change: the timestamp in RFC 3339 in UTC with {@code Z}
 * and fraction digits trimmed of trailing zeros; {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped;
 * control characters as {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} or lower-case {@code \u001f};
 * every other character, emoji included, as raw UTF-8. On read, timestamps may carry any offset and 0-9 fraction
 * digits, and unknown fields are ignored.
 *
 * <p>What a change may hold, so that every store gives it back exactly: text without unpaired surrogates, a
 * timestamp within years 0000-9999, and JSON nested at most {@value #MAX_NESTING_DEPTH} levels, envelope included
 * (Go's limit; the entity itself at most {@value #MAX_ENTITY_DEPTH}). {@link #encode} refuses anything else with a
 * {@link RejectedChangeException}, and a stored line that breaks a rule is read as corrupt. Numbers, strings and
 * field names have no limit of their own: a store's size limit bounds them.
 *
 * <p>Entities are (de)serialized with the given {@link ObjectMapper}, so users' modules and naming strategies
 * apply; its indentation setting is ignored, since a change is always one line, and its parsers' and generators'
 * limits are replaced by the ones above. With the default mapper, a plain record (no annotations; strings, numbers,
 * booleans, enums, lists, string-keyed maps and plain records as components) is read from its bytes without databind,
 * as that mapper reads it, whenever its JSON has the shape this format writes; any other JSON goes to Jackson, which
 * decides. A restart then does not pay for building databind's deserializers. A wire format is immutable and
 * thread-safe.
 */
public final class WireFormat {

    /** How deep the JSON of a change may nest, its envelope object being level 1: Go's {@code encoding/json} limit. */
    public static final int MAX_NESTING_DEPTH = 10_000;

    /** How deep an entity's JSON may nest, the entity object being level 1. */
    public static final int MAX_ENTITY_DEPTH = MAX_NESTING_DEPTH - 1;

    static final String NAMESPACE = "namespace";
    static final String CHANGE_TYPE = "changeType";
    static final String ENTITY_TYPE = "entityType";
    static final String ENTITY_ID = "entityID";
    static final String ENTITY = "entity";
    static final String TIMESTAMP = "timestamp";
    private static final byte[] NULL_JSON = "null".getBytes(StandardCharsets.US_ASCII);

    /** Pre-encoded names and values: a save writes them once per change. Made on the first save, not on a read. */
    private static final class Names {
        static final SerializableString NAMESPACE_NAME = new SerializedString(NAMESPACE);
        static final SerializableString CHANGE_TYPE_NAME = new SerializedString(CHANGE_TYPE);
        static final SerializableString ENTITY_TYPE_NAME = new SerializedString(ENTITY_TYPE);
        static final SerializableString ENTITY_ID_NAME = new SerializedString(ENTITY_ID);
        static final SerializableString ENTITY_NAME = new SerializedString(ENTITY);
        static final SerializableString TIMESTAMP_NAME = new SerializedString(TIMESTAMP);
        static final SerializableString SET_VALUE = new SerializedString(ChangeType.SET.wireName());
        static final SerializableString UNSET_VALUE = new SerializedString(ChangeType.UNSET.wireName());
    }

    private final EntityTypes entityTypes;
    // The default mapper's factory is made on first use: a load of lines in the canonical shape whose entities are
    // plain records needs no JSON parser at all, and making one costs a cold JVM some 60 classes.
    private volatile JsonFactory factory;
    private final boolean canonicalReading;
    /** Whether plain records are read without Jackson's databind ({@link PlainRecordReader}): the default mapper's. */
    private final boolean plainRecords;
    // The default mapper is made on first use: building one costs a cold JVM a fifth of a second, and reading a
    // file's envelopes (a count, a listing, a compaction) never needs it.
    private volatile ObjectMapper mapper;
    private volatile ObjectWriter entityWriter;

    private WireFormat(EntityTypes entityTypes, ObjectMapper mapper) {
        this.entityTypes = Objects.requireNonNull(entityTypes, "entityTypes");
        if (mapper != null) {
            this.mapper = mapper;
            this.entityWriter = writer(mapper);
        }
        // A given mapper's factory is copied now, and checked for the canonical reader; the default one, a plain
        // JsonFactory (the default mapper's features without the mapper), allows that reader (WireFormatTest).
        this.factory = mapper != null ? configured(mapper.getFactory().copy()) : null;
        this.canonicalReading = mapper == null || CanonicalEnvelopes.allowedFor(factory);
        this.plainRecords = mapper == null;
    }

    /** {@code factory} set up for this format: Go's bytes on output, the format's limits on input. */
    private static JsonFactory configured(JsonFactory factory) {
        // Go's bytes: emoji as raw UTF-8 rather than escaped surrogates, and lower-case hex in escapes.
        factory.setCharacterEscapes(GoEscapes.INSTANCE);
        factory.configure(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8.mappedFeature(), true);
        factory.configure(JsonWriteFeature.WRITE_HEX_UPPER_CASE.mappedFeature(), false);
        // The format's own limits: Go's nesting, and no limit below a store's size limit for the rest.
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                .maxDocumentLength(0)
                .maxTokenCount(0)
                .build());
        factory.setStreamWriteConstraints(StreamWriteConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
        return factory;
    }

    /**
     * The wire format for {@code entityTypes}, with {@link #defaultObjectMapper()}.
     *
     * @param entityTypes the entity types
     * @return the wire format for {@code entityTypes}, with {@link #defaultObjectMapper()}
     */
    public static WireFormat create(EntityTypes entityTypes) {
        return new WireFormat(entityTypes, null);
    }

    /**
     * The wire format for {@code entityTypes}, (de)serializing entities with {@code mapper}.
     *
     * @param entityTypes the entity types
     * @param mapper the Jackson mapper for entities
     * @return the wire format for {@code entityTypes}, (de)serializing entities with {@code mapper}
     */
    public static WireFormat create(EntityTypes entityTypes, ObjectMapper mapper) {
        return new WireFormat(entityTypes, Objects.requireNonNull(mapper, "mapper"));
    }

    private static ObjectWriter writer(ObjectMapper mapper) {
        return mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * The mapper used when none is given: Jackson's defaults, ignoring unknown entity properties.
     *
     * @return the mapper used when none is given: Jackson's defaults, ignoring unknown entity properties
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /**
     * The registry entities are read with.
     *
     * @return the registry entities are read with
     */
    public EntityTypes entityTypes() {
        return entityTypes;
    }

    /**
     * The mapper entities are (de)serialized with.
     *
     * @return the mapper entities are (de)serialized with
     */
    public ObjectMapper objectMapper() {
        ObjectMapper made = mapper;
        if (made == null) {
            synchronized (this) {
                if (mapper == null) {
                    ObjectMapper fresh = defaultObjectMapper();
                    entityWriter = writer(fresh);
                    mapper = fresh;
                }
                made = mapper;
            }
        }
        return made;
    }

    /**
     * The UTF-8 JSON of {@code change}: one object on one line, without the line terminator. The line is checked as a
     * load checks it, so what this returns reads back as {@code change}.
     *
     * @param change the change
     * @return the UTF-8 JSON of {@code change}: one object on one line, without the line terminator
     * @throws RejectedChangeException if the entity cannot be serialized, or its JSON holds an unpaired surrogate or
     *     nests deeper than {@value #MAX_ENTITY_DEPTH} levels
     */
    public byte[] encode(Change change) {
        byte[] line;
        try {
            line = write(change);
        } catch (StreamConstraintsException e) {
            throw rejected(change, "its entity nests deeper than " + MAX_ENTITY_DEPTH + " levels", e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof StackOverflowError) { // how Jackson reports it
                throw rejected(change, TOO_DEEP_TO_SERIALIZE, e);
            }
            throw rejected(change, "its entity cannot be serialized: " + e.getOriginalMessage(), e);
        } catch (StackOverflowError e) {
            throw rejected(change, TOO_DEEP_TO_SERIALIZE, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String problem = JsonText.problem(line, 0, line.length, MAX_NESTING_DEPTH);
        if (problem != null) {
            throw rejected(change, "its JSON would not read back: " + problem, null);
        }
        return line;
    }

    private static final String TOO_DEEP_TO_SERIALIZE = "its entity cannot be serialized: it nests too deeply for its "
            + "serializer on this thread's stack, or refers to itself";

    private static RejectedChangeException rejected(Change change, String reason, Throwable cause) {
        return new RejectedChangeException(change.namespace(), change.key(), reason, cause);
    }

    private byte[] write(Change change) throws IOException {
        ByteArrayBuilder buffer = new ByteArrayBuilder(256);
        try (JsonGenerator generator = jsonFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeFieldName(Names.NAMESPACE_NAME);
            generator.writeString(change.namespace());
            generator.writeFieldName(Names.CHANGE_TYPE_NAME);
            generator.writeString(change.changeType() == ChangeType.SET ? Names.SET_VALUE : Names.UNSET_VALUE);
            generator.writeFieldName(Names.ENTITY_TYPE_NAME);
            generator.writeString(change.entityType());
            generator.writeFieldName(Names.ENTITY_ID_NAME);
            generator.writeString(change.entityId());
            generator.writeFieldName(Names.ENTITY_NAME);
            if (change.entity() instanceof RawEntity raw) {
                generator.writeRawValue(raw.json());
            } else {
                objectMapper(); // makes the writer too
                entityWriter.writeValue(generator, change.entity());
            }
            generator.writeFieldName(Names.TIMESTAMP_NAME);
            char[] timestamp = new char[Timestamps.MAX_LENGTH];
            generator.writeString(timestamp, 0, Timestamps.format(change.timestamp(), timestamp));
            generator.writeEndObject();
        }
        return buffer.toByteArray();
    }

    /**
     * {@link #encode(Change)} as a string.
     *
     * @param change the change
     * @return {@link #encode(Change)} as a string
     */
    public String encodeToString(Change change) {
        return new String(encode(change), StandardCharsets.UTF_8);
    }

    /**
     * Reads the envelope of one change from {@code length} bytes of UTF-8 JSON at {@code offset}, keeping the entity
     * as JSON bytes. Surrounding whitespace is allowed; anything after the object is an error.
     *
     * @param bytes the bytes
     * @param offset the offset
     * @param length the length
     * @return the change, its entity still JSON bytes
     * @throws CorruptDataException if the bytes are not a well-formed change (the location is left to the caller)
     */
    public EncodedChange decodeEnvelope(byte[] bytes, int offset, int length) {
        EncodedChange change;
        try (JsonParser parser = jsonFactory().createParser(bytes, offset, length)) {
            change = Envelope.read(parser, bytes, offset);
        } catch (CorruptDataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptDataException(describe(e), e);
        }
        checkText(bytes, offset, length);
        return change;
    }

    /**
     * Fails unless the JSON in {@code length} bytes at {@code offset} passes {@link JsonText}'s check: what the parser
     * reads leniently (invalid UTF-8 in a field name, an escaped lone surrogate) would not read back as written.
     */
    static void checkText(byte[] bytes, int offset, int length) {
        String problem = JsonText.problem(bytes, offset, offset + length, MAX_NESTING_DEPTH);
        if (problem != null) {
            throw new CorruptDataException(problem, null);
        }
    }

    /**
     * {@link #decodeEnvelope(byte[], int, int)} of all of {@code bytes}.
     *
     * @param bytes the bytes
     * @return {@link #decodeEnvelope(byte[], int, int)} of all of {@code bytes}
     */
    public EncodedChange decodeEnvelope(byte[] bytes) {
        return decodeEnvelope(bytes, 0, bytes.length);
    }

    /** Receives the lines that {@link #decodeEnvelopes} reads, in order, on the calling thread. */
    public interface EnvelopeVisitor {
        /**
         * Line {@code line} (0-based in the region) is a change with {@code envelope}; the line is
         * {@code bytes[offset, offset + length)}, without its newline.
         *
         * @param line the line
         * @param offset the offset
         * @param length the length
         * @param envelope the line's envelope, valid during this call only
         */
        void envelope(int line, int offset, int length, LineEnvelope envelope);

        /**
         * Line {@code line} is not a well-formed change; {@code problem} is what {@link #decodeEnvelope(byte[], int,
         * int)} of that line alone throws.
         *
         * @param line the line
         * @param offset the offset
         * @param length the length
         * @param problem the problem
         */
        void corrupt(int line, int offset, int length, CorruptDataException problem);
    }

    /**
     * Reads the envelopes of the JSON Lines in {@code length} bytes at {@code offset}: one change per line, lines
     * ending with {@code \n} (the last one may lack it). Every line reads exactly as {@link #decodeEnvelope(byte[],
     * int, int)} of that line alone would, except that the entity is not copied, and blank lines (spaces, tabs and
     * carriage returns only) are skipped. Much faster than a call per line: one parser reads line after line, and a
     * line it cannot read as one change is decoded alone to report its problem precisely.
     *
     * @param bytes the bytes
     * @param offset the offset
     * @param length the length
     * @param visitor the visitor
     * @return the number of lines: the newlines of the region, plus one if bytes follow the last newline
     * @throws IndexOutOfBoundsException if the region is outside {@code bytes}
     */
    public int decodeEnvelopes(byte[] bytes, int offset, int length, EnvelopeVisitor visitor) {
        return decodeEnvelopes(bytes, offset, length, visitor, canonicalReading);
    }

    /** {@link #decodeEnvelopes} with the canonical reader on or off: a seam for its benchmark. */
    int decodeEnvelopes(byte[] bytes, int offset, int length, EnvelopeVisitor visitor, boolean canonical) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        Objects.requireNonNull(visitor, "visitor");
        return new EnvelopeLines(this, canonical && canonicalReading, bytes, offset, offset + length)
                .read(visitor);
    }

    /**
     * Deserializes the entity of {@code encoded}, running its type's migrations.
     *
     * @param encoded the change, its entity still JSON bytes
     * @return the deserialized entity
     * @throws UnknownEntityTypeException if the type is not registered and the registry is not generic
     * @throws MigrationException if a migration fails
     * @throws CorruptDataException if the entity JSON does not fit its class or names another key
     */
    public Change decode(EncodedChange encoded) {
        Entity entity;
        try {
            if (encoded.changeType() == ChangeType.UNSET && Arrays.equals(encoded.entityJson(), NULL_JSON)) {
                // A deletion marker without a body: only its key matters.
                entity = RawEntity.of(encoded.entityType(), encoded.entityId(), "null");
            } else {
                byte[] json = encoded.entityJson();
                entity = readPlain(encoded.entityType(), json, 0, json.length);
                if (entity == null) {
                    entity = entityTypes.read(objectMapper(), jsonFactory(), encoded.namespace(), encoded.entityType(),
                            encoded.entityId(), json);
                }
            }
        } catch (IOException e) {
            throw unreadable(encoded.entityType(), encoded.entityId(), e);
        }
        return change(encoded.namespace(), encoded.changeType(), encoded.entityType(), encoded.entityId(), entity,
                encoded.timestamp());
    }

    /**
     * Decodes the change of a line that {@link #decodeEnvelopes} read with an {@link LineEnvelope#entityOffset()
     * entity offset}, from that envelope's fields and the entity's bytes alone: the same change, and the same
     * exceptions, as {@link #decode(byte[], int, int)} of the whole line, without reading the envelope or checking the
     * text again (the reader did both). For loads that read every line's envelope and deserialize only the winners.
     * Bytes not reported so are read as Jackson reads them, more leniently than a decode.
     *
     * @param namespace the namespace
     * @param changeType the change type
     * @param entityType the entity type
     * @param entityId the entity id
     * @param timestamp the change's timestamp
     * @param bytes the bytes holding the entity's JSON, as they were when their envelope was read
     * @param offset the entity's {@linkplain LineEnvelope#entityOffset() offset}
     * @param length the entity's {@linkplain LineEnvelope#entityLength() length}
     * @return the decoded change
     * @throws UnknownEntityTypeException if the type is not registered and the registry is not generic
     * @throws MigrationException if a migration fails
     * @throws CorruptDataException if the entity JSON does not fit its class or names another key
     */
    public Change decodeEntity(String namespace, ChangeType changeType, String entityType, String entityId,
                               Instant timestamp, byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        Entity plain = readPlain(entityType, bytes, offset, length);
        return plain != null ? change(namespace, changeType, entityType, entityId, plain, timestamp)
                : decodeEntityByJackson(namespace, changeType, entityType, entityId, timestamp, bytes, offset, length);
    }

    /**
     * {@link #decodeEntity} by Jackson alone, for an entity the plain reader has already read and left: straight from a
     * parser when its type allows, else in two steps.
     */
    Change decodeEntityByJackson(String namespace, ChangeType changeType, String entityType, String entityId,
                                 Instant timestamp, byte[] bytes, int offset, int length) {
        ObjectReader direct = changeType == ChangeType.UNSET ? null
                : entityTypes.directReader(objectMapper(), entityType);
        if (direct == null) {
            return decode(new EncodedChange(namespace, changeType, entityType, entityId, timestamp,
                    Arrays.copyOfRange(bytes, offset, offset + length)));
        }
        Entity entity;
        try (JsonParser parser = jsonFactory().createParser(bytes, offset, length)) {
            entity = direct.readValue(parser);
        } catch (IOException e) {
            throw unreadable(entityType, entityId, e);
        }
        return change(namespace, changeType, entityType, entityId, entity, timestamp);
    }

    /**
     * The reader of {@code entityType}'s entities without databind, when it reads them as this format's mapper does:
     * a plain record's, if the mapper is the default one; else null.
     */
    PlainRecordReader plainReader(String entityType) {
        if (!plainRecords) {
            return null;
        }
        Class<?> type = entityTypes.directClass(entityType);
        return type == null ? null : PlainRecordReader.of(type);
    }

    /**
     * The entity of {@code entityType} in {@code length} bytes at {@code offset}, read by its {@link #plainReader};
     * null if it has none or the JSON is not of the plain shape (Jackson then reads it, and reports any problem).
     */
    private Entity readPlain(String entityType, byte[] bytes, int offset, int length) {
        PlainRecordReader plain = plainReader(entityType);
        return plain == null ? null : (Entity) plain.read(bytes, offset, offset + length);
    }

    /** The failure of an entity whose JSON does not read as its class. */
    private static CorruptDataException unreadable(String entityType, String entityId, IOException e) {
        return new CorruptDataException("entity " + new EntityKey(entityType, entityId) + " cannot be read: "
                + describe(e), e);
    }

    /**
     * A decoder of many entities that {@link #decodeEnvelopes} reported, copied one after another into {@code bytes},
     * each followed by a newline: {@link #decodeEntity} of each, with one parser for all.
     *
     * @param bytes the buffer
     * @param offset where its entities start
     * @param length how many bytes they take
     * @return the decoder; close it when done
     */
    public EntityDecoder entityDecoder(byte[] bytes, int offset, int length) {
        return new EntityDecoder(this, bytes, offset, length);
    }

    /** The factory of this format's parsers and generators. */
    JsonFactory jsonFactory() {
        JsonFactory made = factory;
        if (made == null) {
            synchronized (this) {
                if (factory == null) {
                    factory = configured(new JsonFactory());
                }
                made = factory;
            }
        }
        return made;
    }

    /**
     * The change of a record whose entity was read as {@code entity}.
     *
     * @throws CorruptDataException if the entity is null or names another key than the record
     */
    static Change change(String namespace, ChangeType changeType, String entityType, String entityId, Entity entity,
                         Instant timestamp) {
        if (entity == null) {
            throw new CorruptDataException("entity " + entityType + "/" + entityId + " is null", null);
        }
        if (!entity.entityType().equals(entityType) || !entity.entityId().equals(entityId)) {
            throw new CorruptDataException("record says entity " + entityType + "/" + entityId
                    + " but its JSON reads as " + entity.entityType() + "/" + entity.entityId(), null);
        }
        return new Change(namespace, changeType, entity, timestamp);
    }

    /**
     * Decodes one change from {@code length} bytes of UTF-8 JSON at {@code offset}: the same result, and the same
     * exceptions, as {@link #decodeEnvelope(byte[], int, int)} then {@link #decode(EncodedChange)}.
     *
     * <p>A change whose entity type comes before its entity (as this format and the Go original write it) and
     * whose class needs no migration is read in one pass, its entity deserialized straight from the parser; any
     * other change, and any problem on the way, goes through the two steps.
     *
     * @param bytes the bytes
     * @param offset the offset
     * @param length the length
     * @return the decoded change
     */
    public Change decode(byte[] bytes, int offset, int length) {
        if (JsonText.problem(bytes, offset, offset + length, MAX_NESTING_DEPTH) != null) {
            return decode(decodeEnvelope(bytes, offset, length)); // which says what is wrong
        }
        try (JsonParser parser = jsonFactory().createParser(bytes, offset, length)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                Envelope envelope = new Envelope(this);
                envelope.readFields(parser, bytes, offset);
                if (envelope.boundEntity != null && parser.currentToken() == JsonToken.END_OBJECT
                        && parser.nextToken() == null) {
                    envelope.validate();
                    return change(envelope.namespace, envelope.changeType, envelope.entityType,
                            envelope.entityId, envelope.boundEntity, envelope.timestamp);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The two steps below fail the same way, with their messages.
        }
        return decode(decodeEnvelope(bytes, offset, length));
    }

    /**
     * {@link #decode(byte[], int, int)} of all of {@code bytes}.
     *
     * @param bytes the bytes
     * @return {@link #decode(byte[], int, int)} of all of {@code bytes}
     */
    public Change decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * {@link #decode(byte[])} of a string.
     *
     * @param json the entity's JSON
     * @return {@link #decode(byte[])} of a string
     */
    public Change decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The timestamp of the change encoded in {@code length} bytes at {@code offset}, read from its last bytes alone
     * when they are {@code ,"timestamp":"..."}}, as this format writes every change; null when they are not. For a
     * load that picks each entity's latest version among many records and decodes only the winners: nothing else is
     * read or checked, but a decode of the whole change reads the same timestamp, or fails.
     *
     * @param bytes the bytes
     * @param offset the offset
     * @param length the length
     * @return the timestamp of the change encoded in {@code length} bytes at {@code offset}, read from its last bytes
     *     alone when they are {@code ,"timestamp":"..."}}, as this format writes every change; null when they are not
     * @throws IndexOutOfBoundsException if the region is outside {@code bytes}
     */
    public static Instant trailingTimestamp(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return CanonicalEnvelopes.trailingTimestamp(bytes, offset, offset + length);
    }

    /**
     * Returns {@code timestamp} if the format can write it: its year in UTC is within 0000-9999, RFC 3339's range.
     *
     * @param timestamp the change's timestamp
     * @return {@code timestamp} if the format can write it: its year in UTC is within 0000-9999, RFC 3339's range
     * @throws IllegalArgumentException if it is not
     */
    public static Instant requireTimestampInRange(Instant timestamp) {
        return Timestamps.requireInRange(timestamp);
    }

    /**
     * A timestamp as the wire format writes it: RFC 3339 in UTC, such as {@code 2025-10-25T12:00:00.5Z}.
     *
     * @param timestamp the change's timestamp
     * @return a timestamp as the wire format writes it: RFC 3339 in UTC, such as {@code 2025-10-25T12:00:00.5Z}
     */
    public static String formatTimestamp(Instant timestamp) {
        return Timestamps.format(timestamp);
    }

    /**
     * Parses an RFC 3339 timestamp with any offset and 0-9 fraction digits.
     *
     * @param text the text
     * @return the instant it names
     * @throws DateTimeException if {@code text} is not one
     */
    public static Instant parseTimestamp(String text) {
        return Timestamps.parse(text);
    }

    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException json) {
            return "malformed JSON: " + json.getOriginalMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
