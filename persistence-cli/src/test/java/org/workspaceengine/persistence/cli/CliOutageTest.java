package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.workspaceengine.persistence.cli.FileStoreCliTest.line;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;

/**
 * {@code pstore} against a Kafka cluster that is down or hung (a child-JVM broker, never started or stopped with
 * SIGSTOP): a union with a file store works from the file, a backlog shows in {@code stats}, and every command on
 * the Kafka store alone fails within the timeouts of its URI.
 */
@Timeout(300)
class CliOutageTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    /** What a command may take beyond its timeout: the store's bound, plus the in-process tool's own work. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private static String encode(String uri) {
        return URLEncoder.encode(uri, StandardCharsets.UTF_8);
    }

    @Test
    void aUnionOfADownClusterAndAFileStoreReadsAndWritesTheFileAndShowsTheBacklog(@TempDir Path brokerDir) {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(brokerDir)) { // never started: nothing listens
            String kafka = "kafka://" + broker.bootstrapServers() + "/t?saveTimeout=1s&loadTimeout=1s";
            String file = "file:" + dir.resolve("data");
            String union = "union:?member=" + encode(kafka) + "&member=" + encode(file)
                    + "&writePolicy=atLeast:1&backlog=" + encode(dir.resolve("backlog").toString());
            String input = String.join("\n", line("ws", "set", "system", "s1", "a", T0),
                    line("ws", "set", "system", "s2", "b", T0.plusSeconds(1)));

            Cli.Result imported = Cli.runWithInput(input, "--store", union, "import");
            assertThat(imported.status()).as("%s", imported).isZero();
            assertThat(imported.outLines()).containsExactly("acked 2");

            Cli.Result ls = Cli.run("--store", kafka, "--store", file, "ls");
            assertThat(ls.status()).as("%s", ls).isZero();
            assertThat(ls.outLines()).containsExactly("ws");

            Cli.Result dump = Cli.run("--store", union, "dump", "ws");
            assertThat(dump.status()).as("%s", dump).isZero();
            assertThat(dump.outLines()).hasSize(2);

            Cli.Result stats = Cli.run("--store", union, "stats", "ws");
            assertThat(stats.status()).as("%s", stats).isZero();
            assertThat(stats.outLines()).contains("live entities  2", "  #0 KafkaStore  2 pending",
                    "  #1 FileStore   0 pending");
            Cli.Result json = Cli.run("--store", union, "stats", "ws", "--json");
            assertThat(json.outLines()).last()
                    .isEqualTo("{\"pendingChanges\":{\"#0 KafkaStore\":2,\"#1 FileStore\":0}}");
        }
    }

    @Test
    void everyCommandOnAHungClusterFailsWithinTheTimeoutsOfItsUri(@TempDir Path brokerDir) {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(brokerDir)) {
            broker.start();
            String kafka = "kafka://" + broker.bootstrapServers() + "/hung?saveTimeout=2s&loadTimeout=2s";
            assertThat(Cli.runWithInput(line("ws", "set", "system", "s1", "a", T0), "--store", kafka, "import")
                    .status()).isZero();
            broker.pause();
            try {
                Duration timeout = Duration.ofSeconds(2);
                assertThat(bounded("import", timeout, () -> Cli.runWithInput(
                        line("ws", "set", "system", "s2", "b", T0), "--store", kafka, "import")).err())
                        .contains("2s");
                assertThat(bounded("dump", timeout, () -> Cli.run("--store", kafka, "dump", "ws")).err())
                        .contains("load timeout of 2s");
                assertThat(bounded("ls", timeout, () -> Cli.run("--store", kafka, "ls")).err())
                        .contains("load timeout of 2s");
                assertThat(bounded("stats", timeout, () -> Cli.run("--store", kafka, "stats", "ws")).err())
                        .contains("load timeout of 2s");
            } finally {
                broker.resume();
            }
        }
    }

    /** Runs a command that must fail (status 1) within {@code timeout} + {@link #SLACK}. */
    private static Cli.Result bounded(String what, Duration timeout, Supplier<Cli.Result> command) {
        long started = System.nanoTime();
        Cli.Result result = command.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(result.status()).as("%s: %s", what, result).isEqualTo(1);
        assertThat(took).as("%s took %s: %s", what, took, result.err()).isLessThanOrEqualTo(timeout.plus(SLACK));
        return result;
    }
}
