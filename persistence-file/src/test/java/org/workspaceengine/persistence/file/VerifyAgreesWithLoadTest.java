package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.tck.TestEntities;

/**
 * For any file, {@code verify} is clean exactly when a strict load succeeds, and it names the line the load fails
 * on: random files of good and bad lines (malformed JSON, other namespaces, invalid UTF-8, escaped lone surrogates,
 * timestamps out of range, nesting too deep, entities that do not fit their class, torn tails), read with a typed and
 * a generic registry. {@code -Dpersistence.file.fuzzTrials=N} runs N times more files.
 */
class VerifyAgreesWithLoadTest {

    private static final int FILES = 300 * Integer.getInteger("persistence.file.fuzzTrials", 1);

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void verifyIsCleanExactlyWhenAStrictLoadSucceeds() throws Exception {
        long seed = 1313L;
        Random random = new Random(seed);
        int failedLoads = 0;
        for (int trial = 0; trial < FILES; trial++) {
            byte[] file = randomFile(random);
            Path directory = Files.createDirectory(dir.resolve("t" + trial));
            Files.write(directory.resolve("ns.jsonl"), file);
            for (EntityTypes types : new EntityTypes[] {TestEntities.registry(), EntityTypes.generic()}) {
                try (FileStore store = FileStore.builder(directory).entityTypes(types).readOnly(true).build()) {
                    VerificationReport report = store.verify("ns");
                    String failure = null;
                    try {
                        store.load("ns");
                    } catch (CorruptDataException e) {
                        failure = e.getMessage();
                    }
                    String what = String.format("trial %d (seed %d), %s registry, file:%n%s%nreport: %s%nload: %s",
                            trial, seed, types.isGeneric() ? "generic" : "typed",
                            new String(file, StandardCharsets.UTF_8), report, failure);
                    assertThat(report.isClean()).as(what).isEqualTo(failure == null);
                    if (failure != null) {
                        failedLoads++;
                        String failing = failure;
                        assertThat(report.problems()).as(what).anySatisfy(problem -> {
                            assertThat(problem.kind()).isEqualTo(Kind.CORRUPT);
                            assertThat(failing).contains("ns.jsonl line " + problem.position() + ":");
                        });
                    }
                }
            }
        }
        assertThat(failedLoads).as("seed %d: some files fail, some load", seed).isBetween(FILES / 4, 2 * FILES - 10);
    }

    private static byte[] randomFile(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(10) == 0) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte order mark
        }
        int lines = 1 + random.nextInt(8);
        for (int i = 0; i < lines; i++) {
            boolean mostlyGood = random.nextInt(6) != 0;
            out.writeBytes(mostlyGood ? goodLine(random) : badLine(random));
            out.writeBytes(random.nextInt(8) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
            if (random.nextInt(10) == 0) {
                out.writeBytes("  \n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (random.nextInt(4) == 0) {
            byte[] tail = random.nextBoolean() ? goodLine(random) : badLine(random);
            out.write(tail, 0, random.nextBoolean() ? tail.length : random.nextInt(tail.length));
        }
        return out.toByteArray();
    }

    private static byte[] goodLine(Random random) {
        String id = "w" + random.nextInt(4);
        return line("ns", id, "{\"id\":\"" + id + "\",\"name\":\"n\",\"version\":" + random.nextInt(9)
                + ",\"labels\":{},\"payload\":\"é😀\"}", "2025-10-25T12:00:0" + random.nextInt(10) + "Z");
    }

    private static byte[] badLine(Random random) {
        String id = "w" + random.nextInt(4);
        String timestamp = "2025-10-25T12:00:0" + random.nextInt(10) + "Z";
        String entity = "{\"id\":\"" + id + "\",\"version\":1}";
        return switch (random.nextInt(10)) {
            case 0 -> "{not json".getBytes(StandardCharsets.US_ASCII);
            case 1 -> line("other", id, entity, timestamp);
            case 2 -> withByte(line("ns", id, "{\"?id\":\"" + id + "\"}", timestamp), '?', 0xFF);
            case 3 -> line("ns", id, "{\"id\":\"" + id + "\",\"s\":\"\\udc00\"}", timestamp);
            case 4 -> line("ns", id, entity, "+10000-01-01T00:00:00Z");
            case 5 -> line("ns", id, "{\"id\":\"" + id + "\",\"deep\":" + "[".repeat(10_000) + "]".repeat(10_000)
                    + "}", timestamp);
            case 6 -> line("ns", id, "{\"id\":\"" + id + "\",\"version\":\"many\"}", timestamp); // typed: no fit
            case 7 -> line("ns", id, "{\"id\":\"someone-else\",\"version\":1}", timestamp); // typed: wrong id
            case 8 -> withByte(line("ns", id, entity, timestamp), '{', 0xC0);
            default -> line("ns", id, entity, "yesterday");
        };
    }

    private static byte[] line(String namespace, String id, String entity, String timestamp) {
        return ("{\"namespace\":\"" + namespace + "\",\"changeType\":\"set\",\"entityType\":\"widget\",\"entityID\":\""
                + id + "\",\"entity\":" + entity + ",\"timestamp\":\"" + timestamp + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code line} with its first {@code marker} replaced by the byte {@code value}. */
    private static byte[] withByte(byte[] line, char marker, int value) {
        for (int i = 0; i < line.length; i++) {
            if (line[i] == marker) {
                line[i] = (byte) value;
                return line;
            }
        }
        return line;
    }
}
