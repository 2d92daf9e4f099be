package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.file.FileStore;

/** What pstore imports, dumps and copies comes back byte for byte, or is refused with nothing stored. */
class FidelityCliTest {

    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void setUp() {
        store = "file:" + dir.resolve("data");
    }

    private static String line(String id, String entity, String timestamp) {
        return "{\"namespace\":\"ws\",\"changeType\":\"set\",\"entityType\":\"gizmo\",\"entityID\":\"" + id
                + "\",\"entity\":" + entity + ",\"timestamp\":\"" + timestamp + "\"}";
    }

    /** Lines in the canonical shape (as the Go original writes them), with hostile numbers and characters. */
    private static List<String> hostileLines() {
        String[] entities = {"{\"n\":1e400}", "{\"n\":1e-400}", "{\"pi\":3.14159265358979323846264338327950288}",
            "{\"n\":123456789012345678901234567890.123456789}", "{\"n\":1E+2}", "{\"n\":-0}", "{\"n\":-0.0}",
            "{\"z\":1,\"a\":2,\"m\":[1.50,{}]}", "{\"s\":\"😀 é \\u000b\\u001f\\b\\f\\n\\u003c\\u0026\\u2028\"}",
            "{\"k😀\\u0001\":\"\\ud83d\\ude00\"}", "{\"deep\":" + "[".repeat(2000) + "]".repeat(2000) + "}"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < entities.length; i++) {
            lines.add(line("g" + i, entities[i], "2025-10-25T12:00:0" + (i % 10) + "." + (100 + i) + "1Z"));
        }
        return lines;
    }

    @Test
    void importThenDumpGivesBackEveryLineByteForByte() {
        List<String> lines = hostileLines();

        Cli.Result imported = Cli.runWithInput(String.join("\n", lines) + "\n", "--store", store, "import");
        Cli.Result dumped = Cli.run("--store", store, "dump", "ws");

        assertThat(imported.status()).as("%s", imported).isZero();
        assertThat(dumped.status()).as("%s", dumped).isZero();
        assertThat(dumped.outLines()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void aCopyBetweenFileStoresKeepsEveryEntityByteForByte() throws IOException {
        List<String> lines = hostileLines();
        Cli.runWithInput(String.join("\n", lines) + "\n", "--store", store, "import");
        String target = "file:" + dir.resolve("copy");

        Cli.Result copied = Cli.run("copy", "--from", store, "--to", target);

        assertThat(copied.status()).as("%s", copied).isZero();
        assertThat(Files.readAllLines(dir.resolve("copy").resolve("ws.jsonl"), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void importRefusesAFieldNameThatIsNotUnicodeAndStoresNothing() {
        byte[] input = bytes(line("g1", "{\"k?\":1}", "2025-10-25T12:00:00Z"));
        int at = indexOf(input, (byte) '?');
        byte[] bad = new byte[input.length + 3];
        System.arraycopy(input, 0, bad, 0, at);
        byte[] beyondUnicode = {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
        System.arraycopy(beyondUnicode, 0, bad, at, 4);
        System.arraycopy(input, at + 1, bad, at + 4, input.length - at - 1);

        Cli.Result result = Cli.runWithInput(bad, "--store", store, "import");

        assertThat(result.status()).as("%s", result).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("pstore: stdin line 1: ").containsIgnoringCase("invalid UTF-8")
                .contains("nothing was stored");
        assertThat(Cli.run("--store", store, "ls").out()).isEmpty();
    }

    @Test
    void importRefusesAnInvalidFieldNameEvenAfterALineWithTheValidName() {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(bytes(line("g1", "{\"id\":1}", "2025-10-25T12:00:00Z") + "\n"));
        byte[] second = bytes(line("g2", "{\"?id\":2}", "2025-10-25T12:00:01Z") + "\n");
        second[indexOf(second, (byte) '?')] = (byte) 0xff;
        input.writeBytes(second);

        Cli.Result result = Cli.runWithInput(input.toByteArray(), "--store", store, "import");

        assertThat(result.status()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).startsWith("pstore: stdin line 2: ").containsIgnoringCase("invalid UTF-8")
                .contains("nothing was stored");
        assertThat(Cli.run("--store", store, "ls").out()).isEmpty();
    }

    @Test
    void importRefusesAChangeLongerThanALineMayHoldAndStoresNothingOfItsBatch() {
        String small = line("small", "{}", "2025-10-25T12:00:00Z");
        String template = line("huge", "{\"s\":\"\"}", "2025-10-25T12:00:01Z");
        // Just within what import reads; the longer namespace it is saved to makes it too long for the file store.
        String huge = line("huge", "{\"s\":\"" + "x".repeat(FileStore.MAX_LINE_BYTES - 1 - template.length())
                + "\"}", "2025-10-25T12:00:01Z");

        Cli.Result result = Cli.runWithInput(small + "\n" + huge + "\n", "--store", store, "import",
                "--namespace", "a-longer-namespace");

        assertThat(result.status()).as("exit %d: %s", result.status(), result.err()).isEqualTo(1);
        assertThat(result.err()).contains("stdin lines 1-2")
                .contains("entity gizmo/huge of namespace 'a-longer-namespace'")
                .contains("more than the " + FileStore.MAX_LINE_BYTES + " bytes a line of the file store may hold")
                .contains("nothing was stored").doesNotContain("partly");
        assertThat(Cli.run("--store", store, "ls").out()).isEmpty();
    }

    @Test
    void importStopsAtALineLongerThanAnyStoreKeepsWithoutReadingItThrough() {
        String small = line("small", "{}", "2025-10-25T12:00:00Z");
        String huge = line("huge", "{\"s\":\"" + "x".repeat(FileStore.MAX_LINE_BYTES) + "\"}", "2025-10-25T12:00:01Z");

        Cli.Result result = Cli.runWithInput(small + "\n" + huge + "\n", "--store", store, "import", "--batch", "1");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.outLines()).containsExactly("acked 1");
        assertThat(result.err()).contains("stdin line 2 is longer than " + (FileStore.MAX_LINE_BYTES - 1) + " bytes");
    }

    @Test
    void aStoredTimestampOutsideYearsZeroToNineThousandNineHundredNinetyNineIsACorruptLineWithFileAndLine()
            throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("ws.jsonl"), line("g1", "{}", "2025-10-25T12:00:00Z") + "\n"
                + line("g2", "{}", "+10000-01-01T00:00:00Z") + "\n");

        Cli.Result dump = Cli.run("--store", store, "dump", "ws");
        Cli.Result verify = Cli.run("--store", store, "verify", "ws");

        assertThat(dump.status()).isEqualTo(1);
        assertThat(dump.errLines()).singleElement().asString().contains("ws.jsonl line 2")
                .contains("outside years 0000-9999");
        assertThat(verify.status()).as("%s", verify).isEqualTo(3);
        assertThat(verify.out()).contains("line 2").contains("outside years 0000-9999");
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
