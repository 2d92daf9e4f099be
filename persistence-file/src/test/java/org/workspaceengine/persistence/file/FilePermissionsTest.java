package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** A store's files hold a service's state: owner-only by default, and compaction never widens them. */
class FilePermissionsTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path parent;

    private Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        dir = parent.resolve("data");
    }

    @Test
    void newFilesAreOwnerOnlyWhateverTheUmask() throws IOException {
        try (FileStore store = open(false)) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }
        Files.writeString(dir.resolve("torn.jsonl"), "{\"namespace\":\"torn\"");
        try (FileStore store = open(false)) {
            store.save(Changes.builder("torn").set(Widget.of("w1", 1), T0).build()); // cuts the tail aside
        }

        assertThat(permissions(dir)).isEqualTo("rwx------");
        assertThat(permissions(dir.resolve("ns.jsonl"))).isEqualTo("rw-------");
        assertThat(permissions(dir.resolve(".lock"))).isEqualTo("rw-------");
        assertThat(permissions(dir.resolve("torn.jsonl.rejected"))).isEqualTo("rw-------");
    }

    @Test
    void groupAccessSharesNewFilesAndTheDirectoryWithTheGroup() throws IOException {
        try (FileStore store = open(true)) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }

        assertThat(permissions(dir)).isEqualTo("rwxrwx---");
        assertThat(permissions(dir.resolve("ns.jsonl"))).isEqualTo("rw-rw----");
    }

    @Test
    void groupAccessIsAUriOption() throws IOException {
        Stores.open("file:" + dir + "?groupAccess=true", TestEntities.registry()).close();

        assertThat(permissions(dir)).isEqualTo("rwxrwx---");
    }

    @Test
    void compactionKeepsTheFilesPermissions() throws IOException {
        for (String mode : new String[] {"rw-------", "rw-r-----", "rw-rw-r--"}) {
            try (FileStore store = open(false)) {
                for (int version = 0; version < 3; version++) {
                    store.save(Changes.builder("ns").set(Widget.of("w1", version), T0.plusSeconds(version)).build());
                }
                Files.setPosixFilePermissions(dir.resolve("ns.jsonl"), PosixFilePermissions.fromString(mode));

                store.compact("ns");

                assertThat(store.storageStats("ns").records()).isEqualTo(1);
                assertThat(permissions(dir.resolve("ns.jsonl"))).as("after compaction").isEqualTo(mode);
            }
        }
    }

    @Test
    void compactionKeepsTheFilesOwnerWhereTheProcessMay() throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root may give a file away");
        UserPrincipal nobody = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        try (FileStore store = open(false)) {
            for (int version = 0; version < 3; version++) {
                store.save(Changes.builder("ns").set(Widget.of("w1", version), T0.plusSeconds(version)).build());
            }
            Files.setOwner(dir.resolve("ns.jsonl"), nobody);

            store.compact("ns");
        }

        assertThat(Files.getOwner(dir.resolve("ns.jsonl"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(nobody);
    }

    private FileStore open(boolean groupAccess) {
        return FileStore.builder(dir).entityTypes(TestEntities.registry()).groupAccess(groupAccess)
                .autoCompaction(false).build();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes().permissions());
    }
}
