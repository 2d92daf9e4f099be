package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.workspaceengine.persistence.cli.FileStoreCliTest.line;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} given twice: commands act on the union of two file stores. */
class UnionCliTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    private String a;
    private String b;

    @BeforeEach
    void setUp() {
        a = "file:" + dir.resolve("a");
        b = "file:" + dir.resolve("b");
        // a: s1 set, s2 set; b: s1 deleted later, s3 set; only a knows ns-a, only b knows ns-b.
        String inA = String.join("\n", line("ws", "set", "system", "s1", "one", T0),
                line("ws", "set", "system", "s2", "two", T0.plusSeconds(1)),
                line("ns-a", "set", "system", "x", "x", T0));
        String inB = String.join("\n", line("ws", "unset", "system", "s1", "one", T0.plusSeconds(2)),
                line("ws", "set", "system", "s3", "three", T0.plusSeconds(3)),
                line("ns-b", "set", "system", "y", "y", T0));
        assertThat(Cli.runWithInput(inA, "--store", a, "import").status()).isZero();
        assertThat(Cli.runWithInput(inB, "--store", b, "import").status()).isZero();
    }

    @Test
    void dumpMergesTheStoresByLatestWins() {
        Cli.Result result = Cli.run("--store", a, "--store", b, "dump", "ws");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).hasSize(3);
        assertThat(result.outLines().get(0)).contains("\"s2\"");
        assertThat(result.outLines().get(1)).contains("\"unset\"").contains("\"s1\"");
        assertThat(result.outLines().get(2)).contains("\"s3\"");
    }

    @Test
    void storeMayBeGivenBeforeAndAfterTheCommand() {
        Cli.Result result = Cli.run("--store", a, "ls", "--store", b);

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).containsExactly("ns-a", "ns-b", "ws");
    }

    @Test
    void importWritesToEveryStore() {
        String input = line("new", "set", "system", "n", "n", T0);
        Cli.Result result = Cli.runWithInput(input, "--store", a, "--store", b, "import");

        assertThat(result.outLines()).containsExactly("acked 1");
        assertThat(Cli.run("--store", a, "dump", "new", "--count").out()).isEqualTo("1\n");
        assertThat(Cli.run("--store", b, "dump", "new", "--count").out()).isEqualTo("1\n");
    }

    @Test
    void verifyChecksEachStoreOnItsOwn() {
        Cli.Result result = Cli.run("--store", a, "--store", b, "verify", "ws");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).hasSize(2);
        assertThat(result.outLines().get(0)).startsWith("ws (" + a + "): ok");
        assertThat(result.outLines().get(1)).startsWith("ws (" + b + "): ok");
    }

    @Test
    void statsOfAUnionCountsEntitiesOfTheMergedState() {
        Cli.Result result = Cli.run("--store", a, "--store", b, "stats", "ws");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).contains("live entities  2", "unset markers  1");
    }

    @Test
    void compactAllCompactsEveryStore() {
        Cli.Result result = Cli.run("--store", a, "--store", b, "compact", "--all");

        assertThat(result.status()).as("%s", result).isZero();
        assertThat(result.outLines()).hasSize(3);
        assertThat(result.outLines().get(0)).startsWith("compacted ns-a");
        assertThat(result.outLines().get(1)).startsWith("compacted ns-b");
        assertThat(result.outLines().get(2)).startsWith("compacted ws");
        assertThat(Cli.run("--store", a, "--store", b, "dump", "ws").outLines()).hasSize(3);
    }

    @Test
    void oneUnknownSchemeAmongTheStoresIsAUsageError() {
        Cli.Result result = Cli.run("--store", a, "--store", "nosuch:thing", "ls");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines().get(0)).startsWith("pstore: ").contains("nosuch");
    }
}
