package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.DeclaredOptions;

class UnionStoreOptionsTest {

    @Test
    void theReadmeShowsTheDeclaredOptions() {
        DeclaredOptions.assertReadmeShows(Path.of("README.md"), UnionStoreOptions.ALL);
    }

    @Test
    void theUriProviderTakesTheDeclaredOptions() {
        DeclaredOptions.assertProviderDeclares("union", UnionStoreOptions.ALL);
    }

    @Test
    void everyOptionIsABuilderMethodOfTheSameName() {
        DeclaredOptions.assertBuilderTakes(UnionStoreBuilder.class, UnionStoreOptions.ALL);
    }

    @Test
    void theOldUriNamesAreRefusedAsUnknown() {
        EntityTypes types = EntityTypes.create();
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&write=all", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&timeout=10s", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void aUriAndTheBuilderNameTheSameSettingTheSameWay() {
        EntityTypes types = EntityTypes.create();
        try (var store = Stores.open("union:?member=memory%3A&writePolicy=atLeast:1&memberTimeout=2s"
                + "&degradedLoads=fail&readRepair=inline&backlogLimit=7", types)) {
            assertThat(store).hasToString("UnionStore['#0 MemoryStore'; writePolicy atLeast:1, memberTimeout 2s,"
                    + " readRepair INLINE]");
        }
    }

    @Test
    void badValuesAreRefusedNamingTheOptionAndWhatItTakes() {
        EntityTypes types = EntityTypes.create();
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&backlogLimit=0", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlogLimit must be at least 1");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&backlog=", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'backlog' must name a");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&writePolicy=atLeast:0", types))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'writePolicy' must be all or atLeast:N with N >= 1");
        assertThatThrownBy(() -> UnionStore.builder().backlogLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backlogLimit must be at least 1, got 0");
    }
}
