package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The file store's counts run the load's own scan and read no entity: they need no entity type registered, and a
 * corrupt line fails them as it fails a strict load (or is skipped in lenient mode).
 */
class EntityCountingTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    private void seed() {
        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).set(Widget.of("w2", 1), T0)
                    .unset(Widget.of("w3", 1), T0).set(Widget.of("w1", 2), T0.plusSeconds(1)).build());
        }
    }

    @Test
    void countingDeserializesNoEntitySoItNeedsNoTypeRegistered() {
        seed();
        try (FileStore store = FileStore.builder(dir).entityTypes(EntityTypes.create()).build()) {
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(UnknownEntityTypeException.class);

            assertThat(store.countEntities("ns")).isEqualTo(new EntityCounts("ns", 2, 1));
        }
    }

    @Test
    void aCorruptLineFailsACountAsItFailsAStrictLoadAndIsSkippedInLenientMode() throws IOException {
        seed();
        Path file = dir.resolve(NamespaceFileNames.fileName("ns"));
        Files.writeString(file, "{not json}\n", StandardOpenOption.APPEND);
        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry()).build()) {
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class);
            assertThatThrownBy(() -> store.countEntities("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(file.toString());
        }
        try (FileStore lenient = FileStore.builder(dir).entityTypes(TestEntities.registry()).lenient(true).build()) {
            assertThat(lenient.countEntities("ns")).isEqualTo(new EntityCounts("ns", 2, 1));
        }
    }
}
