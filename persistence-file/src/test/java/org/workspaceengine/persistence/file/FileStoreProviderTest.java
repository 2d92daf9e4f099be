package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class FileStoreProviderTest {

    @TempDir
    Path directory;

    @Test
    void fileUriWithAnAbsolutePathOpensAFileStoreWithItsOptions() {
        URI uri = URI.create(directory.toUri() + "sub%20dir?durability=flush&lenient=true&autoCompaction=false");
        try (Store store = Stores.open(uri, TestEntities.registry())) {
            assertThat(store).isInstanceOf(FileStore.class);
            FileStore file = (FileStore) store;
            assertThat(file.directory()).isEqualTo(directory.resolve("sub dir").toAbsolutePath());
            assertThat(file.durability()).isEqualTo(Durability.FLUSH);
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), Instant.EPOCH).build());
        }
        try (Store readOnly = Stores.open(URI.create(directory.toUri() + "sub%20dir?readOnly=true"),
                TestEntities.registry())) {
            assertThat(((FileStore) readOnly).isReadOnly()).isTrue();
            assertThat(readOnly.load("ns")).hasSize(1);
        }
    }

    @Test
    void relativeFileUriWithOptionsAsInTheReadme() {
        Path relative = Path.of("").toAbsolutePath().relativize(directory.resolve("data").toAbsolutePath());
        try (Store store = Stores.open(URI.create("file:" + relative + "?durability=none&compactionRatio=8"),
                TestEntities.registry())) {
            assertThat(((FileStore) store).directory()).isEqualTo(directory.resolve("data").toAbsolutePath());
            assertThat(((FileStore) store).durability()).isEqualTo(Durability.NONE);
        }
    }

    @Test
    void unknownOrBadOptionsAreRefusedNamingThem() {
        String base = directory.toUri().toString();
        assertThatThrownBy(() -> Stores.open(URI.create(base + "?durabilty=flush"), TestEntities.registry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durabilty");
        assertThatThrownBy(() -> Stores.open(URI.create(base + "?durability=sometimes"), TestEntities.registry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durability");
        assertThatThrownBy(() -> Stores.open(URI.create(base + "?autoCompaction=false&compactionRatio=3"),
                TestEntities.registry())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contradict");
        assertThatThrownBy(() -> Stores.open(URI.create("file://somehost/data"), TestEntities.registry()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void retentionOptionIsParsed() {
        try (Store store = Stores.open(URI.create(directory.toUri() + "?unsetRetention=30d"),
                TestEntities.registry())) {
            assertThat(store).isInstanceOf(FileStore.class);
        }
        assertThatThrownBy(() -> Stores.open(URI.create(directory.toUri() + "?unsetRetention=soon"),
                TestEntities.registry())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsetRetention");
    }
}
