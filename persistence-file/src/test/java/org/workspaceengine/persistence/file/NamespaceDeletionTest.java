package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The file store's namespace deletion: files and side files removed, a read-only store refusing, a deletion cut short
 * by a crash finished at the next open, Go's file names, and loads racing deletions seeing a whole namespace or none.
 * (Kills during deletions are in {@link CrashTrialsTest}; the contract in the TCK.)
 */
class NamespaceDeletionTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void deletingRemovesTheFileAndItsSideFilesAndNothingElse() throws IOException {
        try (FileStore store = open()) {
            store.save(Changes.builder("doomed").set(Widget.of("w1", 1), T0).build());
            store.save(Changes.builder("kept").set(Widget.of("w1", 1), T0).build());
            Path rejected = Files.writeString(dir.resolve(NamespaceFileNames.fileName("doomed")
                    + NamespaceFileNames.REJECTED_SUFFIX), "cut bytes");

            store.deleteNamespace("doomed");

            assertThat(rejected).doesNotExist();
            assertThat(fileNames()).contains(NamespaceFileNames.fileName("kept"))
                    .noneMatch(name -> name.startsWith("doomed"));
        }
    }

    @Test
    void aReadOnlyStoreRefusesToDeleteAndKeepsTheNamespace() {
        try (FileStore store = open()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }
        try (FileStore readOnly = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true).build()) {
            assertThatThrownBy(() -> readOnly.deleteNamespace("ns")).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("delete namespace 'ns'").hasMessageContaining("read-only");

            assertThat(readOnly.load("ns")).hasSize(1);
        }
    }

    @Test
    void aDeletionCutShortAfterItsRenameIsFinishedAtTheNextOpen() throws IOException {
        try (FileStore store = open()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }
        Path file = dir.resolve(NamespaceFileNames.fileName("ns"));
        Files.move(file, file.resolveSibling(file.getFileName() + NamespaceFileNames.DELETED_SUFFIX));

        try (FileStore store = open()) {
            assertThat(store.listNamespaces()).doesNotContain("ns");
            assertThat(store.load("ns")).isEmpty();
            assertThat(store.unrecognizedData()).isEmpty();
        }
        assertThat(fileNames()).noneMatch(name -> name.startsWith("ns"));
    }

    @Test
    void aNamespaceInAFileNamedTheGoWayIsDeleted() throws IOException {
        Path goFile = Files.writeString(dir.resolve("a b.jsonl"), "{\"namespace\":\"a b\",\"changeType\":\"set\","
                + "\"entityType\":\"widget\",\"entityID\":\"w1\",\"entity\":{\"id\":\"w1\",\"name\":\"n\","
                + "\"version\":1,\"labels\":{},\"payload\":\"\"},\"timestamp\":\"2025-10-25T12:00:00Z\"}\n");
        try (FileStore store = open()) {
            assertThat(store.load("a b")).hasSize(1);

            store.deleteNamespace("a b");

            assertThat(goFile).doesNotExist();
            assertThat(store.listNamespaces()).isEmpty();
            store.save(Changes.builder("a b").set(Widget.of("w2", 1), T0).build());
            assertThat(store.load("a b")).extracting(Change::entityId).containsExactly("w2");
        }
    }

    @Test
    void loadsRacingDeletionsSeeOneWholeRoundOrNothing() throws Exception {
        int entities = 200;
        int rounds = 60;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService loader = Executors.newSingleThreadExecutor();
        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry())
                .durability(Durability.FLUSH).autoCompaction(false).build()) {
            Future<List<Integer>> seen = loader.submit(() -> {
                List<Integer> sizes = new ArrayList<>();
                while (!done.get()) {
                    Changes loaded = store.load("ns");
                    Set<String> roundsSeen = loaded.stream().map(c -> ((Widget) c.entity()).labels().get("round"))
                            .collect(Collectors.toSet());
                    assertThat(roundsSeen).as("rounds in one load").hasSizeLessThanOrEqualTo(1);
                    sizes.add(loaded.size());
                }
                return sizes;
            });
            for (int round = 0; round < rounds; round++) {
                ChangesBuilder save = Changes.builder("ns");
                for (int e = 0; e < entities; e++) {
                    save.set(new Widget("e-" + e, "e", e, Map.of("round", Integer.toString(round)), ""),
                            T0.minusSeconds(round));
                }
                store.save(save.build());
                store.deleteNamespace("ns");
            }
            done.set(true);
            assertThat(seen.get(2, TimeUnit.MINUTES)).as("sizes of the loads").isNotEmpty()
                    .allMatch(size -> size == 0 || size == entities);
        } finally {
            done.set(true);
            loader.shutdownNow();
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private FileStore open() {
        return FileStore.builder(dir).entityTypes(TestEntities.registry()).autoCompaction(false).build();
    }
}
