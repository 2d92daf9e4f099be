package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.time.Instant;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A child JVM for {@link CrashTrialsTest}: saves in a loop until it is killed, printing {@code ok <i>} after each
 * save {@code i} returned. Arguments: directory, {@code save} or {@code compact} (compact in a second thread all
 * along), durability, first save number.
 *
 * <p>Save {@code i} sets {@code u-<i>} and {@code hot} (version {@code i}) at {@code T0 + i ms}; every 16th save
 * also sets 300 {@code bulk-*} entities, a write large enough for a kill to tear it.
 */
public final class CrashWriterMain {

    static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    static final String NAMESPACE = "crash";

    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        boolean compact = args[1].equals("compact");
        Durability durability = Durability.valueOf(args[2]);
        long first = Long.parseLong(args[3]);
        FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).durability(durability)
                .autoCompaction(false).build();
        if (compact) {
            Thread compactor = new Thread(() -> {
                while (true) {
                    store.compact(NAMESPACE);
                }
            }, "compactor");
            compactor.setDaemon(true);
            compactor.start();
        }
        System.out.println("ready");
        System.out.flush();
        for (long i = first; ; i++) {
            ChangesBuilder changes = Changes.builder(NAMESPACE)
                    .set(Widget.of("u-" + i, (int) (i % 1_000_000)), T0.plusMillis(i))
                    .set(new Widget("hot", "hot", (int) (i % 1_000_000), java.util.Map.of("i", Long.toString(i)), ""),
                            T0.plusMillis(i));
            if (i % 16 == 0) {
                for (int b = 0; b < 300; b++) {
                    changes.set(new Widget("bulk-" + b, "bulk", b, java.util.Map.of(), "x".repeat(200)),
                            T0.plusMillis(i));
                }
            }
            store.save(changes.build());
            System.out.println("ok " + i);
            System.out.flush();
        }
    }
}
