package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.MigrationException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Random and mutated lines between two good ones: a strict load either succeeds or fails with a documented
 * exception naming line 2; a lenient load and compaction never lose the good lines. Trials: system property
 * {@code persistence.file.fuzzTrials} (default {@value #DEFAULT_TRIALS}); a failure names its seed.
 */
@Timeout(300)
class FuzzTest {

    static final int DEFAULT_TRIALS = 400;
    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final WireFormat WIRE = WireFormat.create(TestEntities.registry());
    private static final String[] JUNK = {"", "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999",
        "123456789012345678901234567890", "-0", "NaN", "\"2025-13-45T25:61:61Z\"", "\"2025-10-25T12:00:00.1234567891Z\"",
        "\"2025-10-25 12:00:00\"", "\"set\"", "\"unset\"", "\"delete\"", "{\"a\":", "[[[[[[[[", "\\u0000", "\\uD800",
        "\"\\ud800\"", "\u00fc", "\uD83D\uDE80", "\"namespace\"", "\"entity\"", "\"entityID\"", "\"timestamp\""};

    @TempDir
    Path directory;

    @Test
    void randomAndMutatedLinesGiveOnlyDocumentedExceptionsAndLoseNothingInLenientMode() throws Exception {
        int trials = Integer.getInteger("persistence.file.fuzzTrials", DEFAULT_TRIALS);
        long baseSeed = Long.getLong("persistence.file.fuzzSeed", 20251025L);
        try (FileStore lenient = FileStore.builder(directory).entityTypes(TestEntities.registry()).lenient(true)
                .durability(Durability.FLUSH).build();
             FileStore strict = FileStore.builder(directory).entityTypes(TestEntities.registry()).readOnly(true)
                     .build()) {
            int refused = 0;
            for (int trial = 0; trial < trials; trial++) {
                long seed = baseSeed + trial;
                try {
                    refused += runTrial(new Random(seed), "fuzz-" + trial, lenient, strict) ? 1 : 0;
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("fuzz trial " + trial + " failed; rerun with -Dpersistence.file"
                            + ".fuzzSeed=" + seed + " -Dpersistence.file.fuzzTrials=1: " + e.getMessage(), e);
                }
            }
            assertThat(refused).as("trials whose strict load failed (the fuzzer must produce bad lines)")
                    .isGreaterThan(trials / 2);
        }
    }

    /** Runs one trial; returns whether the strict load refused the file. */
    private boolean runTrial(Random random, String namespace, FileStore lenient, FileStore strict) throws Exception {
        byte[] bad = random.nextInt(4) == 0 ? randomLine(random) : mutate(random, line(namespace, "w-m", 7));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(line(namespace, "w-a", 1));
        file.write('\n');
        file.write(bad);
        file.write('\n');
        file.write(line(namespace, "w-b", 2));
        file.write('\n');
        Path path = directory.resolve(NamespaceFileNames.fileName(namespace));
        Files.write(path, file.toByteArray());

        boolean refused = false;
        try {
            Changes loaded = strict.load(namespace);
            assertThat(keys(loaded)).contains("w-a", "w-b");
        } catch (CorruptDataException e) {
            assertThat(e.location()).isEqualTo(path + " line 2");
            assertThat(e.getMessage()).contains(path.toString(), "line 2");
            refused = true;
        } catch (UnknownEntityTypeException | MigrationException e) {
            assertThat(e.getMessage()).contains(namespace);
            refused = true;
        }

        try {
            Changes loaded = lenient.load(namespace);
            assertThat(keys(loaded)).contains("w-a", "w-b");
            lenient.compact(namespace);
            assertThat(lenient.load(namespace)).isEqualTo(loaded);
        } catch (UnknownEntityTypeException e) {
            assertThat(e.getMessage()).contains(namespace); // an unregistered type is not corrupt data
        }
        return refused;
    }

    private static Set<String> keys(Changes changes) {
        return changes.stream().map(Change::entityId).collect(Collectors.toSet());
    }

    private static byte[] line(String namespace, String id, int version) {
        return WIRE.encode(Change.set(namespace, Widget.of(id, version), T0.plusSeconds(version)));
    }

    private static byte[] randomLine(Random random) {
        if (random.nextBoolean()) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            return withoutNewlines(bytes);
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            text.append(JUNK[random.nextInt(JUNK.length)]);
        }
        return withoutNewlines(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] mutate(Random random, byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        switch (random.nextInt(9)) {
            case 0 -> text = text.substring(0, random.nextInt(text.length())); // truncated
            case 1 -> text = text.replace("\"version\":7", "\"version\":" + JUNK[random.nextInt(JUNK.length)]);
            case 2 -> text = text.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":"
                    + JUNK[random.nextInt(JUNK.length)]);
            case 3 -> text = text.replace("\"set\"", JUNK[random.nextInt(JUNK.length)]);
            case 4 -> text = text.replaceFirst("\"" + pick(random, "namespace", "changeType", "entityType",
                    "entityID", "entity", "timestamp") + "\":", "\"x\":");
            case 5 -> text = text.replace("\"entityType\":\"widget\"", "\"entityType\":"
                    + pick(random, "\"gizmo\"", "\"\"", "\" \"", "1", "null", "[]", "\"gadget\""));
            case 6 -> text = text.replace("\"entity\":{", "\"entity\":" + pick(random, "[", "1,\"y\":{", "\"s\",\"y\":{",
                    "null,\"y\":{", "{\"id\":{},\"z\":{"));
            default -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    bytes[random.nextInt(bytes.length)] = (byte) pick(random, 0xFF, 0xC3, 0x80, 0x00, '"', '{', '}',
                            '\\', random.nextInt(256));
                }
                return withoutNewlines(bytes);
            }
        }
        return withoutNewlines(text.getBytes(StandardCharsets.UTF_8));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] withoutNewlines(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                bytes[i] = ' ';
            }
        }
        return bytes;
    }
}
