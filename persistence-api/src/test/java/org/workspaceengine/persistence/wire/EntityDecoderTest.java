package org.workspaceengine.persistence.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.TestEntities.Job;
import org.workspaceengine.persistence.TestEntities.Resource;
import org.workspaceengine.persistence.TestEntities.SystemEntity;

/**
 * An {@link EntityDecoder} decodes each entity of a buffer as {@link WireFormat#decodeEntity} of it alone would,
 * reading on with one parser, and after an entity it cannot read, with a fresh one.
 */
class EntityDecoderTest {

    private static final Instant T = Instant.parse("2025-10-25T12:00:00Z");

    /** Not a plain record (annotated): read by Jackson, with the decoder's parser. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tagged(String id, String name) implements Entity {
        @Override
        public String entityType() {
            return "tagged";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    private final WireFormat wire = WireFormat.create(EntityTypes.create()
            .register("system", SystemEntity.class)
            .register("tagged", Tagged.class)
            .register("resource", Resource.class)
            .register("job", Job::new));

    /** An entity of a buffer: its envelope and JSON. */
    private record Item(ChangeType changeType, String type, String id, String json) {
    }

    private static final Item[] ITEMS = {
        new Item(ChangeType.SET, "system", "s1", "{\"id\":\"s1\",\"name\":\"one\"}"),
        new Item(ChangeType.SET, "system", "s2", "{\"name\":\"two\",\"id\":\"s2\",\"other\":[1,{\"a\":null}]}"),
        new Item(ChangeType.SET, "system", "s3", "{\"id\":\"s4\",\"name\":\"names another key\"}"),
        new Item(ChangeType.SET, "system", "s5", "{\"id\":\"s5\",\"name\":{\"not\":\"a string\"}}"),
        new Item(ChangeType.SET, "system", "s6", "{\"id\":\"s6\",\"name\":\"caf\u00e9 \\u00e9\"}"),
        new Item(ChangeType.UNSET, "system", "s1", "null"),
        new Item(ChangeType.UNSET, "system", "s2", "{\"id\":\"s2\",\"name\":\"two\"}"),
        new Item(ChangeType.SET, "resource", "r1", "{\"id\":\"r1\",\"name\":\"n\",\"kind\":\"k\",\"labels\":{\"a\":\"b\"}}"),
        new Item(ChangeType.SET, "job", "j1", "{\"id\":\"j1\",\"status\":\"running\"}"),
        new Item(ChangeType.SET, "gizmo", "g1", "{\"id\":\"g1\"}"),
        new Item(ChangeType.SET, "system", "s7", "{}"),
        new Item(ChangeType.SET, "tagged", "t1", "{\"id\":\"t1\",\"name\":\"one\"}"),
        new Item(ChangeType.SET, "tagged", "t2", "{\"id\":\"t2\",\"name\":[]}"),
        new Item(ChangeType.SET, "tagged", "t3", "{\"name\":\"three\",\"id\":\"t3\",\"x\":1}"),
    };

    @Test
    void decodesEachEntityOfABufferAsADecodeOfItAloneForRandomSequences() {
        for (int trial = 0; trial < 500; trial++) {
            long seed = 3300L + trial;
            Random random = new Random(seed);
            List<Item> items = new ArrayList<>();
            for (int i = random.nextInt(12); i >= 0; i--) {
                items.add(ITEMS[random.nextInt(ITEMS.length)]);
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            List<Integer> offsets = new ArrayList<>();
            for (Item item : items) {
                offsets.add(buffer.size());
                buffer.writeBytes(item.json().getBytes(StandardCharsets.UTF_8));
                buffer.write('\n');
            }
            byte[] bytes = buffer.toByteArray();

            List<String> decoded = new ArrayList<>();
            List<String> alone = new ArrayList<>();
            try (EntityDecoder decoder = wire.entityDecoder(bytes, 0, bytes.length)) {
                for (int i = 0; i < items.size(); i++) {
                    Item item = items.get(i);
                    int offset = offsets.get(i);
                    int length = item.json().getBytes(StandardCharsets.UTF_8).length;
                    decoded.add(outcome(() -> decoder.decode("ns", item.changeType(), item.type(), item.id(), T,
                            offset, length)));
                    alone.add(outcome(() -> wire.decodeEntity("ns", item.changeType(), item.type(), item.id(), T,
                            bytes.clone(), offset, length)));
                }
            }

            assertThat(decoded).as("seed %d: %s", seed, items).isEqualTo(alone);
        }
    }

    @Test
    void decodesAnEntityAsADecodeOfItsWholeLine() {
        Change change = Change.set("ns", new SystemEntity("s1", "one"), T);
        byte[] line = wire.encode(change);
        String text = new String(line, StandardCharsets.UTF_8);
        int offset = text.indexOf("{\"id\"");
        int length = text.indexOf(",\"timestamp\"") - offset;

        try (EntityDecoder decoder = wire.entityDecoder(line, 0, line.length)) {
            assertThat(decoder.decode("ns", ChangeType.SET, "system", "s1", T, offset, length))
                    .isEqualTo(wire.decode(line)).isEqualTo(change);
        }
    }

    @Test
    void readsARunOfEntitiesWithOneParserAndStartsAnotherAfterOneItCannotRead() {
        byte[] bytes = ("{\"id\":\"t1\",\"name\":\"a\"}\n{\"id\":\"t2\",\"name\":\"b\"}\n"
                + "{\"id\":\"t3\",\"name\":[]}\n{\"id\":\"t4\",\"name\":\"d\"}\n{\"id\":\"t5\",\"name\":\"e\"}\n")
                .getBytes(StandardCharsets.UTF_8);

        List<String> outcomes = decodeAll("tagged", "t", bytes, decoder -> assertThat(decoder.parsersMade)
                .isEqualTo(2));

        assertThat(outcomes).filteredOn(outcome -> outcome.startsWith("CorruptDataException")).hasSize(1);
    }

    @Test
    void readsPlainRecordsFromTheirBytesWithoutAParser() {
        byte[] bytes = ("{\"id\":\"s1\",\"name\":\"a\"}\n{\"id\":\"s2\",\"name\":\"b\"}\n"
                + "{\"id\":\"s3\",\"name\":\"c\"}\n").getBytes(StandardCharsets.UTF_8);

        List<String> outcomes = decodeAll("system", "s", bytes, decoder -> assertThat(decoder.parsersMade).isZero());

        assertThat(outcomes).containsExactly("ns SET system/s1 2025-10-25T12:00:00Z SystemEntity[id=s1, name=a] "
                + "SystemEntity", "ns SET system/s2 2025-10-25T12:00:00Z SystemEntity[id=s2, name=b] SystemEntity",
                "ns SET system/s3 2025-10-25T12:00:00Z SystemEntity[id=s3, name=c] SystemEntity");
    }

    /** The outcome of decoding each line of {@code bytes} as an entity of {@code type}, the ids numbered from 1. */
    private List<String> decodeAll(String type, String idPrefix, byte[] bytes,
                                   Consumer<EntityDecoder> after) {
        List<String> outcomes = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        try (EntityDecoder decoder = wire.entityDecoder(bytes, 0, bytes.length)) {
            int offset = 0;
            for (int i = 1; offset < bytes.length; i++) {
                int length = text.indexOf('\n', offset) - offset;
                int at = offset;
                String id = idPrefix + i;
                outcomes.add(outcome(() -> decoder.decode("ns", ChangeType.SET, type, id, T, at, length)));
                offset += length + 1;
            }
            after.accept(decoder);
        }
        return outcomes;
    }

    private static String outcome(Supplier<Change> decode) {
        try {
            Change change = decode.get();
            String entity = change.entity() instanceof Job job ? "Job[" + job.getId() + ", " + job.getStatus() + "]"
                    : change.entity() + " " + change.entity().getClass().getSimpleName();
            return change.namespace() + " " + change.changeType() + " " + change.key() + " " + change.timestamp() + " "
                    + entity;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
