package org.workspaceengine.persistence.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.RejectedChangeException;

/** What a change holds comes back exactly, or the wire format refuses it: at encode, or as a corrupt line. */
class WireFormatFidelityTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private final WireFormat generic = WireFormat.create(EntityTypes.generic());

    record Settings(String id, Map<String, Object> values) implements Entity {
        @Override
        public String entityType() {
            return "settings";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /** A domain type with components named key and type: the interface leaves those names free. */
    record Variable(String id, String key, String type, String value) implements Entity {
        @Override
        public String entityType() {
            return "variable";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    private final WireFormat typed = WireFormat.create(EntityTypes.create()
            .register("settings", Settings.class).register("variable", Variable.class));

    @Test
    void theGenericModeKeepsNumbersOfAnySizeAndPrecisionAsWritten() {
        for (String number : new String[] {"1e400", "1e-400", "3.14159265358979323846264338327950288",
            "123456789012345678901234567890.123456789", "1E+2", "-0", "-0.0", "1.50", "9".repeat(2000)}) {
            String line = line("{\"n\":" + number + ",\"list\":[" + number + "]}");

            Change change = generic.decode(line);

            assertThat(((RawEntity) change.entity()).json()).isEqualTo("{\"n\":" + number + ",\"list\":[" + number
                    + "]}");
            assertThat(generic.encodeToString(change)).as(number).isEqualTo(line);
        }
    }

    @Test
    void theGenericModeKeepsKeyOrderAndEscapesAndDropsOnlyWhitespace() {
        String stored = line("{ \"z\" : 1 , \"a\" : \"\\u0041\\u00e9 \\ud83d\\ude00\" , \"m\" : [ ] }");

        Change change = generic.decode(stored);

        assertThat(((RawEntity) change.entity()).json()).isEqualTo("{\"z\":1,\"a\":\"\\u0041\\u00e9 \\ud83d\\ude00\","
                + "\"m\":[]}");
    }

    @Test
    void aRawEntityIsCheckedAndComparedByItsText() {
        RawEntity spaced = RawEntity.of("t", "1", "{ \"a\": [1, 2] }");

        assertThat(spaced).isEqualTo(RawEntity.of("t", "1", "{\"a\":[1,2]}"));
        assertThat(spaced.json()).isEqualTo("{\"a\":[1,2]}");
        assertThatThrownBy(() -> RawEntity.of("t", "1", "[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an object");
        assertThatThrownBy(() -> RawEntity.of("t", "1", "{\"a\":}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the JSON is not valid");
        assertThatThrownBy(() -> RawEntity.of("t", "1", "{\"a\":\"\\udc00\"}"))
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void aRawEntityMadeFromATreeKeepsExactNumbers() throws Exception {
        ObjectNode tree = WireFormat.defaultObjectMapper().createObjectNode()
                .put("big", new BigDecimal("3.14159265358979323846264338327950288"));

        assertThat(RawEntity.of("t", "1", tree).json()).isEqualTo("{\"big\":3.14159265358979323846264338327950288}");
    }

    @Test
    void aMigrationReceivesEveryNumberWithItsExactValue() {
        List<String> seen = new ArrayList<>();
        EntityTypes types = EntityTypes.generic().addMigration("gizmo", "look", json -> {
            seen.add(json.get("n").decimalValue().toPlainString());
            return json.put("migrated", true);
        });
        WireFormat format = WireFormat.create(types);

        Change change = format.decode(line("{\"n\":123456789012345678901234567890.123456789}"));

        assertThat(seen).containsExactly("123456789012345678901234567890.123456789");
        assertThat(((RawEntity) change.entity()).json())
                .isEqualTo("{\"n\":123456789012345678901234567890.123456789,\"migrated\":true}");
    }

    @Test
    void writesCharactersOutsideTheBmpAndControlCharactersAsGoDoes() {
        Settings settings = new Settings("s1", Map.of("v", "a😀\u000b\u001f\b\f\n\u007f<&>\u2028é"));

        byte[] line = typed.encode(Change.set("ws", settings, T0));

        assertThat(new String(line, StandardCharsets.UTF_8)).contains("\"v\":\"a😀\\u000b\\u001f\\b\\f\\n\u007f"
                + "\\u003c\\u0026\\u003e\\u2028é\"");
        assertThat(typed.decode(line).entity()).isEqualTo(settings);
    }

    @Test
    void aLoneSurrogateInAnEntityIsRefusedAtEncodeNamingTheEntity() {
        for (Map<String, Object> values : List.<Map<String, Object>>of(Map.of("k\uDC00", 1), Map.of("v", "x\uD800"),
                Map.of("v", List.of("\uDC00\uD800")))) {
            Change change = Change.set("ws", new Settings("s1", values), T0);

            assertThatThrownBy(() -> typed.encode(change)).isInstanceOf(RejectedChangeException.class)
                    .hasMessageContaining("entity settings/s1 of namespace 'ws'")
                    .hasMessageContaining("unpaired surrogate");
        }
    }

    @Test
    void aLoneSurrogateInANamespaceTypeOrIdIsRefusedWhenTheChangeIsMade() {
        assertThatThrownBy(() -> Change.set("ws\uDC00", RawEntity.of("t", "1", "{}"), T0))
                .isInstanceOf(InvalidNamespaceException.class).hasMessageContaining("unpaired surrogate (U+DC00)");
        assertThatThrownBy(() -> RawEntity.of("t", "id\uD800", "{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entity id of type 't' holds an unpaired surrogate");
        assertThatThrownBy(() -> new EntityKey("t\uDC00", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedTextThatWouldNotReadBackAsWrittenIsCorrupt() {
        byte[] badName = bytes(line("{\"id\":1}").replace("\"id\"", "\"\u0000id\""));
        badName[indexOf(badName, (byte) 0)] = (byte) 0xff;
        String overlong = line("{\"v\":\"\u0000\"}");
        byte[] overlongBytes = bytes(overlong);
        int at = indexOf(overlongBytes, (byte) 0);
        byte[] withOverlong = new byte[overlongBytes.length + 1];
        System.arraycopy(overlongBytes, 0, withOverlong, 0, at);
        withOverlong[at] = (byte) 0xc0;
        withOverlong[at + 1] = (byte) 0xaf;
        System.arraycopy(overlongBytes, at + 1, withOverlong, at + 2, overlongBytes.length - at - 1);

        for (byte[] corrupt : List.of(badName, withOverlong, bytes(line("{\"v\":\"\\udc00\"}")),
                bytes(line("{\"\\ud800\":1}")))) {
            assertThatThrownBy(() -> generic.decode(corrupt)).isInstanceOf(CorruptDataException.class)
                    .satisfies(e -> assertThat(((CorruptDataException) e).problem().toLowerCase(Locale.ROOT))
                            .containsAnyOf("invalid utf-8", "surrogate"));
            assertThatThrownBy(() -> generic.decodeEnvelope(corrupt)).isInstanceOf(CorruptDataException.class);
        }
    }

    @Test
    void anInvalidFieldNameIsCorruptEvenAfterALineThatUsesTheValidName() {
        byte[] good = bytes(line("{\"id\":1}"));
        byte[] bad = bytes(line("{\"?id\":2}"));
        bad[indexOf(bad, (byte) '?')] = (byte) 0xff;
        byte[] both = new byte[good.length + 1 + bad.length + 1];
        System.arraycopy(good, 0, both, 0, good.length);
        both[good.length] = '\n';
        System.arraycopy(bad, 0, both, good.length + 1, bad.length);
        both[both.length - 1] = '\n';
        List<String> seen = new ArrayList<>();

        generic.decodeEnvelopes(both, 0, both.length, new WireFormat.EnvelopeVisitor() {
            @Override
            public void envelope(int line, int offset, int length, LineEnvelope envelope) {
                seen.add(line + " ok");
            }

            @Override
            public void corrupt(int line, int offset, int length, CorruptDataException problem) {
                seen.add(line + " " + problem.problem());
            }
        });

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo("0 ok");
        assertThat(seen.get(1)).startsWith("1 ").containsIgnoringCase("invalid UTF-8").contains("0xff");
    }

    @Test
    void timestampsOutsideYearsZeroToNineThousandNineHundredNinetyNineAreRefusedAndReadAsCorrupt() {
        for (String outside : new String[] {"+10000-01-01T00:00:00Z", "9999-12-31T23:00:00-02:00",
            "0000-01-01T00:30:00+01:00"}) {
            String line = line("{}").replace(T0.toString(), outside);

            assertThatThrownBy(() -> generic.decode(line)).as(outside).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("outside years 0000-9999");
            assertThat(WireFormat.trailingTimestamp(bytes(line), 0, bytes(line).length)).isNull();
        }
        assertThatThrownBy(() -> Change.set("ws", RawEntity.of("t", "1", "{}"), Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside years 0000-9999");
        assertThatThrownBy(() -> Changes.builder("ws", java.time.Clock.fixed(Instant.MAX, java.time.ZoneOffset.UTC))
                .set(RawEntity.of("t", "1", "{}"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(generic.decode(line("{}").replace(T0.toString(), "9999-12-31T23:59:59.999999999Z")).timestamp())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        assertThat(generic.decode(line("{}").replace(T0.toString(), "0000-01-01T00:00:00Z")).timestamp())
                .isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    @Timeout(60)
    void theGenericModeKeepsEntitiesNestedToTheLimitWithoutRecursion() throws InterruptedException {
        String deepest = nested(WireFormat.MAX_ENTITY_DEPTH);
        String line = line(deepest);
        AtomicReference<Object> result = new AtomicReference<>();

        onSmallStack(() -> {
            Change change = generic.decode(line);
            result.set(generic.encodeToString(change));
        }, result);

        assertThat(result.get()).isEqualTo(line);
        assertThatThrownBy(() -> generic.decode(line(nested(WireFormat.MAX_ENTITY_DEPTH + 1))))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> RawEntity.of("gizmo", "g1", nested(WireFormat.MAX_ENTITY_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nesting deeper than 9999 levels");
    }

    @Test
    void aTypedEntityNestedPastTheLimitIsRefusedAtEncode() {
        Map<String, Object> values = new HashMap<>();
        Map<String, Object> inner = values;
        for (int i = 0; i < WireFormat.MAX_ENTITY_DEPTH + 5; i++) {
            Map<String, Object> next = new HashMap<>();
            inner.put("a", next);
            inner = next;
        }
        Change change = Change.set("ws", new Settings("s1", values), T0);

        assertThatThrownBy(() -> typed.encode(change)).isInstanceOf(RejectedChangeException.class)
                .hasMessageContaining("entity settings/s1 of namespace 'ws'").hasMessageContaining("nest");
    }

    @Test
    void anEntityMayHaveComponentsNamedKeyAndType() {
        Variable variable = new Variable("v1", "API_URL", "string", "https://example.com");
        Change change = Change.set("ws", variable, T0);

        String line = typed.encodeToString(change);

        assertThat(line).contains("\"entity\":{\"id\":\"v1\",\"key\":\"API_URL\",\"type\":\"string\"");
        assertThat(typed.decode(line)).isEqualTo(change);
        assertThat(change.key()).isEqualTo(new EntityKey("variable", "v1"));
        assertThat(EntityKey.of(variable)).isEqualTo(new EntityKey("variable", "v1"));
    }

    private static void onSmallStack(Runnable work, AtomicReference<Object> failure) throws InterruptedException {
        Thread thread = new Thread(null, () -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small stack", 256 * 1024);
        thread.start();
        thread.join();
    }

    private static String line(String entity) {
        return "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"gizmo\",\"entityID\":\"g1\",\"entity\":"
                + entity + ",\"timestamp\":\"" + T0 + "\"}";
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
