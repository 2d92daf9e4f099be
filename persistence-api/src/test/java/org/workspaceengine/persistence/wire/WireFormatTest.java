package org.workspaceengine.persistence.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.TestEntities.Job;
import org.workspaceengine.persistence.TestEntities.Resource;
import org.workspaceengine.persistence.TestEntities.SystemEntity;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.MigrationException;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.UnknownEntityTypeException;

class WireFormatTest {

    private final EntityTypes types = EntityTypes.create()
            .register("system", SystemEntity.class)
            .register("resource", Resource.class)
            .register("job", Job::new);
    private final WireFormat wire = WireFormat.create(types);

    @Test
    void theDefaultFactoryMadeOnFirstUseAllowsTheCanonicalReader() {
        // A default-mapper format takes this for granted, without making its factory until a line needs a parser.
        assertThat(CanonicalEnvelopes.allowedFor(wire.jsonFactory())).isTrue();
        assertThat(wire.jsonFactory()).isSameAs(wire.jsonFactory());
    }

    @Test
    void encodesTheSeedLineByteForByte() {
        Change change = Change.set("workspace-1", new SystemEntity("sys-123", "Production System"),
                Instant.parse("2025-10-25T12:00:00Z"));

        assertThat(wire.encodeToString(change)).isEqualTo("{\"namespace\":\"workspace-1\",\"changeType\":\"set\","
                + "\"entityType\":\"system\",\"entityID\":\"sys-123\","
                + "\"entity\":{\"id\":\"sys-123\",\"name\":\"Production System\"},"
                + "\"timestamp\":\"2025-10-25T12:00:00Z\"}");
    }

    @Test
    void writesTimestampFractionTrimmedOfTrailingZeros() {
        assertThat(WireFormat.formatTimestamp(Instant.parse("2025-10-25T12:00:00.500Z")))
                .isEqualTo("2025-10-25T12:00:00.5Z");
        assertThat(WireFormat.formatTimestamp(Instant.parse("2025-10-25T12:00:00.123456789Z")))
                .isEqualTo("2025-10-25T12:00:00.123456789Z");
        assertThat(WireFormat.formatTimestamp(Instant.parse("2025-10-25T12:00:00.000001Z")))
                .isEqualTo("2025-10-25T12:00:00.000001Z");
        assertThat(WireFormat.formatTimestamp(Instant.parse("0001-01-01T00:00:00Z")))
                .isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void writesEveryInstantOfYearsZeroToNineThousandNineHundredNinetyNineAsIsoTrimmed() {
        long seed = 20261126L;
        Random random = new Random(seed);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        List<Instant> samples = new ArrayList<>(List.of(Instant.ofEpochSecond(min),
                Instant.ofEpochSecond(max, 999_999_999), Instant.EPOCH, Instant.ofEpochSecond(-1, 1),
                Instant.parse("2024-02-29T23:59:59.9Z")));
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            samples.add(Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min + 1)), nanos));
        }
        for (Instant instant : samples) {
            // Instant.toString writes the fraction in groups of three digits; the wire format trims every zero.
            String expected = instant.toString().replaceAll("(\\.\\d*?)0+Z$", "$1Z").replace(".Z", "Z");
            assertThat(WireFormat.formatTimestamp(instant)).as("%s (seed %d)", instant, seed).isEqualTo(expected);
        }
    }

    @Test
    void refusesToWriteTimestampsOutsideYearsZeroToNineThousandNineHundredNinetyNine() {
        for (Instant outside : new Instant[] {Instant.parse("-0001-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MAX, Instant.MIN}) {
            assertThatThrownBy(() -> WireFormat.formatTimestamp(outside)).as(outside.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0000-9999");
        }
    }

    @Test
    void readsTimestampsWithAnyOffsetAndZeroToNineFractionDigits() {
        Instant expected = Instant.parse("2025-10-25T12:00:00Z");
        assertThat(WireFormat.parseTimestamp("2025-10-25T12:00:00Z")).isEqualTo(expected);
        assertThat(WireFormat.parseTimestamp("2025-10-25T14:00:00+02:00")).isEqualTo(expected);
        assertThat(WireFormat.parseTimestamp("2025-10-25T07:30:00-04:30")).isEqualTo(expected);
        for (int digits = 1; digits <= 9; digits++) {
            String text = "2025-10-25T12:00:00." + "123456789".substring(0, digits) + "Z";
            assertThat(WireFormat.parseTimestamp(text)).isEqualTo(Instant.parse(text));
        }
        assertThat(WireFormat.parseTimestamp("2025-10-25T12:00:00.000000001+00:00"))
                .isEqualTo(Instant.parse("2025-10-25T12:00:00.000000001Z"));
    }

    @Test
    void timestampsRoundTripAtNanosecondPrecision() {
        Instant instant = Instant.ofEpochSecond(1_761_393_600L, 987_654_321);
        assertThat(WireFormat.parseTimestamp(WireFormat.formatTimestamp(instant))).isEqualTo(instant);
    }

    @Test
    void refusesMalformedTimestamps() {
        for (String bad : new String[] {"", "2025-10-25", "2025-13-25T12:00:00Z", "2025-10-25T12:00:00",
                "2025-10-25T12:00:00.1234567890Z", "yesterday", "2025-02-30T00:00:00Z"}) {
            assertThatThrownBy(() -> WireFormat.parseTimestamp(bad)).as(bad)
                    .isInstanceOf(java.time.DateTimeException.class);
        }
    }

    @Test
    void decodesALineWrittenByTheGoOriginal() {
        String line = "{\"namespace\":\"workspace-1\",\"changeType\":\"set\",\"entityType\":\"resource\","
                + "\"entityID\":\"res-456\",\"entity\":{\"id\":\"res-456\",\"name\":\"server-1\",\"kind\":\"EC2Instance\","
                + "\"labels\":{\"env\":\"prod\"}},\"timestamp\":\"2025-10-25T12:01:00.123+02:00\",\"extra\":[1,{\"a\":2}]}";

        Change change = wire.decode(line);

        assertThat(change).isEqualTo(Change.set("workspace-1",
                new Resource("res-456", "server-1", "EC2Instance", Map.of("env", "prod")),
                Instant.parse("2025-10-25T10:01:00.123Z")));
    }

    @Test
    void decodesAnEnvelopeFromASliceOfALargerBuffer() {
        String line = "{\"namespace\":\"ns\",\"changeType\":\"unset\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":\"s1\",\"name\":\"n\"},\"timestamp\":\"2025-10-25T12:00:00Z\"}";
        byte[] buffer = ("garbage-before\n" + line + "\ngarbage-after").getBytes(StandardCharsets.UTF_8);

        EncodedChange encoded = wire.decodeEnvelope(buffer, 15, line.length());

        assertThat(new String(encoded.entityJson(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"s1\",\"name\":\"n\"}");
        assertThat(encoded.changeType()).isEqualTo(ChangeType.UNSET);
        assertThat(wire.decode(encoded).entity()).isEqualTo(new SystemEntity("s1", "n"));
    }

    @Test
    void roundTripsFactoryRegisteredBeans() {
        Job job = new Job();
        job.setId("job-1");
        job.setStatus("running");

        Change decoded = wire.decode(wire.encode(Change.set("ns", job, Instant.EPOCH)));

        assertThat(decoded.entity()).isInstanceOfSatisfying(Job.class,
                j -> assertThat(j.getStatus()).isEqualTo("running"));
    }

    @Test
    void escapesHtmlCharactersAndLineSeparatorsAsGoDoes() {
        Change change = Change.set("ns", new SystemEntity("s<1>", "a&b\u2028c"), Instant.EPOCH);

        String line = wire.encodeToString(change);

        assertThat(line).contains("\"entityID\":\"s\\u003c1\\u003e\"").contains("a\\u0026b\\u2028c");
        assertThat(wire.decode(line)).isEqualTo(change);
    }

    @Test
    void honoursTheUsersObjectMapperButNeverIndents() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
        WireFormat custom = WireFormat.create(types, mapper);
        Change change = Change.set("ns", new SystemEntity("s1", "n"), Instant.EPOCH);

        String line = custom.encodeToString(change);

        assertThat(line).doesNotContain("\n").contains("\"entity\":{\"Id\":\"s1\",\"Name\":\"n\"}");
        assertThat(custom.decode(line)).isEqualTo(change);
    }

    @Test
    void unregisteredTypeFailsNamingTypeAndNamespace() {
        String line = "{\"namespace\":\"ws-9\",\"changeType\":\"set\",\"entityType\":\"gizmo\",\"entityID\":\"g1\","
                + "\"entity\":{},\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        assertThatThrownBy(() -> wire.decode(line)).isInstanceOf(UnknownEntityTypeException.class)
                .hasMessageContaining("'gizmo'").hasMessageContaining("'ws-9'");
    }

    @Test
    void genericModeLoadsUnregisteredTypesAsRawJson() {
        WireFormat generic = WireFormat.create(EntityTypes.generic());
        String line = "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"gizmo\",\"entityID\":\"g1\","
                + "\"entity\":{\"id\":\"g1\",\"size\":3},\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        Change change = generic.decode(line);

        assertThat(change.entity()).isInstanceOfSatisfying(RawEntity.class, raw -> {
            assertThat(raw.entityType()).isEqualTo("gizmo");
            assertThat(raw.entityId()).isEqualTo("g1");
            assertThat(raw.json()).isEqualTo("{\"id\":\"g1\",\"size\":3}");
        });
        assertThat(generic.encodeToString(change)).isEqualTo(line);
    }

    @Test
    void migrationsRewriteOldJsonInRegistrationOrder() {
        types.addMigration("system", "rename title to name", json -> {
            if (json.has("title")) {
                json.set("name", json.remove("title"));
            }
            return json;
        });
        types.addMigration("system", "upper-case names", json -> json.put("name", json.get("name").asText().toUpperCase()));
        String line = "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":\"s1\",\"title\":\"old\"},\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        assertThat(wire.decode(line).entity()).isEqualTo(new SystemEntity("s1", "OLD"));
    }

    @Test
    void failingMigrationNamesMigrationTypeAndId() {
        types.addMigration("system", "explode", json -> {
            throw new IllegalStateException("boom");
        });
        String line = "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":\"s1\"},\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        assertThatThrownBy(() -> wire.decode(line)).isInstanceOfSatisfying(MigrationException.class, e -> {
            assertThat(e.migration()).isEqualTo("explode");
            assertThat(e.entityType()).isEqualTo("system");
            assertThat(e.entityId()).isEqualTo("s1");
            assertThat(e).hasMessageContaining("boom");
        });
    }

    @Test
    void malformedRecordsGiveCorruptDataExceptionsThatSayWhat() {
        String ok = "\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":\"s1\"}";
        assertCorrupt("{" + ok + "}", "missing field 'timestamp'");
        assertCorrupt("{" + ok + ",\"timestamp\":\"noon\"}", "noon");
        assertCorrupt("{" + ok + ",\"timestamp\":12}", "field 'timestamp' must be a string");
        assertCorrupt("{" + ok.replace("\"set\"", "\"upsert\"") + ",\"timestamp\":\"2025-10-25T12:00:00Z\"}",
                "upsert");
        assertCorrupt("{" + ok + ",\"timestamp\":\"2025-10-25T12:00:00Z\"", "malformed JSON");
        assertCorrupt("[]", "expected a JSON object");
        assertCorrupt("{" + ok + ",\"timestamp\":\"2025-10-25T12:00:00Z\"} {}", "after the JSON object");
        assertCorrupt("", "expected a JSON object");
    }

    @Test
    void decodingInOnePassGivesWhatTheEnvelopeThenTheEntityGive() {
        String ts = ",\"timestamp\":\"2025-10-25T12:00:00.5+01:00\"";
        String envelope = "\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"resource\",\"entityID\":\"r1\"";
        String entity = "\"entity\":{\"id\":\"r1\",\"name\":\"n\",\"kind\":\"k\",\"labels\":{\"a\":\"b\"}}";
        List<String> good = List.of("{" + envelope + "," + entity + ts + "}",
                "{" + entity + "," + envelope + ts + "}", // entity before its type: read in two steps
                "{" + envelope + "," + entity.replace("\"n\"", "\"old\"") + "," + entity + ts + ",\"x\":[1]}",
                "{" + envelope.replace("\"set\"", "\"unset\"") + "," + entity + ts + "}",
                "{" + envelope + "," + entity + ts + ",\"entityType\":\"system\"}"); // the last type counts
        for (String line : good) {
            byte[] padded = ("xx" + line + "yyy").getBytes(StandardCharsets.UTF_8);
            int length = padded.length - 5;
            assertThat(wire.decode(padded, 2, length)).as(line)
                    .isEqualTo(wire.decode(wire.decodeEnvelope(padded, 2, length)));
        }
        List<String> bad = List.of("{" + envelope + ",\"entity\":{\"id\":\"r2\"}" + ts + "}",
                "{" + envelope + ",\"entity\":{\"id\":[1]}" + ts + "}",
                "{" + envelope + "," + entity + "}", "{" + envelope + "," + entity + ts + "} x",
                "{" + envelope + "," + entity + ts);
        for (String line : bad) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            Throwable twoSteps = org.assertj.core.api.Assertions.catchThrowable(
                    () -> wire.decode(wire.decodeEnvelope(bytes)));
            assertThat(twoSteps).as(line).isInstanceOf(CorruptDataException.class);
            assertThatThrownBy(() -> wire.decode(bytes)).as(line).isInstanceOf(CorruptDataException.class)
                    .hasMessage(twoSteps.getMessage());
        }
    }

    @Test
    void entityThatDoesNotFitItsClassIsCorrupt() {
        String line = "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":[1,2]},\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        assertThatThrownBy(() -> wire.decode(line)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("system/s1");
    }

    @Test
    void entityWhoseIdDisagreesWithTheRecordIsCorrupt() {
        String line = "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":\"s2\"},\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        assertThatThrownBy(() -> wire.decode(line)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("system/s2");
    }

    @Test
    void unsetWithANullEntityLoadsAsARawDeletionMarker() {
        String line = "{\"namespace\":\"ws\",\"changeType\":\"unset\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":null,\"timestamp\":\"2025-10-25T12:00:00Z\"}";

        Change change = wire.decode(line);

        assertThat(change.isUnset()).isTrue();
        assertThat(change.key()).isEqualTo(new EntityKey("system", "s1"));
    }

    @Test
    @Timeout(60)
    void decodesManyLinesAsEachLineAloneWouldForRandomMixesOfGoodAndBadLines() {
        WireFormat lenientJson = WireFormat.create(types, JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                        JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .build());
        for (int trial = 0; trial < 400; trial++) {
            long seed = 7000L + trial;
            Random random = new Random(seed);
            byte[] content = randomLines(random);
            int offset = random.nextInt(3);
            byte[] buffer = new byte[offset + content.length + 2];
            System.arraycopy(content, 0, buffer, offset, content.length);
            for (WireFormat format : new WireFormat[] {wire, lenientJson}) {
                List<String> actual = new ArrayList<>();
                int lines = format.decodeEnvelopes(buffer, offset, content.length, recorder(actual, offset));
                actual.add("lines " + lines);

                assertThat(actual).as("seed %d:%n%s", seed, new String(content, StandardCharsets.UTF_8))
                        .isEqualTo(eachLineAlone(format, content));
            }
        }
    }

    @Test
    void theCanonicalReaderReadsEntitiesNestedUpTo64LevelsAndLeavesDeeperOnesToTheParser() {
        for (int depth : new int[] {1, 2, 63, 64, 65, 70}) {
            StringBuilder entity = new StringBuilder();
            for (int level = 1; level <= depth; level++) { // objects and arrays in turn, the entity an object
                entity.append(level % 2 == 1 ? "{\"a\":" : "[1,");
            }
            entity.append("true");
            for (int level = depth; level >= 1; level--) {
                entity.append(level % 2 == 1 ? ",\"b\":2}" : ",2]");
            }
            entity.insert(1, "\"e\":{},\"f\":[],"); // empty containers, one level below the entity
            byte[] line = canonicalLine("set", "s1", entity.toString(), "2025-10-25T12:00:00Z")
                    .getBytes(StandardCharsets.UTF_8);
            List<String> events = new ArrayList<>();
            List<Integer> entityOffsets = new ArrayList<>();
            wire.decodeEnvelopes(line, 0, line.length, new WireFormat.EnvelopeVisitor() {
                @Override
                public void envelope(int index, int offset, int length, LineEnvelope envelope) {
                    recorder(events, 0).envelope(index, offset, length, envelope);
                    entityOffsets.add(envelope.entityOffset());
                }

                @Override
                public void corrupt(int index, int offset, int length, CorruptDataException problem) {
                    recorder(events, 0).corrupt(index, offset, length, problem);
                }
            });
            events.add("lines 1");
            assertThat(events).as("depth %d", depth).isEqualTo(eachLineAlone(wire, line));
            assertThat(entityOffsets).as("depth %d", depth)
                    .containsExactly(depth <= 64 ? new String(line, StandardCharsets.UTF_8).indexOf("\"entity\":") + 9
                            : -1);
        }
    }

    @Test
    @Timeout(120)
    void readsCanonicalLinesByteByByteAsTheParserReadsThemEvenWhenMutated() {
        long seed = 4242L;
        Random random = new Random(seed);
        String[] mutations = {"\"", "{", "}", "[", "]", ",", ":", "\\", "\\u", "0", "-", ".", "e", "+", " ", "\n",
            "\t", "\u0000", "\u00e9", "\uD83D\uDE80", "null", "true", "x"};
        for (int trial = 0; trial < 20_000; trial++) {
            String line = canonicalLine(random.nextBoolean() ? "set" : "unset", "s" + trial,
                    randomJson(random, 0, true), "2025-10-25T12:00:00." + (trial % 1000) + "Z");
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            for (int m = random.nextInt(3); m > 0; m--) {
                bytes = mutate(random, bytes, mutations);
            }
            List<String> actual = new ArrayList<>();
            int lines = wire.decodeEnvelopes(bytes, 0, bytes.length, recorder(actual, 0));
            actual.add("lines " + lines);
            assertThat(actual).as("trial %d (seed %d): %s", trial, seed, new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(eachLineAlone(wire, bytes));
        }
    }

    @Test
    @Timeout(120)
    void readsLinesThatBeginAlikeAsEachLineAloneEvenWhenTheirBeginningsAreMutated() {
        long seed = 4141L;
        Random random = new Random(seed);
        String[] namespaces = {"ns", "nt", "ns2", "n\\u0073", "ns "};
        String[] types = {"system", "systen", "job", "system\\n"};
        String[] mutations = {"\"", "\\", " ", "s", "t", "x", "\u00e9", ",", ":"};
        for (int trial = 0; trial < 2_000; trial++) {
            StringBuilder content = new StringBuilder();
            for (int i = random.nextInt(20); i >= 0; i--) {
                String line = "{\"namespace\":\"" + namespaces[random.nextInt(3) == 0 ? random.nextInt(5) : 0]
                        + "\",\"changeType\":\"" + (random.nextInt(4) == 0 ? "unset" : "set") + "\",\"entityType\":\""
                        + types[random.nextInt(3) == 0 ? random.nextInt(4) : 0] + "\",\"entityID\":\"s" + i
                        + "\",\"entity\":{\"id\":\"s" + i + "\"},\"timestamp\":\"2025-10-25T12:00:0" + i % 10 + "Z\"}";
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (random.nextInt(4) == 0) { // a byte of the beginning replaced, or one more, or one fewer
                    int at = random.nextInt(line.indexOf("\"entity\":"));
                    String piece = mutations[random.nextInt(mutations.length)];
                    String mutated = switch (random.nextInt(3)) {
                        case 0 -> line.substring(0, at) + piece + line.substring(at + 1);
                        case 1 -> line.substring(0, at) + piece + line.substring(at);
                        default -> line.substring(0, at) + line.substring(at + 1);
                    };
                    bytes = mutated.getBytes(StandardCharsets.UTF_8);
                }
                content.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
            byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
            List<String> actual = new ArrayList<>();
            int lines = wire.decodeEnvelopes(bytes, 0, bytes.length, recorder(actual, 0));
            actual.add("lines " + lines);
            assertThat(actual).as("trial %d (seed %d):%n%s", trial, seed, content).isEqualTo(eachLineAlone(wire, bytes));
        }
    }

    @Test
    @Timeout(120)
    void aTrailingTimestampIsTheOneADecodeReadsWheneverTheChangeDecodes() {
        long seed = 4343L;
        Random random = new Random(seed);
        String[] mutations = {"\"", "{", "}", ",", ":", "\\", " ", "\u0000", "\u00e9", "Z", "0", "+01:00",
            "\"timestamp\":\"2030-01-01T00:00:00Z\""};
        int found = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            String line = canonicalLine("set", "s" + trial, randomJson(random, 0, true),
                    "2025-10-25T12:00:0" + (trial % 10) + "." + (trial % 1000) + "Z");
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            for (int m = random.nextInt(3); m > 0; m--) {
                bytes = mutate(random, bytes, mutations);
            }
            Instant trailing = WireFormat.trailingTimestamp(bytes, 0, bytes.length);
            EncodedChange decoded;
            try {
                decoded = wire.decodeEnvelope(bytes);
            } catch (CorruptDataException e) {
                continue;
            }
            String what = String.format("trial %d (seed %d): %s", trial, seed,
                    new String(bytes, StandardCharsets.UTF_8));
            if (trailing != null) {
                found++;
                assertThat(trailing).as(what).isEqualTo(decoded.timestamp());
            }
            if (Arrays.equals(bytes, line.getBytes(StandardCharsets.UTF_8))) {
                assertThat(trailing).as(what).isEqualTo(decoded.timestamp());
            }
        }
        assertThat(found).as("lines read from their last bytes").isGreaterThan(4_000);
    }

    @Test
    void aTrailingTimestampIsReadOnlyFromTheShapeThisFormatWrites() {
        String good = wire.encodeToString(Change.set("ns", new SystemEntity("s1", "x"),
                Instant.parse("2025-10-25T12:00:00.5Z")));
        byte[] framed = ("xx" + good + "yy").getBytes(StandardCharsets.UTF_8);

        assertThat(WireFormat.trailingTimestamp(framed, 2, framed.length - 4))
                .isEqualTo(Instant.parse("2025-10-25T12:00:00.5Z"));
        for (String other : List.of(good + " ", good.replace(",\"timestamp\":", ", \"timestamp\":"),
                good.replace("\"timestamp\":\"", "\"timestamp\": \""), good.replace("00.5Z", "00.5\\u005a"),
                good.replace("00.5Z", "00.5"), good.replace("00.5Z", ""),
                "{\"entity\":{\"timestamp\":\"2025-10-25T12:00:00Z\"}}", "\"timestamp\":\"2025-10-25T12:00:00Z\"}", "}",
                "")) {
            byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
            assertThat(WireFormat.trailingTimestamp(bytes, 0, bytes.length)).as(other).isNull();
        }
        assertThatThrownBy(() -> WireFormat.trailingTimestamp(framed, 2, framed.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aParserStricterThanTheCanonicalReaderKeepsItsVerdict() {
        WireFormat strict = WireFormat.create(types, JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        byte[] line = ("{\"namespace\":\"ns\",\"changeType\":\"set\",\"entityType\":\"system\",\"entityID\":\"s1\","
                + "\"entity\":{\"id\":\"s1\",\"id\":\"s1\"},\"timestamp\":\"2025-10-25T12:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);

        List<String> lenient = new ArrayList<>();
        wire.decodeEnvelopes(line, 0, line.length, recorder(lenient, 0));
        List<String> strictly = new ArrayList<>();
        strict.decodeEnvelopes(line, 0, line.length, recorder(strictly, 0));

        assertThat(lenient).singleElement().asString().doesNotContain("corrupt").contains("system/s1");
        assertThat(strictly).singleElement().asString().contains("corrupt", "Duplicate field 'id'");
    }

    /** A random JSON value (an object at the top), with escapes, non-ASCII text, numbers and literals. */
    static String randomJson(Random random, int depth, boolean object) {
        int kind = object ? 0 : random.nextInt(depth > 3 ? 4 : 6);
        switch (kind) {
            case 0, 1 -> {
                StringBuilder out = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    out.append(randomString(random)).append(':').append(randomJson(random, depth + 1, false));
                    if (i > 1) {
                        out.append(',');
                    }
                }
                return out.append('}').toString();
            }
            case 2 -> {
                String[] numbers = {"0", "-0", "12", "-7.25", "1e9", "2.5E-3", "123456789012345678901234567890", "0.0"};
                return numbers[random.nextInt(numbers.length)];
            }
            case 3 -> {
                return randomString(random);
            }
            case 4 -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    out.append(randomJson(random, depth + 1, false));
                    if (i > 1) {
                        out.append(',');
                    }
                }
                return out.append(']').toString();
            }
            default -> {
                String[] literals = {"true", "false", "null"};
                return literals[random.nextInt(literals.length)];
            }
        }
    }

    private static String randomString(Random random) {
        String[] pieces = {"a", "id", "\\\"", "\\\\", "\\n", "\\u00e9", "\\uD83D", "\u00fc", "\u20ac", "\uD83D\uDE80", "<&>",
            "\\/", " "};
        StringBuilder out = new StringBuilder("\"");
        for (int i = random.nextInt(4); i > 0; i--) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.append('"').toString();
    }

    /** {@code bytes} with one random byte replaced, removed, or a piece inserted. */
    static byte[] mutate(Random random, byte[] bytes, String[] pieces) {
        int at = random.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        switch (random.nextInt(4)) {
            case 0 -> out.write(random.nextInt(256)); // replaced by any byte, invalid UTF-8 included
            case 1 -> { } // removed
            default -> {
                out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                out.write(bytes[at]);
            }
        }
        out.write(bytes, at + 1, bytes.length - at - 1);
        return out.toByteArray();
    }

    @Test
    void decodesManyLinesWithoutCopyingTheirEntitiesAndReusesRepeatedStrings() {
        Instant t = Instant.parse("2025-10-25T12:00:00Z");
        byte[] lines = (wire.encodeToString(Change.set("ns", new SystemEntity("s1", "a"), t)) + "\n\n"
                + wire.encodeToString(Change.unset("ns", new SystemEntity("s2", "b"), t.plusNanos(1))) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        List<Object[]> seen = new ArrayList<>();

        int count = wire.decodeEnvelopes(lines, 0, lines.length, new WireFormat.EnvelopeVisitor() {
            @Override
            public void envelope(int line, int offset, int length, LineEnvelope envelope) {
                seen.add(new Object[] {line, envelope.namespace(), envelope.changeType(), envelope.entityType(),
                    envelope.entityId(), envelope.timestamp()});
            }

            @Override
            public void corrupt(int line, int offset, int length, CorruptDataException problem) {
                throw problem;
            }
        });

        assertThat(count).isEqualTo(3);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).containsExactly(0, "ns", ChangeType.SET, "system", "s1", t);
        assertThat(seen.get(1)).containsExactly(2, "ns", ChangeType.UNSET, "system", "s2", t.plusNanos(1));
        assertThat(seen.get(1)[1]).isSameAs(seen.get(0)[1]);
        assertThat(seen.get(1)[3]).isSameAs(seen.get(0)[3]);
    }

    @Test
    void decodingManyLinesRejectsARegionOutsideTheBuffer() {
        assertThatThrownBy(() -> wire.decodeEnvelopes(new byte[4], 2, 3, recorder(new ArrayList<>(), 0)))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Lines that decode, and lines that fail in every way a line can, joined by newlines. */
    private byte[] randomLines(Random random) {
        String good = wire.encodeToString(Change.set("ns", new SystemEntity("s1", "x"),
                Instant.parse("2025-10-25T12:00:00Z")));
        String other = wire.encodeToString(Change.unset("ns2", new Resource("r\u00e9", "\u00fcber", "k",
                Map.of("a", "b")), Instant.parse("2025-10-25T12:00:00.5Z")));
        String[] pieces = {
            good, other, good, other, "", " \t", "\r", "  " + good + " \t\r",
            good.substring(0, 40), good + good, good + " " + good, good + "x", "[" + good + "]", "42", "null",
            "\uFEFF" + good, good.replace("\"set\"", "\"sets\""), good.replace("\"ns\"", "\"\""),
            good.replace("\"entityID\":\"s1\"", "\"entityID\":\" \""), good.replace("12:00:00Z", "12:00Z"),
            good.replace(",\"entity\":{\"id\":\"s1\",\"name\":\"x\"}", ""),
            good.replace("\"namespace\":\"ns\"", "\"namespace\":7"),
            good.replace("{\"id\"", "/* note */ {\"id\""), good + " // trailing", good + " # yaml",
            good.replace("\"x\"", "\"a\tb\""), good.replace(",\"timestamp\"", ",\n\"timestamp\""),
            good.replace("\"x\"", "\"a\nb\""), good.replace(",\"timestamp\"", ",\r\"timestamp\""),
            good.replace(",\"timestamp\"", ",/* a\nb */\"timestamp\""), "\u0000{", "{\"namespace\":",
            "/* c */", "// c", "# c", "\uFEFF", "\uFEFF ",
            "\u00ff\u00fe", "}", good.replace("\"entity\":{", "\"entity\":[").replace("},\"timestamp", "],\"timestamp"),
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
            if (i < lines - 1 || random.nextBoolean()) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** A change of namespace {@code ns} and entity type {@code system} in the canonical shape, on one line. */
    static String canonicalLine(String changeType, String entityId, String entityJson, String timestamp) {
        return "{\"namespace\":\"ns\",\"changeType\":\"" + changeType + "\",\"entityType\":\"system\",\"entityID\":\""
                + entityId + "\",\"entity\":" + entityJson + ",\"timestamp\":\"" + timestamp + "\"}";
    }

    private static WireFormat.EnvelopeVisitor recorder(List<String> events, int base) {
        return new WireFormat.EnvelopeVisitor() {
            @Override
            public void envelope(int line, int offset, int length, LineEnvelope envelope) {
                events.add(line + " @" + (offset - base) + "+" + length + " " + envelope.namespace() + " "
                        + envelope.changeType() + " " + envelope.entityType() + "/" + envelope.entityId() + " "
                        + envelope.timestamp());
            }

            @Override
            public void corrupt(int line, int offset, int length, CorruptDataException problem) {
                events.add(line + " @" + (offset - base) + "+" + length + " corrupt: " + problem.getMessage());
            }
        };
    }

    /** The reference: split at newlines, skip blank lines, decode each other line alone. */
    private static List<String> eachLineAlone(WireFormat format, byte[] content) {
        List<String> events = new ArrayList<>();
        int line = 0;
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length && start == content.length) {
                break;
            }
            if (i < content.length && content[i] != '\n') {
                continue;
            }
            boolean blank = true;
            for (int b = start; b < i; b++) {
                blank &= content[b] == ' ' || content[b] == '\t' || content[b] == '\r';
            }
            if (!blank) {
                String where = line + " @" + start + "+" + (i - start);
                try {
                    EncodedChange change = format.decodeEnvelope(content, start, i - start);
                    events.add(where + " " + change.namespace() + " " + change.changeType() + " "
                            + change.entityType() + "/" + change.entityId() + " " + change.timestamp());
                } catch (CorruptDataException e) {
                    events.add(where + " corrupt: " + e.getMessage());
                }
            }
            line++;
            start = i + 1;
        }
        events.add("lines " + line);
        return events;
    }

    private void assertCorrupt(String line, String expectedMessagePart) {
        assertThatThrownBy(() -> wire.decode(line)).as(line).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining(expectedMessagePart);
    }
}
