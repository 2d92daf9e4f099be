package org.workspaceengine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.TestEntities.Resource;
import org.workspaceengine.persistence.TestEntities.SystemEntity;

class RepositoryRouterTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final MapRepository<SystemEntity> systems = new MapRepository<>();
    private final RepositoryRouter router = RepositoryRouter.builder()
            .route("system", SystemEntity.class, systems).build();

    @Test
    void setPutsAndUnsetRemoves() {
        router.apply(Changes.builder("ns").set(new SystemEntity("a", "1"), T0).set(new SystemEntity("b", "2"), T0)
                .unset(new SystemEntity("a", "1"), T0).build());

        assertThat(systems.entities).containsOnlyKeys("b");
    }

    @Test
    void anUnroutedTypeFailsNamingIt() {
        Changes changes = Changes.builder("ws").set(new Resource("r", "n", "k", Map.of()), T0).build();

        assertThatThrownBy(() -> router.apply(changes)).isInstanceOf(UnknownEntityTypeException.class)
                .hasMessageContaining("'resource'").hasMessageContaining("'ws'");
    }

    @Test
    void aTypeCanBeRoutedOnlyOnce() {
        assertThatThrownBy(() -> RepositoryRouter.builder().route("system", SystemEntity.class, systems)
                .route("system", SystemEntity.class, systems)).isInstanceOf(IllegalStateException.class);
    }

    private static final class MapRepository<T extends Entity> implements EntityRepository<T> {
        final Map<String, T> entities = new LinkedHashMap<>();

        @Override
        public void put(T entity) {
            entities.put(entity.entityId(), entity);
        }

        @Override
        public void remove(T entity) {
            entities.remove(entity.entityId());
        }
    }
}
