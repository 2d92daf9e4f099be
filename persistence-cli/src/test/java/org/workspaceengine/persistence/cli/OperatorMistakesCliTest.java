package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What pstore does with the mistakes an operator makes: a misspelt namespace, a copy into itself, a bad URI. */
class OperatorMistakesCliTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void seed() {
        store = "file:" + dir.resolve("data");
        String input = String.join("\n",
                FileStoreCliTest.line("ws-1", "set", "system", "sys-1", "a", T0),
                FileStoreCliTest.line("ws-1", "set", "system", "sys-1", "b", T0.plusSeconds(1)),
                FileStoreCliTest.line("ws-2", "set", "system", "sys-2", "c", T0),
                FileStoreCliTest.line("ws-2", "set", "system", "sys-2", "d", T0.plusSeconds(1))) + "\n";
        assertThat(Cli.runWithInput(input, "--store", store, "import").status()).isZero();
    }

    @Test
    void aMisspeltNamespaceFailsNamingTheCloseMatches() {
        for (String[] command : new String[][] {{"dump", "ws-3"}, {"dump", "ws-3", "--count"}, {"stats", "ws-3"},
                {"compact", "ws-3"}, {"verify", "ws-1", "ws-3"}}) {
            String[] args = new String[command.length + 2];
            args[0] = "--store";
            args[1] = store;
            System.arraycopy(command, 0, args, 2, command.length);

            Cli.Result result = Cli.run(args);

            assertThat(result.status()).as("%s", result).isEqualTo(Pstore.FAILED);
            assertThat(result.out()).as("%s", result).isEmpty();
            assertThat(result.errLines()).as("%s", result).containsExactly("pstore: no such namespace 'ws-3' in "
                    + store + " (did you mean ws-1, ws-2?); --missing-ok treats it as empty");
        }
        assertThat(dir.resolve("data").resolve("ws-3.jsonl")).doesNotExist();
    }

    @Test
    void missingOkTreatsAMissingNamespaceAsEmpty() {
        assertThat(Cli.run("--store", store, "dump", "nothing-like-it", "--missing-ok").status()).isZero();
        Cli.Result stats = Cli.run("--store", store, "stats", "ws-9", "--missing-ok", "--json");
        assertThat(stats.status()).as("%s", stats).isZero();
        assertThat(stats.out()).contains("\"liveEntities\":0");
        assertThat(Cli.run("--store", store, "compact", "ws-9", "--missing-ok").outLines())
                .containsExactly("compacted ws-9: 0 -> 0 lines, 0 -> 0 bytes");
    }

    @Test
    void aCopyIntoTheSameStoreIsRefusedAndWritesNothing() throws IOException {
        long before = Files.size(dir.resolve("data").resolve("ws-1.jsonl"));
        String sameFolder = "file:" + dir.resolve("data").resolve("..").resolve("data");

        Cli.Result result = Cli.run("copy", "--from", store, "--to", sameFolder);
        Cli.Result viaUnion = Cli.run("copy", "--from", store, "--to", "union:?member="
                + UnionUris.percentEncode("file:" + dir.resolve("other")) + "&member="
                + UnionUris.percentEncode(store));

        assertThat(result.status()).as("%s", result).isEqualTo(Pstore.USAGE);
        assertThat(result.errLines().get(0)).isEqualTo("pstore: copy: --from and --to name the same store (file:"
                + dir.resolve("data").toRealPath() + "): the copy would add every change again to the data it reads");
        assertThat(viaUnion.status()).as("%s", viaUnion).isEqualTo(Pstore.USAGE);
        assertThat(Files.size(dir.resolve("data").resolve("ws-1.jsonl"))).isEqualTo(before);
        assertThat(Cli.run("copy", "--from", store, "--to", "file:" + dir.resolve("backup")).status()).isZero();
    }

    @Test
    void compactAllGoesOnPastAFailingNamespaceAndExitsOne() throws IOException {
        Path broken = dir.resolve("data").resolve("ws-1.jsonl");
        Files.writeString(broken, Files.readString(broken) + "{not json}\n" + FileStoreCliTest.line("ws-1", "set",
                "system", "sys-1", "e", T0.plusSeconds(2)) + "\n", StandardCharsets.UTF_8);
        long ws2Before = Files.size(dir.resolve("data").resolve("ws-2.jsonl"));

        Cli.Result result = Cli.run("--store", store, "compact", "--all");

        assertThat(result.status()).as("%s", result).isEqualTo(Pstore.FAILED);
        assertThat(result.outLines()).singleElement().asString().startsWith("compacted ws-2: 2 -> 1 lines");
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).startsWith("pstore: compact ws-1 failed: ").contains("line 3");
        assertThat(result.errLines().get(1)).isEqualTo("pstore: 1 of 2 namespaces could not be compacted");
        assertThat(Files.size(dir.resolve("data").resolve("ws-2.jsonl"))).isLessThan(ws2Before);
    }

    @Test
    void uriErrorsShowWhatWasTypedAndHideOnlySecrets() {
        Cli.Result typo = Cli.run("--store", store + "?durabilty=none", "ls");
        Cli.Result secret = Cli.run("--store", "kafka://127.0.0.1:1/t?sasl.jaas.config=hunter2&colour=blue", "ls");

        assertThat(typo.status()).isEqualTo(Pstore.USAGE);
        assertThat(typo.errLines().get(0)).isEqualTo("pstore: cannot open store " + store
                + "?durabilty=none: unknown option [durabilty]");
        assertThat(secret.errLines().get(0)).contains("sasl.jaas.config=***&colour=blue").doesNotContain("hunter2")
                .doesNotContain("readOnly").doesNotContain("Timeout");
    }
}
