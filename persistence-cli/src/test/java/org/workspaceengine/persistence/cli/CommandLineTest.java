package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors, operational errors, help, and the fallbacks for stores without optional capabilities. */
class CommandLineTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = Cli.run();

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(
                "pstore: a command is required: ls, dump, stats, compact, delete, verify, import, copy or uris",
                "Try 'pstore --help' for usage.");
    }

    @Test
    void unknownCommandOrOptionIsAUsageError() {
        assertThat(Cli.run("list").status()).isEqualTo(2);
        Cli.Result result = Cli.run("--store", "memory:", "dump", "ws", "--bogus");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).contains("--bogus");
        assertThat(result.errLines().get(1)).isEqualTo("Try 'pstore dump --help' for usage.");
    }

    @Test
    void missingNamespaceIsAUsageError() {
        assertThat(Cli.run("--store", "memory:", "dump").status()).isEqualTo(2);
        assertThat(Cli.run("--store", "memory:", "stats").status()).isEqualTo(2);
        Cli.Result empty = Cli.run("--store", "memory:", "dump", "");
        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.errLines().get(0)).startsWith("pstore: dump: ").contains("empty");
        assertThat(Cli.run("--store", "memory:", "compact", "ok", "").status()).isEqualTo(2);
    }

    @Test
    void namespacesAndAllTogetherOrNeitherAreUsageErrors() {
        assertThat(Cli.run("--store", "memory:", "compact").err()).contains("give at least one namespace, or --all");
        assertThat(Cli.run("--store", "memory:", "compact", "ws", "--all").status()).isEqualTo(2);
        assertThat(Cli.run("--store", "memory:", "verify").status()).isEqualTo(2);
        assertThat(Cli.run("--store", "memory:", "verify", "ws", "--all").status()).isEqualTo(2);
    }

    @Test
    void badImportOptionsAreUsageErrors() {
        assertThat(Cli.run("--store", "memory:", "import", "--batch", "0").status()).isEqualTo(2);
        assertThat(Cli.run("--store", "memory:", "import", "--batch", "many").status()).isEqualTo(2);
        assertThat(Cli.run("--store", "memory:", "import", "--namespace", "").status()).isEqualTo(2);
    }

    @Test
    void copyNeedsFromAndToAndRefusesStore() {
        assertThat(Cli.run("copy", "--from", "memory:").status()).isEqualTo(2);
        Cli.Result result = Cli.run("--store", "memory:", "copy", "--from", "memory:", "--to", "memory:");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--from and --to, not --store");
    }

    @Test
    void unknownSchemeIsAUsageErrorNamingTheKnownSchemes() {
        Cli.Result result = Cli.run("--store", "s3://bucket/data", "ls");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines().get(0)).startsWith("pstore: cannot open store s3://bucket/data: ")
                .contains("'s3'").contains("file").contains("kafka").contains("memory").contains("union");
    }

    @Test
    void unknownUriOptionIsAUsageError() {
        Cli.Result result = Cli.run("--store", "memory:?colour=blue", "ls");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("colour");
    }

    @Test
    void malformedUriIsAUsageError() {
        assertThat(Cli.run("--store", "file:data dir^^", "ls").status()).isEqualTo(2);
    }

    @Test
    void operationalErrorPrintsOneLineAndTheStackTraceOnlyWhenVerbose() {
        String missing = "file:" + dir.resolve("missing");
        Cli.Result quiet = Cli.run("--store", missing, "ls");
        Cli.Result verbose = Cli.run("--store", missing, "ls", "--verbose");

        assertThat(quiet.status()).isEqualTo(1);
        assertThat(quiet.errLines()).hasSize(1);
        assertThat(verbose.status()).isEqualTo(1);
        assertThat(verbose.errLines().get(0)).isEqualTo(quiet.errLines().get(0));
        assertThat(verbose.err()).contains("OperationException").contains("\tat org.workspaceengine");
    }

    @Test
    void helpAndVersionExitZero() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: pstore").contains("ls").contains("dump").contains("stats")
                .contains("compact").contains("verify").contains("import").contains("copy").contains("Exit status");
        assertThat(Cli.run("import", "--help").out()).contains("--batch").contains("--namespace");
        assertThat(Cli.run("--version").out()).startsWith("pstore ");
    }

    @Test
    void helpListsEveryCommandAndACommandsHelpWorksAlone() {
        assertThat(Cli.run("--help").out()).contains("delete").contains("uris");
        assertThat(Cli.run("--store", "memory:", "delete", "--help").out()).contains("--yes");
        assertThat(Cli.run("--store", "memory:", "stats", "--help").out()).contains("--all");
    }

    @Test
    void memoryStoreStartsEmpty() {
        assertThat(Cli.run("--store", "memory:", "ls")).satisfies(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.out()).isEmpty();
        });
        Cli.Result imported = Cli.runWithInput(FileStoreCliTest.line("ws", "set", "system", "s", "n", T0),
                "--store", "memory:", "import");
        assertThat(imported.outLines()).containsExactly("acked 1");
    }

    @Test
    void copyFromAnEmptyStoreCopiesNothing() {
        Cli.Result result = Cli.run("copy", "--from", "memory:", "--to", "file:" + dir.resolve("t"));

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("copied 0 namespaces, 0 changes");
    }

    @Test
    void storeWithoutListingCannotLsOrActOnAll() {
        String store = "plain:nolist-" + System.nanoTime();
        Cli.Result ls = Cli.run("--store", store, "ls");

        assertThat(ls.status()).isEqualTo(1);
        assertThat(ls.errLines()).singleElement().asString().contains("cannot list namespaces");
        assertThat(Cli.run("--store", store, "verify", "--all").err()).contains("cannot list its namespaces");
        assertThat(Cli.run("--store", store, "compact", "ws").err()).contains("cannot compact");
    }

    @Test
    void statsWithoutStoreStatisticsCountsFromALoadAndPrintsUnknown() {
        String store = "plain:stats-" + System.nanoTime();
        String input = String.join("\n", FileStoreCliTest.line("ws", "set", "system", "s1", "a", T0),
                FileStoreCliTest.line("ws", "set", "system", "s1", "b", T0.plusSeconds(1)),
                FileStoreCliTest.line("ws", "unset", "system", "s2", "c", T0.plusSeconds(2)));
        assertThat(Cli.runWithInput(input, "--store", store, "import").status()).isZero();

        Cli.Result text = Cli.run("--store", store, "stats", "ws");
        assertThat(text.outLines()).containsExactly("namespace      ws", "lines          unknown",
                "bytes          unknown", "live entities  1", "unset markers  1", "garbage ratio  unknown");
        assertThat(Cli.run("--store", store, "stats", "ws", "--json").out()).isEqualTo(
                "{\"namespace\":\"ws\",\"lines\":null,\"bytes\":null,\"liveEntities\":1,\"unsetMarkers\":1,"
                        + "\"garbageRatio\":null}\n");
    }

    @Test
    void verifyWithoutVerifiableStoreReportsAFailingLoadAsOneProblem() {
        String name = "verify-" + System.nanoTime();
        String input = FileStoreCliTest.line("good", "set", "system", "s1", "a", T0);
        assertThat(Cli.runWithInput(input, "--store", "plain:" + name, "import").status()).isZero();

        Cli.Result result = Cli.run("--store", "plain:" + name + "?corrupt=bad", "verify", "good", "bad");

        assertThat(result.status()).as("%s", result).isEqualTo(3);
        assertThat(result.outLines()).containsExactly(
                "good: ok, loaded 1 current change (this store is verified by a full load)",
                "bad: 1 problem",
                "  plain:" + name + "?corrupt=bad: corrupt: load failed: plain store record 7: unreadable record");
    }

    @Test
    void failedSaveStopsImportNamingTheUnackedLines() {
        String name = "down-" + System.nanoTime();
        String input = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> FileStoreCliTest.line("ws", "set", "system", "s" + i, "n", T0.plusSeconds(i)))
                .collect(java.util.stream.Collectors.joining("\n"));

        Cli.Result result = Cli.runWithInput(input, "--store", "plain:" + name + "?saves=1", "import", "--batch", "2");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.outLines()).containsExactly("acked 2");
        assertThat(result.errLines()).containsExactly("pstore: saving stdin lines 3-4 failed (acked 2 before; this "
                + "batch may be partly stored): plain store is down");
        assertThat(Cli.run("--store", "plain:" + name, "dump", "ws", "--count").out()).isEqualTo("2\n");
    }

    @Test
    void publicRunReturnsTheStatusInsteadOfExiting() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = Pstore.run(new java.io.ByteArrayInputStream(new byte[0]), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), "--store", "file:" + dir.resolve("none"), "ls");

        assertThat(status).isEqualTo(Pstore.FAILED);
        assertThat(out.size()).isZero();
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("pstore: store directory ");
    }

    @Test
    void urisListsEverySchemeWithTheOptionsItDeclares() {
        Cli.Result result = Cli.run("uris");

        assertThat(result.status()).isZero();
        assertThat(result.outLines()).contains("file:", "kafka:", "memory:", "union:");
        assertThat(result.out()).contains("  durability=none, flush, fsync (default fsync): ")
                .contains("  compactionRatio=number > 1.0 (default 4): ");
    }
}
