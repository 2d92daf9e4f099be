package org.workspaceengine.persistence.benchmarks;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.memory.MemoryStore;

/**
 * The memory store against its floor: a plain {@link ConcurrentHashMap} holding the latest change per key, fed the
 * same changes, and read back sorted by timestamp.
 */
public final class MemoryBenchmark {

    static final int ENTITIES = 100_000;
    static final int VERSIONS = 5;
    static final int BATCH = 100;

    private MemoryBenchmark() {
    }

    /** Entity used by the benchmarks: about 250 bytes of JSON. */
    public record Item(String id, String name, String kind, Map<String, String> labels, int version)
            implements Entity {
        /** The {@code i}-th item at {@code version}. */
        public static Item of(int i, int version) {
            return new Item("item-" + i, "server-" + i + ".prod.example.internal", "EC2Instance",
                    Map.of("env", "production", "team", "platform-" + (i % 17), "region", "eu-central-" + (i % 3)),
                    version);
        }

        @Override
        public String entityType() {
            return "item";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /** Save batches: {@code entities} entities, each written {@code versions} times, {@code batch} per save. */
    static List<Changes> batches(String namespace, int entities, int versions, int batch) {
        Instant t0 = Instant.parse("2025-10-25T12:00:00Z");
        List<Changes> batches = new ArrayList<>();
        List<Change> current = new ArrayList<>(batch);
        long tick = 0;
        for (int v = 0; v < versions; v++) {
            for (int i = 0; i < entities; i++) {
                current.add(Change.set(namespace, Item.of(i, v), t0.plusNanos(1000 * tick++)));
                if (current.size() == batch) {
                    batches.add(Changes.of(current));
                    current = new ArrayList<>(batch);
                }
            }
        }
        if (!current.isEmpty()) {
            batches.add(Changes.of(current));
        }
        return batches;
    }

    /** Runs the cases and prints the table. */
    public static void run(PrintStream out) {
        List<Changes> batches = batches("bench", ENTITIES, VERSIONS, BATCH);
        long changes = (long) ENTITIES * VERSIONS;
        EntityTypes types = EntityTypes.create().register("item", Item.class);

        Measurement mapSave = Measurement.of("ConcurrentHashMap save", changes, 3, 9, () -> {
            Map<EntityKey, Change> map = new ConcurrentHashMap<>();
            for (Changes batch : batches) {
                for (Change change : batch) {
                    map.merge(change.key(), change,
                            (old, neu) -> neu.timestamp().isBefore(old.timestamp()) ? old : neu);
                }
            }
            return map;
        });
        Measurement storeSave = Measurement.of("MemoryStore save", changes, 3, 9, () -> {
            MemoryStore store = MemoryStore.create(types);
            for (Changes batch : batches) {
                store.save(batch);
            }
            return store;
        });

        Map<EntityKey, Change> map = new ConcurrentHashMap<>();
        MemoryStore store = MemoryStore.create(types);
        for (Changes batch : batches) {
            store.save(batch);
            for (Change change : batch) {
                map.merge(change.key(), change, (old, neu) -> neu.timestamp().isBefore(old.timestamp()) ? old : neu);
            }
        }
        Measurement mapLoad = Measurement.of("ConcurrentHashMap load (copy + sort)", ENTITIES, 5, 15, () -> {
            List<Change> copy = new ArrayList<>(map.values());
            copy.sort(Comparator.comparing(Change::timestamp));
            return copy;
        });
        Measurement storeLoad = Measurement.of("MemoryStore load", ENTITIES, 5, 15, () -> store.load("bench"));

        new ResultTable("Memory store vs ConcurrentHashMap (" + ENTITIES + " entities x " + VERSIONS
                + " versions, " + BATCH + " changes per save)")
                .baseline(mapSave).compare(storeSave, mapSave)
                .baseline(mapLoad).compare(storeLoad, mapLoad)
                .print(out);
    }
}
