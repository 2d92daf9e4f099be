package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.workspaceengine.persistence.cli.FileStoreCliTest.line;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;

/** The commands on a Kafka store, on the real test broker. */
@Timeout(300)
class KafkaCliTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private static String bootstrap;

    @TempDir
    Path dir;

    @BeforeAll
    static void broker() {
        bootstrap = KafkaCluster.shared().bootstrapServers();
    }

    private static String topic(String name) {
        return "kafka://" + bootstrap + "/pstore-" + name + "-" + System.nanoTime() + "?partitions=2";
    }

    @Test
    void everyReadingAndWritingCommandWorksOnKafka() {
        String kafka = topic("all");
        String input = String.join("\n",
                line("ws-1", "set", "system", "sys-1", "first", T0),
                line("ws-1", "set", "system", "sys-1", "second", T0.plusSeconds(1)),
                line("ws-1", "set", "resource", "res-1", "r", T0.plusSeconds(2)),
                line("ws-1", "unset", "resource", "res-1", "r", T0.plusSeconds(3)),
                line("ws-2", "set", "job", "job-1", "j", T0.plusNanos(5)));

        Cli.Result imported = Cli.runWithInput(input, "--store", kafka, "import", "--batch", "2");
        assertThat(imported.status()).as("%s", imported).isZero();
        assertThat(imported.outLines()).containsExactly("acked 2", "acked 4", "acked 5");

        assertThat(Cli.run("--store", kafka, "ls").outLines()).containsExactly("ws-1", "ws-2");

        Cli.Result dump = Cli.run("--store", kafka, "dump", "ws-1");
        assertThat(dump.status()).as("%s", dump).isZero();
        assertThat(dump.outLines()).containsExactly(
                line("ws-1", "set", "system", "sys-1", "second", T0.plusSeconds(1)),
                line("ws-1", "unset", "resource", "res-1", "r", T0.plusSeconds(3)));
        assertThat(Cli.run("--store", kafka, "dump", "ws-2", "--count").out()).isEqualTo("1\n");

        Cli.Result stats = Cli.run("--store", kafka, "stats", "ws-1");
        assertThat(stats.status()).as("%s", stats).isZero();
        assertThat(stats.outLines()).contains("live entities  1", "unset markers  1");

        Cli.Result verify = Cli.run("--store", kafka, "verify", "--all");
        assertThat(verify.status()).as("%s", verify).isZero();
        assertThat(verify.outLines()).hasSize(2).allMatch(l -> l.contains(": ok"));

        Cli.Result compact = Cli.run("--store", kafka, "compact", "--all");
        assertThat(compact.status()).as("%s", compact).isZero();
        assertThat(compact.outLines()).hasSize(2);
        assertThat(Cli.run("--store", kafka, "dump", "ws-1").out()).isEqualTo(dump.out());
    }

    @Test
    void lsOnAMissingTopicListsNothingAndLeavesItMissing() throws Exception {
        String name = "pstore-missing-" + System.nanoTime();
        String kafka = "kafka://" + bootstrap + "/" + name;
        assertThat(StoreSelection.prepare(kafka, StoreSelection.Access.READ_ONLY).toString())
                .isEqualTo(kafka + "?readOnly=true&saveTimeout=10s&loadTimeout=10s");

        Cli.Result ls = Cli.run("--store", kafka, "ls");

        assertThat(ls.status()).as("%s", ls).isZero();
        assertThat(ls.out()).isEmpty();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).doesNotContain(name);
        }
    }

    @Test
    void copyBetweenKafkaAndFileKeepsTheState() {
        String kafka = topic("copy");
        String file = "file:" + dir.resolve("data");
        String input = String.join("\n",
                line("ws", "set", "system", "s1", "a", T0.plusNanos(1)),
                line("ws", "unset", "system", "s2", "b", T0.plusSeconds(1)),
                line("other", "set", "system", "s3", "c", T0));
        assertThat(Cli.runWithInput(input, "--store", file, "import").status()).isZero();

        Cli.Result toKafka = Cli.run("copy", "--from", file, "--to", kafka);
        assertThat(toKafka.status()).as("%s", toKafka).isZero();
        assertThat(toKafka.outLines()).containsExactly("copied other: 1 change", "copied ws: 2 changes",
                "copied 2 namespaces, 3 changes");
        for (String namespace : List.of("ws", "other")) {
            assertThat(Cli.run("--store", kafka, "dump", namespace).out())
                    .isEqualTo(Cli.run("--store", file, "dump", namespace).out());
        }

        String back = "file:" + dir.resolve("back");
        assertThat(Cli.run("copy", "--from", kafka, "--to", back, "ws").status()).isZero();
        assertThat(Cli.run("--store", back, "dump", "ws").out()).isEqualTo(Cli.run("--store", file, "dump", "ws").out());
    }

    @Test
    void unionOfKafkaAndFileMergesBoth() {
        String kafka = topic("union");
        String file = "file:" + dir.resolve("data");
        assertThat(Cli.runWithInput(line("ws", "set", "system", "s1", "old", T0), "--store", file, "import")
                .status()).isZero();
        assertThat(Cli.runWithInput(line("ws", "set", "system", "s1", "new", T0.plusSeconds(1)), "--store", kafka,
                "import").status()).isZero();

        Cli.Result dump = Cli.run("--store", kafka, "--store", file, "dump", "ws");

        assertThat(dump.status()).as("%s", dump).isZero();
        assertThat(dump.outLines()).containsExactly(line("ws", "set", "system", "s1", "new", T0.plusSeconds(1)));
    }

    @Test
    void anUnreachableClusterFailsWithinTheTimeoutsOfTheUri() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed below: nothing listens there
        }
        long start = System.nanoTime();

        Cli.Result ls = Cli.run("--store", "kafka://127.0.0.1:" + port + "/t?loadTimeout=2s&saveTimeout=2s", "ls");

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(ls.status()).as("%s", ls).isEqualTo(1);
        assertThat(ls.err()).contains("'t'").contains("is the cluster reachable?");
        assertThat(seconds).as("seconds until the failure").isLessThanOrEqualTo(4);
        assertThat(ls.err()).contains("2s");
    }

    @Test
    void anUnreachableClusterFailsWithinAboutTenSecondsWithTheToolsDefaults() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed below: nothing listens there
        }
        long start = System.nanoTime();

        Cli.Result dump = Cli.run("--store", "kafka://127.0.0.1:" + port + "/t", "dump", "ws");

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(dump.status()).as("%s", dump).isEqualTo(1);
        assertThat(dump.err()).contains("load timeout of 10s").contains("is the cluster reachable?");
        assertThat(millis).as("milliseconds until the failure").isLessThanOrEqualTo(12_000);
    }
}
