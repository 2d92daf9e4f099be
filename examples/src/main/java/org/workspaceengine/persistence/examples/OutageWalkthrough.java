package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.examples.domain.Deployment;
import org.workspaceengine.persistence.examples.domain.Environment;
import org.workspaceengine.persistence.examples.domain.Release;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.union.UnionStore;

/**
 * The redundant deployment through an outage: the service starts while Kafka is down, saves to the file store and
 * to Kafka's backlog, loads from the file; then Kafka starts and the backlog drains into it, with no load needed.
 *
 * <p>This walkthrough stops and starts its broker, so it always runs one of its own in a child JVM (ports chosen
 * when it is created), whatever {@code KAFKA_BOOTSTRAP_SERVERS} says.
 */
public final class OutageWalkthrough {

    private static final long CATCH_UP_SECONDS = 60;

    private OutageWalkthrough() {
    }

    /** Runs the walkthrough in {@code dir}: {@code broker}, {@code file} and {@code backlog} go there. */
    public static void run(Path dir, PrintStream out) throws InterruptedException {
        EntityTypes types = WorkspaceEntities.registry();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(dir.resolve("broker"))) {
            out.println("Kafka at " + broker.bootstrapServers() + " is down (its broker is not started yet)");

            // The union from a URI, as a configuration file would hold it. The short Kafka timeouts keep the
            // walkthrough quick; a service keeps the defaults (30 s to save, 60 s to load).
            String uri = "union:?member=" + encode("kafka://" + broker.bootstrapServers()
                    + "/workspace-changes?partitions=1&replicationFactor=1&saveTimeout=2s&loadTimeout=2s")
                    + "&member=" + encode("file:" + dir.resolve("file"))
                    + "&writePolicy=atLeast:1"                                      // keep saving while Kafka is down
                    + "&backlog=" + encode(dir.resolve("backlog").toString()); // and remember what Kafka missed
            long opening = System.nanoTime();
            try (UnionStore union = (UnionStore) Stores.open(uri, types)) {
                out.println("Opened the union in " + millisSince(opening) + " ms, with Kafka down");

                // The first save waits for Kafka's save timeout; from then on Kafka is known to be behind and its
                // changes go straight to its backlog.
                union.save(Changes.builder("workspace-6")
                        .set(new Environment("env-prod", "production", "sys-1"))
                        .set(new Deployment("dep-api", "api", "api", "sys-1", "agent-1"))
                        .build());
                union.save(Changes.builder("workspace-6")
                        .set(new Release("rel-1", "dep-api", "v1.4.2", Map.of("region", "eu-west-2")))
                        .build());
                out.println("Saved 3 changes; waiting for each member: " + union.pendingChanges());
                out.println("Loaded " + union.load("workspace-6").size() + " entities (from the file store)");

                broker.start();
                out.println("Kafka is up");
                long catchingUp = System.nanoTime();
                long deadline = catchingUp + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS);
                while (union.pendingChanges().get("#0 KafkaStore") > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                out.println("Backlog delivered " + millisSince(catchingUp) + " ms after Kafka came back: "
                        + union.pendingChanges());
            }

            try (KafkaStore kafka = KafkaStore.builder().bootstrapServers(broker.bootstrapServers())
                    .topic("workspace-changes").readOnly(true).entityTypes(types).build()) {
                out.println("Kafka holds " + kafka.load("workspace-6").size() + " entities of workspace-6");
            }
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
