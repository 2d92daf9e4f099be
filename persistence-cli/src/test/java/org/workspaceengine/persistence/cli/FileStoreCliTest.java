package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.wire.WireFormat;

/** Every command on real file stores, through the main class, checking output and exit status. */
class FileStoreCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void setUp() {
        store = "file:" + dir.resolve("data");
    }

    static String line(String namespace, String changeType, String type, String id, String name, Instant at) {
        return "{\"namespace\":\"" + namespace + "\",\"changeType\":\"" + changeType + "\",\"entityType\":\"" + type
                + "\",\"entityID\":\"" + id + "\",\"entity\":{\"id\":\"" + id + "\",\"name\":\"" + name + "\"},"
                + "\"timestamp\":\"" + WireFormat.formatTimestamp(at) + "\"}";
    }

    /** ws-1: sys-1 written twice, res-1 set then unset; ws-2: one job. Six lines in all. */
    private void seed() {
        String input = String.join("\n",
                line("ws-1", "set", "system", "sys-1", "Production", T0),
                line("ws-1", "set", "resource", "res-1", "server-1", T0.plusSeconds(1)),
                line("ws-1", "set", "system", "sys-1", "Production System", T0.plusSeconds(2)),
                line("ws-1", "unset", "resource", "res-1", "server-1", T0.plusSeconds(3)),
                line("ws-2", "set", "job", "job-1", "deploy <prod> & co", T0.plusNanos(123_456_789)),
                line("ws-1", "set", "policy", "pol-1", "Approval", T0.plusSeconds(4))) + "\n";
        Cli.Result result = Cli.runWithInput(input, "--store", store, "import");
        assertThat(result.status()).as("%s", result).isZero();
    }

    @Test
    void importPrintsAnAckAfterEachBatch() {
        String input = IntStream.range(0, 7)
                .mapToObj(i -> line("ws-1", "set", "system", "sys-" + i, "n" + i, T0.plusSeconds(i)))
                .collect(Collectors.joining("\n"));
        Cli.Result result = Cli.runWithInput(input, "--store", store, "import", "--batch", "3");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("acked 3", "acked 6", "acked 7");
        assertThat(result.err()).isEmpty();
        assertThat(Cli.run("--store", store, "dump", "ws-1", "--count").out()).isEqualTo("7\n");
    }

    @Test
    void importWithNamespaceOverridesEachLinesNamespace() {
        String input = line("a", "set", "system", "s1", "x", T0) + "\n" + line("b", "set", "system", "s2", "y", T0);
        Cli.Result result = Cli.runWithInput(input, "--store", store, "import", "--namespace", "target");

        assertThat(result.outLines()).containsExactly("acked 2");
        assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("target");
    }

    @Test
    void importSkipsBlankLinesAndAcceptsCrLf() {
        String input = "\r\n" + line("ws", "set", "system", "s1", "x", T0) + "\r\n   \n";
        Cli.Result result = Cli.runWithInput(input, "--store", store, "import");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("acked 1");
    }

    @Test
    void malformedLineStopsImportAndStoresNothingBeyondAckedBatches() {
        String input = String.join("\n",
                line("ws", "set", "system", "s1", "a", T0),
                line("ws", "set", "system", "s2", "b", T0),
                line("ws", "set", "system", "s3", "c", T0),
                "{\"namespace\":\"ws\",\"changeType\":\"set\",", // line 4: cut short
                line("ws", "set", "system", "s5", "e", T0));
        Cli.Result result = Cli.runWithInput(input, "--store", store, "import", "--batch", "2");

        assertThat(result.status()).as("%s", result).isEqualTo(1);
        assertThat(result.outLines()).containsExactly("acked 2");
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("pstore: stdin line 4: ")
                .contains("the line starts: `{\"namespace\":\"ws\",\"changeType\":\"set\",`")
                .endsWith("(stored: the 2 acked changes only)\n");
        Cli.Result dump = Cli.run("--store", store, "dump", "ws");
        assertThat(dump.outLines()).hasSize(2).allMatch(l -> l.contains("\"s1\"") || l.contains("\"s2\""));
    }

    @Test
    void malformedFirstBatchStoresNothing() {
        String input = line("ws", "set", "system", "s1", "a", T0) + "\n"
                + "{\"namespace\":\"ws\",\"changeType\":\"maybe\",\"entityType\":\"system\",\"entityID\":\"s2\","
                + "\"entity\":{},\"timestamp\":\"2025-10-25T12:00:00Z\"}\n";
        Cli.Result result = Cli.runWithInput(input, "--store", store, "import");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("stdin line 2").contains("maybe").contains("nothing was stored");
        assertThat(Cli.run("--store", store, "ls").out()).isEmpty();
    }

    @Test
    void lsPrintsOneNamespacePerLine() {
        seed();
        Cli.Result result = Cli.run("--store", store, "ls");

        assertThat(result.status()).isZero();
        assertThat(result.outLines()).containsExactly("ws-1", "ws-2");
    }

    @Test
    void dumpPrintsCurrentStateAsWireFormatLinesInReplayOrder() throws IOException {
        seed();
        Cli.Result result = Cli.run("--store", store, "dump", "ws-1");

        assertThat(result.status()).as("%s", result).isZero();
        List<String> lines = result.outLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(line("ws-1", "set", "system", "sys-1", "Production System",
                T0.plusSeconds(2)));
        assertThat(JSON.readTree(lines.get(1)).get("changeType").asText()).isEqualTo("unset");
        assertThat(JSON.readTree(lines.get(2)).get("entityID").asText()).isEqualTo("pol-1");
        // The entity's text as imported and nanosecond timestamps survive the round trip unchanged.
        assertThat(Cli.run("--store", store, "dump", "ws-2").out())
                .contains("deploy <prod> & co").contains("\"2025-10-25T12:00:00.123456789Z\"");
    }

    @Test
    void dumpCountPrintsTheNumberOfEntities() {
        seed();
        assertThat(Cli.run("--store", store, "dump", "ws-1", "--count").out()).isEqualTo("3\n");
        assertThat(Cli.run("--store", store, "dump", "--count", "unknown-ns", "--missing-ok").out())
                .isEqualTo("0\n");
    }

    @Test
    void dumpOutputImportsIntoAnotherStoreUnchanged() {
        seed();
        String dump = Cli.run("--store", store, "dump", "ws-1").out();
        String other = "file:" + dir.resolve("other");

        assertThat(Cli.runWithInput(dump, "--store", other, "import").outLines()).containsExactly("acked 3");
        assertThat(Cli.run("--store", other, "dump", "ws-1").out()).isEqualTo(dump);
    }

    @Test
    void statsPrintsLiveEntitiesAndUnsetMarkers() {
        seed();
        Cli.Result result = Cli.run("--store", store, "stats", "ws-1");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).contains("namespace      ws-1", "live entities  2", "unset markers  1");
        assertThat(result.outLines()).anyMatch(l -> l.startsWith("lines "))
                .anyMatch(l -> l.startsWith("bytes ")).anyMatch(l -> l.startsWith("garbage ratio "));
    }

    @Test
    void statsJsonPrintsOneObjectPerNamespace() throws IOException {
        seed();
        Cli.Result result = Cli.run("--store", store, "stats", "--json", "ws-1", "ws-2");

        assertThat(result.status()).isZero();
        assertThat(result.outLines()).hasSize(2);
        JsonNode first = JSON.readTree(result.outLines().get(0));
        assertThat(first.get("namespace").asText()).isEqualTo("ws-1");
        assertThat(first.get("liveEntities").asLong()).isEqualTo(2);
        assertThat(first.get("unsetMarkers").asLong()).isEqualTo(1);
        assertThat(first.has("lines")).isTrue();
        assertThat(first.has("bytes")).isTrue();
        assertThat(first.has("garbageRatio")).isTrue();
        assertThat(JSON.readTree(result.outLines().get(1)).get("liveEntities").asLong()).isEqualTo(1);
    }

    @Test
    void statsAllPrintsEveryNamespaceThenTheTotals() throws IOException {
        seed();
        Cli.Result result = Cli.run("--store", store, "stats", "--all");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).contains("namespace      ws-1", "namespace      ws-2", "namespaces     2")
                .endsWith("namespaces     2", "live entities  3", "unset markers  1");
        List<String> json = Cli.run("--store", store, "stats", "--all", "--json").outLines();
        assertThat(json).hasSize(3);
        JsonNode totals = JSON.readTree(json.get(2));
        assertThat(totals.get("namespaces").asLong()).isEqualTo(2);
        assertThat(totals.get("liveEntities").asLong()).isEqualTo(3);
        assertThat(totals.get("unsetMarkers").asLong()).isEqualTo(1);
    }

    @Test
    void statsWithNamespacesAndAllIsAUsageError() {
        Cli.Result result = Cli.run("--store", store, "stats", "ws-1", "--all");

        assertThat(result.status()).as("%s", result).isEqualTo(Pstore.USAGE);
        assertThat(result.err()).contains("give namespaces or --all, not both");
    }

    @Test
    void deleteWithYesDeletesTheNamespacesSayingWhatTheyHeldAndKeepsTheOthers() {
        seed();
        Cli.Result result = Cli.run("--store", store, "delete", "ws-1", "--yes");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("deleted ws-1: 2 live entities, 1 unset markers");
        assertThat(dir.resolve("data").resolve("ws-1.jsonl")).doesNotExist();
        assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("ws-2");
        assertThat(Cli.run("--store", store, "dump", "ws-1", "--count", "--missing-ok").out()).isEqualTo("0\n");
    }

    @Test
    void deleteWithoutYesAndNoTerminalToAskOnIsAUsageErrorThatDeletesNothing() {
        seed();
        Cli.Result result = Cli.run("--store", store, "delete", "ws-1");

        assertThat(result.status()).as("%s", result).isEqualTo(Pstore.USAGE);
        assertThat(result.err()).contains("give --yes");
        assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("ws-1", "ws-2");
    }

    @Test
    void deleteOnATerminalDeletesOnlyWhenTheAnswerIsYes() {
        seed();
        Cli.Result declined = Cli.run("n\n", true, new AtomicLong()::get, "--store", store, "delete", "ws-1");

        assertThat(declined.status()).as("%s", declined).isEqualTo(Pstore.FAILED);
        assertThat(declined.err()).contains("Delete namespace ws-1 from", "[y/N]", "not confirmed; nothing deleted");
        assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("ws-1", "ws-2");

        Cli.Result confirmed = Cli.run("y\n", true, new AtomicLong()::get, "--store", store, "delete", "ws-1");

        assertThat(confirmed.status()).as("%s", confirmed).isZero();
        assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("ws-2");
    }

    @Test
    void compactKeepsTheCurrentStateAndShrinksTheFile() throws IOException {
        seed();
        Path file = dir.resolve("data").resolve("ws-1.jsonl");
        String before = Cli.run("--store", store, "dump", "ws-1").out();
        assertThat(Files.readAllLines(file)).hasSize(5);
        long bytesBefore = Files.size(file);

        Cli.Result result = Cli.run("--store", store, "compact", "ws-1");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("compacted ws-1: 5 -> 3 lines, " + bytesBefore + " -> "
                + Files.size(file) + " bytes");
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(Cli.run("--store", store, "dump", "ws-1").out()).isEqualTo(before);
    }

    @Test
    void compactAllCompactsEveryNamespace() {
        seed();
        Cli.Result result = Cli.run("--store", store, "compact", "--all");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).hasSize(2);
        assertThat(result.outLines().get(0)).startsWith("compacted ws-1");
        assertThat(result.outLines().get(1)).startsWith("compacted ws-2");
    }

    @Test
    void verifyOfCleanNamespacesExitsZero() {
        seed();
        Cli.Result result = Cli.run("--store", store, "verify", "--all");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).hasSize(2);
        assertThat(result.outLines().get(0)).startsWith("ws-1: ok");
        assertThat(result.outLines().get(1)).startsWith("ws-2: ok");
    }

    @Test
    void verifyReportsACorruptLineWithItsLineNumberAndExitsThree() throws IOException {
        seed();
        Path file = dir.resolve("data").resolve("ws-1.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(1, "{\"namespace\":\"ws-1\",\"changeType\":\"set\", garbage");
        Files.write(file, lines);

        Cli.Result result = Cli.run("--store", store, "verify", "ws-1", "ws-2");

        assertThat(result.status()).as("%s", result).isEqualTo(3);
        assertThat(result.out()).contains("ws-1.jsonl line 2").contains("ws-2: ok");
        assertThat(result.outLines().get(0)).startsWith("ws-1: 1 problem");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void dumpOfACorruptFileFailsWithOneLineNamingFileAndLine() throws IOException {
        seed();
        Path file = dir.resolve("data").resolve("ws-2.jsonl");
        Files.writeString(file, "garbage\n" + Files.readString(file));

        Cli.Result result = Cli.run("--store", store, "dump", "ws-2");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString().startsWith("pstore: ").contains("ws-2.jsonl line 1");
    }

    @Test
    void copyCopiesCurrentStateKeepingTimestamps() {
        seed();
        String target = "file:" + dir.resolve("backup");
        Cli.Result result = Cli.run("copy", "--from", store, "--to", target);

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("copied ws-1: 3 changes", "copied ws-2: 1 change",
                "copied 2 namespaces, 4 changes");
        for (String namespace : List.of("ws-1", "ws-2")) {
            assertThat(Cli.run("--store", target, "dump", namespace).out())
                    .isEqualTo(Cli.run("--store", store, "dump", namespace).out());
        }
    }

    @Test
    void copyOfNamedNamespacesCopiesOnlyThose() {
        seed();
        String target = "file:" + dir.resolve("backup");
        Cli.Result result = Cli.run("copy", "--from", store, "--to", target, "ws-2");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(Cli.run("--store", target, "ls").outLines()).containsExactly("ws-2");
    }

    @Test
    void copyPrintsPlainProgressLinesWhenStderrIsNotATerminal() {
        seed();
        // Each reading of this clock is three seconds after the previous one: every batch is due for a line.
        long[] now = {0};
        Cli.Result result = Cli.run("", false, () -> now[0] += 3_000_000_000L, "copy", "--from", store, "--to",
                "file:" + dir.resolve("backup"), "ws-1");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.err()).doesNotContain("\r").contains("copy ws-1: 3/3 changes (100%)")
                .contains("copy ws-1: done, 3 changes");
    }

    @Test
    void copyDrawsAProgressBarWhenStderrIsATerminal() {
        seed();
        long[] now = {0};
        Cli.Result result = Cli.run("", true, () -> now[0] += 3_000_000_000L, "copy", "--from", store, "--to",
                "file:" + dir.resolve("backup"), "ws-1");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.err()).contains("\rcopy ws-1 [").contains("] 3/3 changes (100%)");
    }

    @Test
    void readingCommandsWorkWhileAServiceHoldsTheStore() {
        seed();
        EntityTypes types = EntityTypes.generic();
        try (Store service = Stores.open(store, types)) {
            service.save(Changes.of(Change.set("ws-3", RawEntity.of("system", "s", "{}"),
                    T0)));

            assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("ws-1", "ws-2", "ws-3");
            assertThat(Cli.run("--store", store, "dump", "ws-3", "--count").out()).isEqualTo("1\n");
            assertThat(Cli.run("--store", store, "stats", "ws-3").status()).isZero();
            assertThat(Cli.run("--store", store, "verify", "--all").status()).isZero();
            assertThat(Cli.run("copy", "--from", store, "--to", "file:" + dir.resolve("b")).status()).isZero();

            // Writing needs the lock the service holds: a clear one-line error.
            Cli.Result compact = Cli.run("--store", store, "compact", "ws-1");
            assertThat(compact.status()).isEqualTo(1);
            assertThat(compact.errLines()).singleElement().asString().startsWith("pstore: ");
        }
    }

    @Test
    void missingDirectoryIsAnOperationalError() {
        String missing = "file:" + dir.resolve("nope");
        for (String command : List.of("ls", "verify --all", "compact --all", "stats ws", "dump ws")) {
            List<String> args = new java.util.ArrayList<>(List.of("--store", missing));
            args.addAll(List.of(command.split(" ")));
            Cli.Result result = Cli.run(args.toArray(String[]::new));

            assertThat(result.status()).as("%s: %s", command, result).isEqualTo(1);
            assertThat(result.errLines()).singleElement().asString().startsWith("pstore: ").contains("nope")
                    .contains("does not exist");
            assertThat(result.out()).isEmpty();
        }
        assertThat(Files.exists(dir.resolve("nope"))).isFalse();
    }

    @Test
    void defaultStoreIsDataInTheWorkingDirectory() {
        assertThat(StoreSelection.of(List.of()).uris()).containsExactly("file:./data");
        assertThat(StoreSelection.prepare(store, StoreSelection.Access.READ_WRITE).toString()).isEqualTo(store);
    }

    @Test
    void readOnlyIsAddedToFileUrisForReading() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        assertThat(StoreSelection.prepare(store, StoreSelection.Access.READ_ONLY).toString())
                .isEqualTo(store + "?readOnly=true");
        assertThat(StoreSelection.prepare(store + "?lenient=true", StoreSelection.Access.READ_ONLY).toString())
                .isEqualTo(store + "?lenient=true&readOnly=true");
        assertThat(StoreSelection.prepare("memory:", StoreSelection.Access.READ_ONLY).toString())
                .isEqualTo("memory:?");
    }

    @Test
    void wireFormatOfStoredFileIsWhatDumpPrints() throws IOException {
        seed();
        Cli.run("--store", store, "compact", "ws-2");
        String file = Files.readString(dir.resolve("data").resolve("ws-2.jsonl"), StandardCharsets.UTF_8);
        assertThat(Cli.run("--store", store, "dump", "ws-2").out()).isEqualTo(file);
    }

    @Test
    void lsReportsAJsonlFileThatMapsToNoNamespaceOnStderr() throws IOException {
        seed();
        Path stray = Files.writeString(dir.resolve("data").resolve(".hidden.jsonl"), "");

        Cli.Result result = Cli.run("--store", store, "ls");

        assertThat(result.status()).isZero();
        assertThat(result.outLines()).containsExactly("ws-1", "ws-2");
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("pstore: warning: not a namespace file: " + stray.toRealPath());
    }

    @Test
    void verifyAllCountsAJsonlFileThatMapsToNoNamespaceAsAProblem() throws IOException {
        seed();
        Files.createSymbolicLink(dir.resolve("data").resolve("linked.jsonl"), dir.resolve("data").resolve("ws-1.jsonl"));

        Cli.Result result = Cli.run("--store", store, "verify", "--all");

        assertThat(result.status()).as("%s", result).isEqualTo(VerifyCommand.PROBLEMS_FOUND);
        assertThat(result.out()).contains("ws-1: ok").contains("ws-2: ok")
                .contains("not a namespace file: ").contains("linked.jsonl: a symbolic link");
    }

    @Test
    void aFileNamedByTheGoOriginalIsListedAndDumped() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("my workspace.jsonl"),
                line("my workspace", "set", "system", "s1", "x", T0) + "\n");

        assertThat(Cli.run("--store", store, "ls").outLines()).containsExactly("my workspace");
        assertThat(Cli.run("--store", store, "dump", "my workspace").outLines()).hasSize(1);
        assertThat(Cli.run("--store", store, "verify", "--all").status()).isZero();
    }
}
