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
        FileStoreBuilder builder = FileStore.builder(directory).durability(Durability.FLUSH);
        assertThatThrownBy(() -> builder.durability(Durability.NONE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("durability was already set to FLUSH");
        FileStoreBuilder auto = FileStore.builder(directory).autoCompaction(false);
        assertThatThrownBy(() -> auto.autoCompaction(true)).hasMessage("autoCompaction was already set to false");
        assertThatThrownBy(() -> auto.compactionRatio(3).build()).hasMessageContaining("contradict");
    }

    @Test
    void invalidValuesAreRefused() {
        FileStoreBuilder builder = FileStore.builder(directory);
        assertThatThrownBy(() -> builder.compactionRatio(1.0)).hasMessageContaining("compactionRatio must be");
        assertThatThrownBy(() -> builder.compactionRatio(Double.NaN)).hasMessageContaining("compactionRatio");
        assertThatThrownBy(() -> builder.compactionMinBytes(-1)).hasMessage("compactionMinBytes must be at least 0, "
                + "got -1");
        assertThatThrownBy(() -> builder.unsetRetention(Duration.ofSeconds(-1)))
                .hasMessageContaining("unsetRetention must be zero or positive");
        assertThatThrownBy(() -> builder.readThreads(0)).hasMessage("readThreads must be at least 1, got 0");
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
