package org.workspaceengine.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON trees for migrations and raw entities: read with every number's exact value (big decimals that keep their
 * scale, never doubles), and written back without recursion, so that a tree as deep as the wire format allows costs
 * no stack.
 */
final class JsonTrees {

    /** Writes trees only: the depth check is {@link JsonText}'s, on the text. */
    private static final JsonFactory WRITER = JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build();

    private JsonTrees() {
    }

    /**
     * The object in {@code json}, parsed with {@code factory}'s parser (the wire format's limits) into a tree whose
     * numbers keep their exact values; an empty object for {@code null}.
     *
     * @throws IOException if the JSON is malformed or not an object
     */
    static ObjectNode readObject(ObjectMapper mapper, JsonFactory factory, byte[] json) throws IOException {
        JsonNode node;
        try (JsonParser parser = factory.createParser(json)) {
            node = mapper.reader()
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .readTree(parser);
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        if (node == null || node.isNull()) {
            return mapper.createObjectNode();
        }
        throw new IOException("entity JSON is a " + node.getNodeType() + ", expected an object");
    }

    /** The JSON text of {@code tree}, written token by token (numbers as their exact values). */
    static String toJson(JsonNode tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = WRITER.createGenerator(out);
             JsonParser tokens = tree.traverse()) {
            tokens.nextToken();
            generator.copyCurrentStructure(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
