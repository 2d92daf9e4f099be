package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A child JVM for {@link CrashTrialsTest}: fills a namespace and deletes it, in a loop until it is killed. Round
 * {@code r} saves {@value #ENTITIES} widgets labelled {@code round=r} in one save and prints {@code saved r}, then
 * deletes the namespace and prints {@code deleted r}. Arguments: directory, durability, first round.
 */
public final class CrashDeleterMain {

    static final String NAMESPACE = "doomed";
    static final int ENTITIES = 300;
    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private CrashDeleterMain() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1]);
        long first = Long.parseLong(args[2]);
        FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).durability(durability)
                .autoCompaction(false).build();
        System.out.println("ready");
        System.out.flush();
        for (long round = first; ; round++) {
            ChangesBuilder changes = Changes.builder(NAMESPACE);
            for (int e = 0; e < ENTITIES; e++) {
                // Timestamps go down from round to round: a later round must win because the earlier was deleted.
                changes.set(new Widget("e-" + e, "entity", e, Map.of("round", Long.toString(round)), "x".repeat(100)),
                        T0.minusMillis(round));
            }
            store.save(changes.build());
            System.out.println("saved " + round);
            System.out.flush();
            store.deleteNamespace(NAMESPACE);
            System.out.println("deleted " + round);
            System.out.flush();
        }
    }
}
