package org.workspaceengine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.TestEntities.Job;
import org.workspaceengine.persistence.TestEntities.Resource;
import org.workspaceengine.persistence.TestEntities.SystemEntity;

class EntityTypesTest {

    @Test
    void registeringTheSameClassTwiceIsANoOp() {
        EntityTypes types = EntityTypes.create().register("system", SystemEntity.class);

        types.register("system", SystemEntity.class);

        assertThat(types.registeredTypes()).containsExactly("system");
    }

    @Test
    void registeringATypeToAnotherClassFailsNamingBothClasses() {
        EntityTypes types = EntityTypes.create().register("system", SystemEntity.class);

        assertThatThrownBy(() -> types.register("system", Resource.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'system'").hasMessageContaining("SystemEntity").hasMessageContaining("Resource");
    }

    @Test
    void blankTypeNamesAreRefused() {
        assertThatThrownBy(() -> EntityTypes.create().register(" ", SystemEntity.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMigrationNameIsUniquePerType() {
        EntityTypes types = EntityTypes.create().addMigration("system", "v2", json -> json);

        assertThatThrownBy(() -> types.addMigration("system", "v2", json -> json))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'v2'");
        types.addMigration("resource", "v2", json -> json);
    }

    @Test
    void savingAnUnregisteredTypeIsRefusedUnlessGenericOrRaw() {
        SystemEntity system = new SystemEntity("s1", "n");

        assertThatThrownBy(() -> EntityTypes.create().checkSavable("ns", system))
                .isInstanceOf(UnknownEntityTypeException.class).hasMessageContaining("'system'");
        EntityTypes.generic().checkSavable("ns", system);
        EntityTypes.create().checkSavable("ns", RawEntity.of("system", "s1", "{}"));
    }

    @Test
    void savingAnEntityOfAnotherClassThanItsTypesIsRefused() {
        EntityTypes types = EntityTypes.create().register("resource", Job.class);

        assertThatThrownBy(() -> types.checkSavable("ns", new Resource("r1", "n", "k", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource/r1");
    }
}
