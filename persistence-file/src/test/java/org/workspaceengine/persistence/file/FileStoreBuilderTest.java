package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class FileStoreBuilderTest {

    @TempDir
    Path directory;

    @Test
    void settingAnOptionTwiceFailsNamingTheEarlierValue() {
        FileStore.Builder builder = FileStore.builder(directory).durability(Durability.FLUSH);
        assertThatThrownBy(() -> builder.durability(Durability.NONE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("durability was already set to FLUSH");
        FileStore.Builder auto = FileStore.builder(directory).disableAutoCompaction();
        assertThatThrownBy(() -> auto.autoCompaction(3, 0)).hasMessageContaining("disabled");
    }

    @Test
    void invalidValuesAreRefused() {
        FileStore.Builder builder = FileStore.builder(directory);
        assertThatThrownBy(() -> builder.autoCompaction(1.0, 0)).hasMessageContaining("garbageRatio");
        assertThatThrownBy(() -> builder.autoCompaction(Double.NaN, 0)).hasMessageContaining("garbageRatio");
        assertThatThrownBy(() -> builder.autoCompaction(2, -1)).hasMessageContaining("minFileBytes");
        assertThatThrownBy(() -> builder.unsetRetention(Duration.ofSeconds(-1))).hasMessageContaining("negative");
    }

    @Test
    void defaultsAreFsyncAndAWritableStoreInANewDirectory() {
        Path nested = directory.resolve("a/b/c");
        try (FileStore store = FileStore.open(nested)) {
            assertThat(store.durability()).isEqualTo(Durability.FSYNC);
            assertThat(store.isReadOnly()).isFalse();
            assertThat(Files.isDirectory(nested)).isTrue();
            assertThat(store.toString()).contains(nested.toString());
        }
    }

    @Test
    void usersObjectMapperWritesTheEntities() throws Exception {
        JsonMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        try (FileStore store = FileStore.builder(directory).objectMapper(snake)
                .entityTypes(EntityTypes.create().register("named", Named.class)).build()) {
            store.save(Changes.builder("ns").set(new Named("n1", "First"), Instant.EPOCH).build());
            assertThat(Files.readString(directory.resolve("ns.jsonl"))).contains("\"display_name\":\"First\"");
        }
    }

    @Test
    void entityTypesMayBeRegisteredOnTheStoreAsInTheSeed() {
        try (FileStore store = FileStore.open(directory)) {
            store.registerEntityType("widget", Widget.class);
            store.save(Changes.builder("ns").set(Widget.of("w1", 1)).build());
            assertThat(store.load("ns")).hasSize(1);
        }
    }

    record Named(String id, String displayName) implements org.workspaceengine.persistence.Entity {
        @Override
        public String entityType() {
            return "named";
        }

        @Override
        public String entityId() {
            return id;
        }
    }
}
