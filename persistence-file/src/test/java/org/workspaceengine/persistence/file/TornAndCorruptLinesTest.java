package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class TornAndCorruptLinesTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final WireFormat WIRE = WireFormat.create(TestEntities.registry());

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("ns.jsonl");
    }

    private FileStore open(boolean lenient) {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).lenient(lenient).build();
    }

    private FileStore openReadOnly() {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).readOnly(true).build();
    }

    private static String line(int id, int version) {
        return WIRE.encodeToString(Change.set("ns", Widget.of("w" + id, version), T0.plusSeconds(version)));
    }

    private void write(String content) throws IOException {
        Files.writeString(file(), content, StandardCharsets.UTF_8);
    }

    @Test
    void tornLastLineIsIgnoredOnLoad() throws IOException {
        String torn = line(3, 3).substring(0, 40);
        write(line(1, 1) + "\n" + line(2, 2) + "\n" + torn);

        try (FileStore store = openReadOnly()) {
            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("w1", "w2");
        }
        assertThat(file()).as("a read-only store repairs nothing")
                .hasContent(line(1, 1) + "\n" + line(2, 2) + "\n" + torn);
    }

    @Test
    void tornLastLineIsCutOffBeforeTheNextAppendAndKeptInASideFile() throws IOException {
        String torn = line(3, 3).substring(0, 40);
        write(line(1, 1) + "\n" + torn);

        try (FileStore store = open(false)) {
            store.save(Changes.builder("ns").set(Widget.of("w4", 4), T0.plusSeconds(4)).build());
            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("w1", "w4");
        }

        assertThat(Files.readAllLines(file())).containsExactly(line(1, 1), line(4, 4));
        assertThat(directory.resolve("ns.jsonl.rejected")).hasContent(torn);
        try (FileStore store = open(false)) {
            assertThat(store.load("ns")).hasSize(2);
        }
    }

    @Test
    void completeLastLineWithoutNewlineIsKept() throws IOException {
        write(line(1, 1) + "\n" + line(2, 2));

        try (FileStore store = open(false)) {
            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("w1", "w2");
            store.save(Changes.builder("ns").set(Widget.of("w3", 3), T0.plusSeconds(3)).build());
        }

        assertThat(Files.readAllLines(file())).containsExactly(line(1, 1), line(2, 2), line(3, 3));
        assertThat(directory.resolve("ns.jsonl.rejected")).doesNotExist();
    }

    @Test
    void corruptLineInTheMiddleFailsTheLoadNamingFileLineAndExcerpt() throws IOException {
        write(line(1, 1) + "\n" + "{\"namespace\":\"ns\",\"changeType\":\"set\",GARBAGE\n" + line(2, 2) + "\n");

        try (FileStore store = open(false)) {
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(file().toString()).hasMessageContaining("line 2")
                    .hasMessageContaining("{\"namespace\":\"ns\",\"changeType\":\"set\",GARBAGE")
                    .satisfies(e -> assertThat(((CorruptDataException) e).location())
                            .isEqualTo(file() + " line 2"));
            assertThatThrownBy(() -> store.compact("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("line 2");
        }
        assertThat(Files.readAllLines(file())).as("a failed load or compaction changes nothing").hasSize(3);
    }

    @Test
    void entityThatDoesNotFitItsClassFailsNamingTheLine() throws IOException {
        write(line(1, 1) + "\n" + line(2, 2).replace("\"version\":2", "\"version\":\"two\"") + "\n");

        try (FileStore store = open(false)) {
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(file() + " line 2").hasMessageContaining("w2");
        }
    }

    @Test
    void lineOfAnotherNamespaceIsCorrupt() throws IOException {
        write(line(1, 1).replace("\"namespace\":\"ns\"", "\"namespace\":\"other\"") + "\n");

        try (FileStore store = open(false)) {
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("line 1").hasMessageContaining("namespace 'other'");
        }
    }

    @Test
    void lenientModeSkipsCorruptLinesAndKeepsTheRest() throws IOException {
        write(line(1, 1) + "\nnot json at all\n" + line(2, 2) + "\n\n   \n{\"truncated\":\n" + line(3, 3) + "\n");

        try (FileStore store = open(true)) {
            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("w1", "w2", "w3");
        }
    }

    @Test
    void lenientCompactionMovesCorruptLinesToTheSideFileInsteadOfLosingThem() throws IOException {
        write(line(1, 1) + "\nnot json at all\n" + line(1, 2) + "\n");

        try (FileStore store = open(true)) {
            store.compact("ns");
            assertThat(store.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T0.plusSeconds(2)));
        }

        assertThat(Files.readAllLines(file())).containsExactly(line(1, 2));
        assertThat(directory.resolve("ns.jsonl.rejected")).hasContent("not json at all");
    }

    @Test
    void blankLinesAndWindowsLineEndingsAreAccepted() throws IOException {
        write("\n" + line(1, 1) + "\r\n\r\n" + line(2, 2) + "\r\n");

        try (FileStore store = open(false)) {
            assertThat(store.load("ns")).hasSize(2);
        }
    }

    @Test
    void staleCompactionTempFilesAreDeletedOnOpen() throws IOException {
        write(line(1, 1) + "\n");
        Files.writeString(directory.resolve("ns.jsonl.tmp"), "half a compaction");

        try (FileStore store = open(false)) {
            assertThat(directory.resolve("ns.jsonl.tmp")).doesNotExist();
            assertThat(store.load("ns")).hasSize(1);
        }
    }

    @Test
    void emptyFileIsAnEmptyNamespaceAndNotListed() throws IOException {
        write("");

        try (FileStore store = open(false)) {
            assertThat(store.load("ns")).isEmpty();
            assertThat(store.listNamespaces()).isEmpty();
            store.compact("ns");
        }
    }

    @Test
    void partialWriteOfAMultiLineSaveKeepsItsWholeLines() throws IOException {
        String twoLines = line(1, 1) + "\n" + line(2, 2) + "\n";
        Files.writeString(file(), twoLines + line(3, 3).substring(0, 10), StandardOpenOption.CREATE_NEW);

        try (FileStore store = open(false)) {
            assertThat(store.load("ns")).extracting(Change::entityId).containsExactly("w1", "w2");
            store.save(Changes.builder("ns").set(Widget.of("w4", 4), T0.plusSeconds(4)).build());
        }
        assertThat(Files.readAllLines(file())).isEqualTo(List.of(line(1, 1), line(2, 2), line(4, 4)));
    }

    @Test
    void largeFileDecodedInParallelGivesTheSameResultAndTheRightLineNumbers() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 12_000; i++) {
            content.append(i == 7_777 ? "{\"broken\": " : line(i % 3000, i)).append('\n');
        }
        write(content.toString());
        assertThat(Files.size(file())).isGreaterThan(4L * FileChunkReader.CHUNK_BYTES);

        try (FileStore parallel = FileStore.builder(directory).entityTypes(TestEntities.registry()).readOnly(true)
                .readThreads(3).build()) {
            assertThatThrownBy(() -> parallel.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(file() + " line 7777");
        }
        Changes sequential;
        try (FileStore one = FileStore.builder(directory).entityTypes(TestEntities.registry()).readOnly(true)
                .lenient(true).readThreads(1).build()) {
            sequential = one.load("ns");
        }
        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).lenient(true)
                .readThreads(3).build()) {
            assertThat(store.load("ns")).hasSize(3000).isEqualTo(sequential);
            store.compact("ns");
            assertThat(store.load("ns")).isEqualTo(sequential);
        }
        assertThat(Files.readAllLines(file())).hasSize(3000);
        assertThat(directory.resolve("ns.jsonl.rejected")).hasContent("{\"broken\": ");
    }

    @Test
    void winnerThatDoesNotFitItsClassInALargeFileFailsNamingItsLine() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= 9_000; i++) {
            String line = line(i % 3000, i);
            content.append(i == 8_500 ? line.replace("\"version\":8500", "\"version\":\"x\"") : line).append('\n');
        }
        write(content.toString());

        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).readThreads(3)
                .build()) {
            assertThatThrownBy(() -> store.load("ns")).isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining(file() + " line 8500");
        }
        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry()).readThreads(3)
                .lenient(true).build()) {
            assertThat(store.load("ns")).hasSize(2999).noneMatch(change -> change.entityId().equals("w2500"));
        }
    }
}
