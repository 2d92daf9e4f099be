package org.workspaceengine.persistence.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Compares a store with the simplest model of the contract over a random sequence of saves: the model keeps every
 * change ever saved and answers a load by brute force, independently of the stores' shared compaction code.
 */
final class ModelCheck {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final List<Change> history = new ArrayList<>();

    private ModelCheck() {
    }

    static void run(Store store, int seed) {
        String namespace = "model-" + seed;
        Random random = new Random(seed);
        ModelCheck model = new ModelCheck();
        int saves = 1 + random.nextInt(25);
        for (int s = 0; s < saves; s++) {
            ChangesBuilder builder = Changes.builder(namespace);
            int size = 1 + random.nextInt(5);
            for (int c = 0; c < size; c++) {
                // Few ids and few timestamps, so that overwrites, ties and stale writes are common.
                String id = "e" + random.nextInt(6);
                Instant at = T0.plusMillis(random.nextInt(4)).plusNanos(random.nextInt(2));
                boolean gadget = random.nextInt(4) == 0;
                var entity = gadget ? new Gadget(id, random.nextInt(1000)) : Widget.of(id, random.nextInt(1000));
                if (random.nextInt(4) == 0) {
                    builder.unset(entity, at);
                } else {
                    builder.set(entity, at);
                }
            }
            Changes changes = builder.build();
            store.save(changes);
            model.history.addAll(changes.asList());
            if (random.nextInt(5) == 0 && store instanceof Compactable compactable) {
                compactable.compact(namespace);
            }
            if (random.nextInt(3) == 0 || s == saves - 1) {
                assertThat(store.load(namespace).asList())
                        .as("seed %d after save %d of %d (rerun with this seed to reproduce)", seed, s + 1, saves)
                        .isEqualTo(model.expected());
            }
        }
    }

    /** For each key, the last-saved change among those with the greatest timestamp; ordered for replay. */
    private List<Change> expected() {
        Map<EntityKey, Integer> winnerIndex = new LinkedHashMap<>();
        for (int i = 0; i < history.size(); i++) {
            Change change = history.get(i);
            Integer current = winnerIndex.get(change.key());
            if (current == null || !change.timestamp().isBefore(history.get(current).timestamp())) {
                winnerIndex.put(change.key(), i);
            }
        }
        List<Integer> indices = new ArrayList<>(winnerIndex.values());
        indices.sort(Comparator.<Integer, Instant>comparing(i -> history.get(i).timestamp())
                .thenComparing(Comparator.naturalOrder()));
        List<Change> result = new ArrayList<>();
        for (int index : indices) {
            result.add(history.get(index));
        }
        return result;
    }
}
