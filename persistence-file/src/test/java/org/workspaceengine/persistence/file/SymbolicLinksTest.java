package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** No symbolic link inside the data folder is ever followed; the data folder itself may be one. */
class SymbolicLinksTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final String OUTSIDE_CONTENT = "precious\n";

    @TempDir
    Path root;

    private Path data;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(root.resolve("data"));
        outside = Files.writeString(root.resolve("outside.txt"), OUTSIDE_CONTENT);
    }

    @Test
    void aNamespaceFileThatIsALinkIsNeitherWrittenNorReadAndIsNamed() throws IOException {
        Path link = Files.createSymbolicLink(data.resolve("ns.jsonl"), outside);

        try (FileStore store = open()) {
            assertThatThrownBy(() -> store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build()))
                    .isInstanceOf(PersistenceException.class).hasMessageContaining(link.toString())
                    .hasMessageContaining("is a symbolic link");
            assertThatThrownBy(() -> store.load("ns")).hasMessageContaining("is a symbolic link");
            assertThatThrownBy(() -> store.compact("ns")).hasMessageContaining("is a symbolic link");
            assertThat(store.listNamespaces()).doesNotContain("ns");
            assertThat(store.unrecognizedData()).singleElement().satisfies(problem -> {
                assertThat(problem.kind()).isEqualTo(Kind.UNRECOGNIZED);
                assertThat(problem.location()).isEqualTo(link.toString());
                assertThat(problem.description()).contains("symbolic link");
            });
        }
        assertThat(outside).hasContent(OUTSIDE_CONTENT);
    }

    @Test
    void aLockFileThatIsALinkIsRefusedAndItsTargetKept() throws IOException {
        Path link = Files.createSymbolicLink(data.resolve(".lock"), outside);

        assertThatThrownBy(this::open).isInstanceOf(PersistenceException.class)
                .hasMessageContaining(link.toString()).hasMessageContaining("is a symbolic link");

        assertThat(outside).hasContent(OUTSIDE_CONTENT);
    }

    @Test
    void sideFilesThatAreLinksAreNeverWrittenThrough() throws IOException {
        Files.writeString(data.resolve("ns.jsonl"), "{\"namespace\":\"ns\",\"chan"); // a torn tail to cut aside
        Files.createSymbolicLink(data.resolve("ns.jsonl.rejected"), outside);

        try (FileStore store = open()) {
            assertThatThrownBy(() -> store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build()))
                    .hasMessageContaining("ns.jsonl.rejected is a symbolic link");
        }
        assertThat(outside).hasContent(OUTSIDE_CONTENT);
    }

    @Test
    void aStaleCompactionFileThatIsALinkIsRemovedNotFollowed() throws IOException {
        Path link = Files.createSymbolicLink(data.resolve("ns.jsonl.tmp"), outside);

        try (FileStore store = open()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).set(Widget.of("w1", 2), T0).build());
            store.compact("ns");
            assertThat(store.load("ns")).hasSize(1);
        }
        assertThat(link).doesNotExist();
        assertThat(outside).hasContent(OUTSIDE_CONTENT);
    }

    @Test
    void theDataFolderItselfMayBeALink() throws IOException {
        Path linked = Files.createSymbolicLink(root.resolve("linked"), data);

        try (FileStore store = FileStore.builder(linked).entityTypes(TestEntities.registry()).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            assertThat(store.load("ns")).hasSize(1);
        }
        assertThat(data.resolve("ns.jsonl")).isRegularFile();
    }

    private FileStore open() {
        return FileStore.builder(data).entityTypes(TestEntities.registry()).autoCompaction(false).build();
    }
}
