package org.workspaceengine.persistence.union;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.Entity;

/**
 * A namespace deletion that a member missed, waiting in its backlog among the changes it missed: a {@link Change}
 * whose entity is this mark, so that backlogs keep deletions and saves in one order. In a backlog directory it is the
 * line {@code {"namespaceDeleted":"<namespace>"}}, which no change's line can be (those start with
 * {@code {"namespace":}).
 */
record NamespaceDeletionMark() implements Entity {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String FIELD = "namespaceDeleted";
    private static final byte[] LINE_START = ("{\"" + FIELD + "\":").getBytes(StandardCharsets.US_ASCII);

    @Override
    public String entityType() {
        return "namespace-deletion";
    }

    @Override
    public String entityId() {
        return "*";
    }

    /** The deletion of {@code namespace}, as a backlog holds it. */
    static Changes of(String namespace) {
        return Changes.of(Change.unset(namespace, new NamespaceDeletionMark(), Instant.EPOCH));
    }

    /** Whether {@code change} is a namespace deletion. */
    static boolean is(Change change) {
        return change.entity() instanceof NamespaceDeletionMark;
    }

    /** The backlog line of {@code deletion} (without its newline). */
    static byte[] line(Change deletion) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + deletion.namespace().length());
        try (JsonGenerator generator = JSON.createGenerator(bytes)) {
            generator.writeStartObject();
            generator.writeStringField(FIELD, deletion.namespace());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return bytes.toByteArray();
    }

    /** Whether the line at {@code offset} of {@code bytes} is a namespace deletion's. */
    static boolean isLine(byte[] bytes, int offset, int length) {
        return length >= LINE_START.length
                && Arrays.equals(bytes, offset, offset + LINE_START.length, LINE_START, 0, LINE_START.length);
    }

    /**
     * The deletion a line {@linkplain #isLine holds}.
     *
     * @throws CorruptDataException if the line is not a whole deletion
     */
    static Change read(byte[] bytes, int offset, int length) {
        try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
            if (parser.nextToken() == JsonToken.START_OBJECT && FIELD.equals(parser.nextFieldName())
                    && parser.nextToken() == JsonToken.VALUE_STRING) {
                String namespace = parser.getText();
                if (parser.nextToken() == JsonToken.END_OBJECT && parser.nextToken() == null) {
                    return of(namespace).get(0);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptDataException("damaged namespace deletion: " + e.getMessage(), e);
        }
        throw new CorruptDataException("damaged namespace deletion: "
                + new String(bytes, offset, Math.min(length, 200), StandardCharsets.UTF_8), null);
    }
}
