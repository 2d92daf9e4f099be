package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * Directories the Go original wrote, whose files are named with the raw namespace ({@code a b.jsonl}), are read and
 * extended in place; one namespace never has two files; a file that maps to no namespace is reported.
 */
class GoFileNamesTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aFileNamedWithTheRawNamespaceIsListedLoadedAppendedToAndCompactedInPlace() throws IOException {
        for (String namespace : new String[] {"a b", "ünï", "tenant:42", "100%"}) {
            Path goFile = dir.resolve(namespace + ".jsonl");
            Files.writeString(goFile, line(namespace, "w1", 1) + line(namespace, "w1", 2));

            try (FileStore store = open()) {
                assertThat(store.listNamespaces()).contains(namespace);
                assertThat(store.load(namespace)).singleElement().satisfies(change ->
                        assertThat(((Widget) change.entity()).version()).isEqualTo(2));

                store.save(Changes.builder(namespace).set(Widget.of("w2", 1), T0).build());
                store.compact(namespace);

                assertThat(store.load(namespace)).hasSize(2);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jsonl")))
                        .as("namespace %s", namespace).containsOnlyOnce(namespace + ".jsonl")
                        .doesNotContain(NamespaceFileNames.fileName(namespace));
            }
            assertThat(Files.readAllLines(goFile)).hasSize(2);
            Files.delete(goFile);
        }
    }

    @Test
    void aNamespaceWithBothFilesIsRefusedNamingBoth() throws IOException {
        Path goFile = Files.writeString(dir.resolve("a b.jsonl"), line("a b", "w1", 1));
        Path ours = Files.writeString(dir.resolve("a%20b.jsonl"), line("a b", "w2", 1));

        try (FileStore store = open()) {
            assertThatThrownBy(() -> store.load("a b")).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining(goFile.toString()).hasMessageContaining(ours.toString());
            assertThat(store.unrecognizedData()).singleElement().satisfies(problem ->
                    assertThat(problem.description()).contains("namespace 'a b' has another file"));
        }
    }

    @Test
    void aJsonlFileThatMapsToNoNamespaceIsReportedNotSkippedSilently() throws IOException {
        Path hidden = Files.writeString(dir.resolve(".hidden.jsonl"), line(".hidden", "w1", 1));
        Path hashedElsewhere = Files.writeString(dir.resolve("x%~00.jsonl"), line("other", "w1", 1));

        try (FileStore store = open()) {
            assertThat(store.listNamespaces()).isEmpty();
            assertThat(store.unrecognizedData()).extracting(problem -> problem.location(), problem -> problem.kind())
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(hidden.toString(), Kind.UNRECOGNIZED),
                            org.assertj.core.groups.Tuple.tuple(hashedElsewhere.toString(), Kind.UNRECOGNIZED));
        }
    }

    @Test
    void aNewNamespaceGetsTheSafeNameThisStoreWrites() {
        try (FileStore store = open()) {
            store.save(Changes.builder("a b").set(Widget.of("w1", 1), T0).build());
        }
        assertThat(dir.resolve("a%20b.jsonl")).isRegularFile();
        assertThat(dir.resolve("a b.jsonl")).doesNotExist();
    }

    private FileStore open() {
        return FileStore.builder(dir).entityTypes(TestEntities.registry()).autoCompaction(false).build();
    }

    private static String line(String namespace, String id, int version) {
        return "{\"namespace\":\"" + namespace + "\",\"changeType\":\"set\",\"entityType\":\"widget\",\"entityID\":\""
                + id + "\",\"entity\":{\"id\":\"" + id + "\",\"name\":\"n\",\"version\":" + version
                + ",\"labels\":{},\"payload\":\"\"},\"timestamp\":\"2025-10-25T12:00:0" + version + "Z\"}\n";
    }
}
