package org.workspaceengine.persistence.union;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The service of {@link KillNineOutageTest}, run in a child JVM that the test kills: opens the redundant union
 * (Kafka + file, {@code atLeast:1}, a backlog directory) from a URI, saves changes {@code from} up to {@code to} in
 * batches, printing {@code acked N} after each save returns, then {@code saved}, then waits until every backlog is
 * empty and prints {@code drained}.
 *
 * <p>Arguments: bootstrap servers, file store directory, backlog directory, from, to, batch size, pause between
 * saves in milliseconds.
 */
public final class OutageWriter {

    static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    /** Each entity gets a version every this many changes. */
    static final int ENTITIES = 2_500;
    static final int NAMESPACES = 4;
    static final String TOPIC = "outage";

    private OutageWriter() {
    }

    /** Change number {@code i}: a new version of entity {@code w<i % ENTITIES>}, always in the same namespace. */
    static Change change(int i) {
        return Change.set("ns-" + i % NAMESPACES, Widget.of("w" + i % ENTITIES, i), T0.plusMillis(i));
    }

    /** The union URI the writer opens. */
    static String unionUri(String servers, String fileDirectory, String backlogDirectory) {
        return "union:?member=" + encode("kafka://" + servers + "/" + TOPIC
                + "?partitions=1&replicationFactor=1&saveTimeout=3s&loadTimeout=3s")
                + "&member=" + encode("file:" + fileDirectory) + "&writePolicy=atLeast:1&memberTimeout=10s&backlog="
                + encode(backlogDirectory);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int from = Integer.parseInt(args[3]);
        int to = Integer.parseInt(args[4]);
        int batch = Integer.parseInt(args[5]);
        long pauseMillis = Long.parseLong(args[6]);
        try (UnionStore union = (UnionStore) Stores.open(unionUri(args[0], args[1], args[2]),
                TestEntities.registry())) {
            out.println("opened");
            out.flush();
            for (int i = from; i < to; i += batch) {
                List<Change> changes = new ArrayList<>();
                for (int j = i; j < Math.min(to, i + batch); j++) {
                    changes.add(change(j));
                }
                union.save(Changes.of(changes));
                out.println("acked " + Math.min(to, i + batch));
                out.flush();
                Thread.sleep(pauseMillis);
            }
            out.println("saved");
            out.flush();
            while (union.pendingChanges().values().stream().anyMatch(pending -> pending > 0)) {
                Thread.sleep(100);
            }
            out.println("drained");
            out.flush();
        }
    }
}
