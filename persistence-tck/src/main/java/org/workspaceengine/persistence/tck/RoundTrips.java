package org.workspaceengine.persistence.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The round-trip property: random, hostile changes are saved in batches; each save either throws a
 * {@link RejectedChangeException} and leaves the namespace as it was, or a later load returns every change it saved
 * with identical entity JSON (raw entities) or equal entity (typed ones), type, id, change type and timestamp.
 *
 * <p>Entities are raw JSON of an unregistered type (numbers of any size and precision, every control character,
 * characters outside the BMP, escapes, empty and deep containers, duplicate and empty keys) and typed
 * {@link Widget}s whose strings hold the same characters, lone surrogates included (which a store that encodes
 * refuses and a memory store keeps). Every change has its own entity, so the expected state is every change kept.
 */
final class RoundTrips {

    /** The type of the raw entities: not registered, so a generic registry loads them as {@link RawEntity}. */
    static final String RAW_TYPE = "raw-gizmo";

    private static final String[] NUMBERS = {"0", "-0", "-0.0", "1e400", "1e-400", "-1E+2", "1E+2", "1.50",
        "3.14159265358979323846264338327950288", "123456789012345678901234567890.123456789", "9007199254740993",
        "-9223372036854775809", "18446744073709551616", "4.9e-324", "1.7976931348623157e309", "0.1", "1e0"};
    private static final String[] ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000",
        "\\u001f", "\\u001F", "\\u007f", "\\u00e9", "\\u2028", "\\u2029", "\\ud83d\\ude00", "\\uD834\\uDD1E",
        "\\u003c", "\\u0026"};
    private static final String[] RAW_TEXT = {"a", "é", "😀", "𝄞", "<", ">", "&", "\u2028", "\u2029", "\u007f", " ",
        "中文", "'", "\uFEFF", "\uFFFF", "\uD83C\uDDFA"};

    private final Store store;
    private final String namespace;
    private final Random random;
    private final long seed;
    private final Map<EntityKey, Change> kept = new LinkedHashMap<>();
    private int refusals;
    private int next;

    private RoundTrips(Store store, String namespace, long seed) {
        this.store = store;
        this.namespace = namespace;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * Saves about {@code changes} random changes to {@code namespace} of {@code store}, a store whose registry is
     * generic (with {@link Widget} registered), and checks the property.
     *
     * @return how many saves were refused
     */
    static int run(Store store, String namespace, long seed, int changes) {
        RoundTrips trips = new RoundTrips(store, namespace, seed);
        trips.saveFixedCases();
        while (trips.next < changes) {
            List<Change> batch = new ArrayList<>();
            for (int size = 1 + trips.random.nextInt(8); size > 0; size--) {
                batch.add(trips.randomChange());
            }
            trips.save(batch);
        }
        trips.checkLoad();
        return trips.refusals;
    }

    /** The cases the issue names, each in a save of its own. */
    private void saveFixedCases() {
        for (String number : NUMBERS) {
            save(List.of(raw("{\"n\":" + number + ",\"in\":[" + number + ",{\"m\":" + number + "}]}", timestamp())));
        }
        StringBuilder controls = new StringBuilder("{");
        for (int c = 0; c < 0x20; c++) {
            controls.append(c == 0 ? "" : ",").append(String.format("\"k\\u%04x\":\"v\\u%04X\"", c, c));
        }
        save(List.of(raw(controls.append('}').toString(), timestamp())));
        save(List.of(raw("{}", timestamp()), raw("{\"a\":[],\"b\":{},\"c\":[[],[{}]],\"\":\"\",\"d\":null}",
                timestamp())));
        save(List.of(raw("{\"dup\":1,\"dup\":2}", timestamp())));
        save(List.of(raw(nested(WireFormat.MAX_ENTITY_DEPTH), timestamp())));
        save(List.of(raw("{\"s\":\"" + "x".repeat(70_000) + "\"}", timestamp())));
        save(List.of(raw("{\"min\":true}", Instant.parse("0000-01-01T00:00:00Z")),
                raw("{\"max\":true}", Instant.parse("9999-12-31T23:59:59.999999999Z"))));
        save(List.of(widget("k\uDC00", "lone low surrogate in a key"), widget("high", "x\uD800")));
        StringBuilder everyControl = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            everyControl.append(c);
        }
        save(List.of(widget(everyControl.toString(), everyControl + "\u007f\u2028\u2029<>&😀𝄞")));
    }

    private void save(List<Change> batch) {
        try {
            store.save(Changes.of(batch));
        } catch (RejectedChangeException e) {
            refusals++;
            checkLoad(); // nothing of the batch is kept
            return;
        }
        for (Change change : batch) {
            kept.put(change.key(), change);
        }
    }

    private void checkLoad() {
        Map<EntityKey, Change> loaded = new LinkedHashMap<>();
        for (Change change : store.load(namespace)) {
            loaded.put(change.key(), change);
        }
        assertThat(loaded.keySet()).as("keys loaded (seed %d)", seed).containsExactlyInAnyOrderElementsOf(
                kept.keySet());
        for (Change expected : kept.values()) {
            Change actual = loaded.get(expected.key());
            String what = expected.key() + " (seed " + seed + ")";
            assertThat(actual.changeType()).as(what).isEqualTo(expected.changeType());
            assertThat(actual.timestamp()).as(what).isEqualTo(expected.timestamp());
            if (expected.entity() instanceof RawEntity raw) {
                assertThat(actual.entity()).as(what).isInstanceOf(RawEntity.class);
                assertThat(((RawEntity) actual.entity()).json()).as(what).isEqualTo(raw.json());
            } else {
                assertThat(actual.entity()).as(what).isEqualTo(expected.entity());
            }
        }
    }

    private Change randomChange() {
        if (random.nextInt(4) == 0) {
            return widget(randomJavaString(), randomJavaString());
        }
        return raw(randomObject(0), timestamp());
    }

    private Change raw(String json, Instant timestamp) {
        RawEntity entity = RawEntity.of(RAW_TYPE, "r" + next++ + randomIdSuffix(), json);
        ChangeType type = random.nextInt(5) == 0 ? ChangeType.UNSET : ChangeType.SET;
        return new Change(namespace, type, entity, timestamp);
    }

    private Change widget(String label, String payload) {
        Entity widget = new Widget("w" + next++ + randomIdSuffix(), "name " + label, random.nextInt(),
                Map.of(label, payload), payload);
        return Change.set(namespace, widget, timestamp());
    }

    private String randomIdSuffix() {
        return switch (random.nextInt(6)) {
            case 0 -> " é😀";
            case 1 -> "/<&>\"\\";
            case 2 -> "\t\n";
            default -> "";
        };
    }

    /** A timestamp anywhere in years 0000-9999, often with nanoseconds. */
    private Instant timestamp() {
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        long seconds = random.nextInt(3) == 0 ? 1_761_393_600L + random.nextInt(1_000_000)
                : min + (long) (random.nextDouble() * (max - min));
        int nanos = switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private String randomObject(int depth) {
        StringBuilder json = new StringBuilder("{");
        for (int members = random.nextInt(depth == 0 ? 6 : 3); members > 0; members--) {
            json.append(json.length() > 1 ? "," : "").append(randomString()).append(':').append(randomValue(depth));
        }
        return json.append('}').toString();
    }

    private String randomValue(int depth) {
        int pick = random.nextInt(depth > 4 ? 4 : 7);
        return switch (pick) {
            case 0 -> randomString();
            case 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 2 -> Long.toString(random.nextLong());
            case 3 -> new String[] {"true", "false", "null"}[random.nextInt(3)];
            case 4 -> randomObject(depth + 1);
            default -> {
                StringBuilder array = new StringBuilder("[");
                for (int n = random.nextInt(4); n > 0; n--) {
                    array.append(array.length() > 1 ? "," : "").append(randomValue(depth + 1));
                }
                yield array.append(']').toString();
            }
        };
    }

    /** A JSON string of escapes and raw characters, sometimes long. */
    private String randomString() {
        StringBuilder text = new StringBuilder("\"");
        int length = random.nextInt(50) == 0 ? 2000 + random.nextInt(20_000) : random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(4)) {
                case 0 -> ESCAPES[random.nextInt(ESCAPES.length)];
                case 1 -> RAW_TEXT[random.nextInt(RAW_TEXT.length)];
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return text.append('"').toString();
    }

    /** A Java string of hostile characters: controls, surrogate pairs, and now and then a lone surrogate. */
    private String randomJavaString() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(10); i >= 0; i--) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 2 -> text.append(random.nextInt(8) == 0 ? (char) (0xD800 + random.nextInt(0x800)) : 'é');
                case 3 -> text.append(RAW_TEXT[random.nextInt(RAW_TEXT.length)]);
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }
}
