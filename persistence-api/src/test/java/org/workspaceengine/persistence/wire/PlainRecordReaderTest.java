package org.workspaceengine.persistence.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.TestEntities.Resource;

/**
 * A {@link PlainRecordReader} gives what the default mapper gives, or nothing: for random JSON of plain records,
 * including JSON that strays from their plain shape, whatever it reads equals (and prints as) Jackson's result, and it
 * never reads what Jackson refuses.
 */
class PlainRecordReaderTest {

    private static final ObjectMapper JACKSON = WireFormat.defaultObjectMapper();
    /** Shared by every read of this test's differential cases, so that they read through its hits and misses. */
    private static final String[] STRINGS = PlainRecordReader.stringCache();

    enum Phase { PENDING, RUNNING, DONE }

    record Port(int number, String protocol) {
    }

    record Deployment(String id, long revision, double weight, boolean active, Integer replicas, Long budget,
                      Double ratio, Boolean paused, Phase phase, List<String> tags, Map<String, Integer> limits,
                      Port primary, List<Port> ports, Map<String, List<String>> groups) {
    }

    record Node(String name, List<Node> children) {
    }

    record One(String value) {
    }

    record Step(Phase phase) {
    }

    record Checked(String id, int size) {
        Checked {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
        }
    }

    record Convenient(String id, String name) {
        Convenient(String id) {
            this(id, "unnamed");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Annotated(String id) {
    }

    record AnnotatedComponent(@JsonProperty("ident") String id) {
    }

    interface Labelled {
        @JsonProperty("label")
        String name();
    }

    record ThroughInterface(String name) implements Labelled {
    }

    record Generic<T>(T value) {
    }

    record WithSet(Set<String> tags) {
    }

    record WithInstant(Instant at) {
    }

    record WithFloat(float value) {
    }

    record WithIntegerKeys(Map<Integer, String> names) {
    }

    record WithWildcard(List<? extends CharSequence> names) {
    }

    enum Renamed { @JsonProperty("on") ON, OFF }

    record WithRenamedEnum(Renamed state) {
    }

    record HoldsAnnotated(Annotated inner) {
    }

    @Test
    void findsReadersForPlainRecordsOnly() {
        for (Class<?> plain : List.of(Port.class, Deployment.class, Node.class, One.class, Checked.class,
                Convenient.class, HoldsAnnotated.class, Resource.class)) {
            assertThat(PlainRecordReader.of(plain)).as(plain.getSimpleName()).isNotNull();
        }
        for (Class<?> other : List.of(String.class, Object.class, Phase.class, Annotated.class,
                AnnotatedComponent.class, ThroughInterface.class, Generic.class, WithSet.class, WithInstant.class,
                WithFloat.class, WithIntegerKeys.class, WithWildcard.class, WithRenamedEnum.class)) {
            assertThat(PlainRecordReader.of(other)).as(other.getSimpleName()).isNull();
        }
    }

    @Test
    void readsWhatJacksonReadsForRandomPlainAndStrayingJson() throws IOException {
        long seed = 20261130L;
        Random random = new Random(seed);
        int read = 0;
        int strayed = 0;
        for (int trial = 0; trial < 20000; trial++) {
            Class<?> type = List.of(Deployment.class, Node.class, Port.class, One.class, Checked.class,
                    Convenient.class).get(random.nextInt(6));
            String json = new JsonMaker(random, random.nextInt(4) == 0 ? 0.02 : 0).object(type, 0);
            String context = "seed " + seed + ", trial " + trial + ", " + type.getSimpleName() + ": " + json;
            Object plain = readPlain(type, json);
            Object jackson;
            try {
                jackson = JACKSON.readerFor(type).readValue(json);
            } catch (IOException e) {
                assertThat(plain).as("Jackson refuses it (%s): %s", e.getMessage(), context).isNull();
                strayed++;
                continue;
            }
            if (plain == null) {
                strayed++;
                continue;
            }
            read++;
            assertThat(plain).as(context).isEqualTo(jackson);
            assertThat(JACKSON.writeValueAsString(plain)).as(context).isEqualTo(JACKSON.writeValueAsString(jackson));
            assertThat(classes(plain)).as(context).isEqualTo(classes(jackson));
        }
        // Both kinds of JSON were met often: the comparison above is not vacuous.
        assertThat(read).as("plain reads").isGreaterThan(5000);
        assertThat(strayed).as("strays").isGreaterThan(1500);
    }

    @Test
    void leavesToJacksonEveryJsonThatStraysFromThePlainShape() throws IOException {
        for (String json : List.of(
                "{\"number\":80}", // missing
                "{\"number\":80,\"protocol\":\"tcp\",\"extra\":1}", // unknown (Jackson skips it)
                "{\"number\":80,\"protocol\":\"tcp\",\"number\":81}", // repeated
                "{\"number\":\"80\",\"protocol\":\"tcp\"}", // a string for an int (Jackson coerces it)
                "{\"number\":80.0,\"protocol\":\"tcp\"}", // a float for an int
                "{\"number\":2147483648,\"protocol\":\"tcp\"}", // out of an int's range
                "{\"number\":null,\"protocol\":\"tcp\"}", // null for a primitive (Jackson reads 0)
                "{\"number\":80,\"protocol\":7}", // a number for a string (Jackson coerces it)
                "[80,\"tcp\"]")) {
            assertThat(readPlain(Port.class, json)).as(json).isNull();
        }
        byte[] badUtf8 = "{\"number\":80,\"protocol\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PlainRecordReader.of(Port.class).read(badUtf8, 0, badUtf8.length)).as("invalid UTF-8").isNull();
        assertThat(readPlain(Checked.class, "{\"id\":\"c\",\"size\":-1}")).as("refused by its constructor").isNull();
        assertThat(readPlain(Node.class, "{\"name\":\"n\",\"children\":[null]}")).as("null in a list").isNull();
        assertThat(readPlain(Step.class, "{\"phase\":\"running\"}")).as("not a constant's name").isNull();
        assertThat(readPlain(Step.class, "{\"phase\":\"RUNNING\"}")).isEqualTo(new Step(Phase.RUNNING));
        assertThat(readPlain(HoldsAnnotated.class, "{\"inner\":{\"id\":\"a\"}}")).as("not plain inside").isNull();
        assertThat(readPlain(Port.class, "{\"protocol\":\"udp\",\"number\":53}")).isEqualTo(new Port(53, "udp"));
        assertThat(readPlain(Node.class, "{\"name\":\"n\",\"children\":null}")).isEqualTo(new Node("n", null));
    }

    @Test
    void internsMapKeysAsJacksonDoes() throws IOException {
        String json = "{\"id\":\"r\",\"name\":\"n\",\"kind\":\"k\",\"labels\":{\"env\":\"a\",\"t\\u00e9am\":\"b\"}}";
        for (int read = 0; read < 2; read++) { // the second read finds the keys in the cache
            Resource plain = (Resource) readPlain(Resource.class, json);
            Resource jackson = JACKSON.readerFor(Resource.class).readValue(json);
            assertThat(plain).isEqualTo(jackson);
            List<String> plainKeys = List.copyOf(plain.labels().keySet());
            List<String> jacksonKeys = List.copyOf(jackson.labels().keySet());
            for (int i = 0; i < plainKeys.size(); i++) {
                assertThat(plainKeys.get(i)).isSameAs(jacksonKeys.get(i)).isSameAs(plainKeys.get(i).intern());
            }
        }
    }

    @Test
    void sharesEqualShortStringsBetweenTheEntitiesOfOneDecoder() {
        String longName = "n".repeat(65);
        List<String> lines = List.of(resource("a", longName, "deployment"), resource("b", longName, "deployment"),
                resource("c", "n", "deploym\\u0065nt"));
        byte[] entities = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        WireFormat wire = WireFormat.create(EntityTypes.create().register("resource", Resource.class));
        List<Resource> read = new ArrayList<>();
        try (EntityDecoder decoder = wire.entityDecoder(entities, 0, entities.length)) {
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                String id = List.of("a", "b", "c").get(i);
                read.add((Resource) decoder.decode("ns", ChangeType.SET, "resource", id, Instant.EPOCH, start,
                        lines.get(i).length()).entity());
                start += lines.get(i).length() + 1;
            }
        }
        assertThat(read.get(1)).isEqualTo(new Resource("b", longName, "deployment", Map.of("env", "prod")));
        assertThat(read.get(1).kind()).isSameAs(read.get(0).kind());
        assertThat(read.get(1).labels().get("env")).isSameAs(read.get(0).labels().get("env"));
        assertThat(read.get(1).name()).as("longer than a cache keeps").isEqualTo(longName)
                .isNotSameAs(read.get(0).name());
        assertThat(read.get(2).kind()).as("escaped").isEqualTo("deployment").isNotSameAs(read.get(0).kind());
        byte[] one = resource("a", "n", "deployment").getBytes(StandardCharsets.UTF_8);
        Resource first = (Resource) PlainRecordReader.of(Resource.class).read(one, 0, one.length);
        Resource second = (Resource) PlainRecordReader.of(Resource.class).read(one, 0, one.length);
        assertThat(second.kind()).as("without a cache, as Jackson").isEqualTo(first.kind())
                .isNotSameAs(first.kind());
    }

    private static String resource(String id, String name, String kind) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"kind\":\"" + kind
                + "\",\"labels\":{\"env\":\"prod\"}}";
    }

    @Test
    void readsPlainRecordsOnlyWithTheDefaultMapper() {
        EntityTypes types = EntityTypes.create().register("resource", Resource.class);
        ObjectMapper snakeCase = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE).build();
        WireFormat custom = WireFormat.create(types, snakeCase);
        assertThat(WireFormat.create(types).plainReader("resource")).isNotNull();
        assertThat(custom.plainReader("resource")).isNull();
        Change change = custom.decode("{\"namespace\":\"ns\",\"changeType\":\"set\",\"entityType\":\"resource\","
                + "\"entityID\":\"r\",\"entity\":{\"Id\":\"r\",\"Name\":\"n\",\"Kind\":\"k\",\"Labels\":{\"a\":\"b\"}},"
                + "\"timestamp\":\"2025-10-25T12:00:00Z\"}");
        assertThat(change.entity()).isEqualTo(new Resource("r", "n", "k", Map.of("a", "b")));
        assertThat(WireFormat.create(types.addMigration("resource", "noop", tree -> tree)).plainReader("resource"))
                .as("a type with migrations").isNull();
    }

    private static Object readPlain(Class<?> type, String json) {
        PlainRecordReader reader = Objects.requireNonNull(PlainRecordReader.of(type), type.getName());
        byte[] bytes = ("[" + json + "]").getBytes(StandardCharsets.UTF_8); // read from the middle of a buffer
        return reader.read(bytes, 1, bytes.length - 1, STRINGS);
    }

    /** The classes of a value and everything in it, in order: a map's and a list's own class included. */
    private static List<String> classes(Object value) {
        List<String> classes = new ArrayList<>();
        collectClasses(value, classes);
        return classes;
    }

    private static void collectClasses(Object value, List<String> classes) {
        classes.add(value == null ? "null" : value.getClass().getName());
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectClasses(v, classes));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectClasses(v, classes));
        } else if (value != null && value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    collectClasses(component.getAccessor().invoke(value), classes);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /**
     * Random JSON for a record class: mostly of its plain shape, fields in random order; with a small chance at each
     * value, something else (a wrong type, a null, a missing, unknown or repeated field, a number out of range).
     */
    private static final class JsonMaker {
        private final Random random;
        private final double stray;

        JsonMaker(Random random, double stray) {
            this.random = random;
            this.stray = stray;
        }

        private boolean strays() {
            return random.nextDouble() < stray;
        }

        String object(Class<?> type, int depth) {
            List<String> fields = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                if (strays()) {
                    continue; // missing
                }
                String value = value(component.getGenericType(), depth);
                fields.add(quote(component.getName()) + ":" + value);
                if (strays()) {
                    fields.add(quote(component.getName()) + ":" + value); // repeated
                }
            }
            if (strays()) {
                fields.add(quote("unknown") + ":" + strayValue());
            }
            Collections.shuffle(fields, random);
            return "{" + String.join(",", fields) + "}";
        }

        private String value(Type type, int depth) {
            if (strays()) {
                return strayValue();
            }
            if (type instanceof ParameterizedType parameterized) {
                Type[] arguments = parameterized.getActualTypeArguments();
                int size = depth > 3 ? 0 : random.nextInt(4);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    String item = value(arguments[arguments.length - 1], depth + 1);
                    items.add(parameterized.getRawType() == List.class ? item : quote("k" + random.nextInt(5)) + ":"
                            + item);
                }
                return parameterized.getRawType() == List.class ? "[" + String.join(",", items) + "]"
                        : "{" + String.join(",", items) + "}";
            }
            Class<?> cls = (Class<?>) type;
            if (cls == String.class) {
                return random.nextInt(10) == 0 ? "null" : quote(text());
            }
            if (cls == int.class || cls == Integer.class) {
                return cls == Integer.class && random.nextInt(10) == 0 ? "null"
                        : Integer.toString(random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(100) - 10);
            }
            if (cls == long.class || cls == Long.class) {
                return cls == Long.class && random.nextInt(10) == 0 ? "null" : Long.toString(switch (random.nextInt(4)) {
                    case 0 -> Long.MAX_VALUE - random.nextInt(3);
                    case 1 -> Long.MIN_VALUE + random.nextInt(3);
                    default -> random.nextLong();
                });
            }
            if (cls == double.class || cls == Double.class) {
                return switch (random.nextInt(7)) {
                    case 0 -> Integer.toString(random.nextInt(1000));
                    case 1 -> "1.5e" + (random.nextInt(40) - 20);
                    case 2 -> Long.toString(random.nextLong()) + random.nextInt(1000);
                    case 3 -> "-0";
                    case 4 -> "0.1E+" + random.nextInt(400);
                    default -> Double.toString(random.nextGaussian() * 1e6);
                };
            }
            if (cls == boolean.class || cls == Boolean.class) {
                return Boolean.toString(random.nextBoolean());
            }
            if (cls.isEnum()) {
                Object[] constants = cls.getEnumConstants();
                return quote(((Enum<?>) constants[random.nextInt(constants.length)]).name());
            }
            return depth > 3 || random.nextInt(8) == 0 ? "null" : object(cls, depth + 1);
        }

        private String strayValue() {
            String[] strays = {"null", "\"12\"", "12", "9223372036854775808", "-9223372036854775809", "2147483648",
                "1.25", "true", "[\"a\",null]", "{\"x\":null}", "012", "-0", "1E+2", "1e", "-", "\"\\x\"",
                "\"\\ud83d\"", "\"\\u12\"", " \"spaced\"", "nul", "truex", "[1 ]", "{\"a\":1,}"};
            return strays[random.nextInt(strays.length)];
        }

        private String text() {
            String[] pieces = {"a", "tcp", "caf\u00e9", "\\u00e9", "\\\"", "\\n", "\ud83d\ude00", " ", "RUNNING",
                "\\/", "\\\\", "\\t", "\\u20AC", "\u0007", "\u007f"};
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            return text.toString();
        }

        private static String quote(String text) {
            return "\"" + text + "\"";
        }
    }
}
