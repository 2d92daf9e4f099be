package org.workspaceengine.persistence.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class MemoryStoreTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final MemoryStore store = MemoryStore.create(TestEntities.registry());

    @Test
    void compactsImmediatelySoCountsAreEntitiesNotSaves() {
        for (int i = 0; i < 100; i++) {
            store.save(Changes.builder("ns").set(Widget.of("w" + (i % 10), i), T0.plusSeconds(i)).build());
        }

        assertThat(store.count("ns")).isEqualTo(10);
        assertThat(store.count("unknown")).isZero();
    }

    @Test
    void countsPerNamespaceIncludeUnsetMarkers() {
        store.save(Changes.builder("a").set(Widget.of("w1", 1), T0).unset(Widget.of("w2", 1), T0).build());
        store.save(Changes.builder("b").set(Widget.of("w1", 1), T0).build());

        assertThat(store.counts()).isEqualTo(Map.of("a", 2, "b", 1));
    }

    @Test
    void clearForgetsEverythingAndClearOfANamespaceOnlyThatOne() {
        store.save(Changes.builder("a").set(Widget.of("w1", 1), T0).build());
        store.save(Changes.builder("b").set(Widget.of("w1", 1), T0).build());

        store.clear("a");
        assertThat(store.listNamespaces()).containsExactly("b");

        store.clear();
        assertThat(store.listNamespaces()).isEmpty();
        assertThat(store.load("b")).isEmpty();
    }

    @Test
    void closeReleasesStateAndRefusesCounts() {
        store.save(Changes.builder("a").set(Widget.of("w1", 1), T0).build());
        store.close();

        assertThatThrownBy(store::counts).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void memoryUriOpensAFreshMemoryStore() {
        try (Store opened = Stores.open("memory:")) {
            assertThat(opened).isInstanceOf(MemoryStore.class);
        }
    }

    @Test
    void memoryUriRefusesUnknownOptions() {
        assertThatThrownBy(() -> Stores.open("memory:?colour=blue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour");
    }

    @Test
    void unknownSchemeNamesTheSchemeAndTheKnownOnes() {
        assertThatThrownBy(() -> Stores.open("carrier-pigeon:/loft")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carrier-pigeon").hasMessageContaining("memory");
    }
}
