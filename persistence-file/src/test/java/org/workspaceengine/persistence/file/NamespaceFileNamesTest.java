package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class NamespaceFileNamesTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    /** Namespaces that try to escape the directory, clash with other names or break file systems. */
    static Stream<String> hostileNamespaces() {
        return Stream.of("../x", "../../etc/cron.d/evil", "/etc/passwd", "a/b", "a\\b", "..", ".", "...", ".hidden",
                ".lock", "nul\0byte", "\0", "con", "CON", "aux.txt", "x".repeat(300), "ü".repeat(200),
                "%2e%2e", "%2e%2e%2fx", "%2F", "a%2Fb", "‥", "．．／x", "a∕b", "ws-1.jsonl", "ws-1.jsonl.tmp",
                "x.jsonl.rejected", "line\nbreak", "tab\t", "  ", " ", "~", "*", "?", "C:\\x", "\u202Eevil",
                "\uD83D\uDE80", "%~", "a%~b", "..%2f..%2f", "-rf", "ends.", "a:b");
    }

    @Test
    void safeNamespacesAreTheirOwnFileNameAsInTheGoOriginal() {
        for (String namespace : List.of("workspace-1", "ws_2", "a.b-c", "A", "0", "-", "_", "x.", "x..y")) {
            assertThat(NamespaceFileNames.fileName(namespace)).isEqualTo(namespace + ".jsonl");
            assertThat(NamespaceFileNames.namespaceOf(namespace + ".jsonl")).isEqualTo(namespace);
        }
    }

    @ParameterizedTest
    @MethodSource("hostileNamespaces")
    void hostileNamespaceMapsToOneSafeFileNameInTheDirectory(String namespace) {
        String fileName = NamespaceFileNames.fileName(namespace);

        assertThat(fileName).doesNotContain("/", "\\", "\0", ":", "\n").doesNotStartWith(".")
                .endsWith(".jsonl").matches("[A-Za-z0-9._%~-]+");
        assertThat(fileName.getBytes(StandardCharsets.UTF_8).length
                + NamespaceFileNames.REJECTED_SUFFIX.length()).isLessThanOrEqualTo(255);
        Path base = Path.of("/data/store");
        assertThat(base.resolve(fileName).normalize().getParent()).isEqualTo(base);
        if (!NamespaceFileNames.isHashed(fileName)) {
            assertThat(NamespaceFileNames.namespaceOf(fileName)).isEqualTo(namespace);
        }
    }

    @Test
    void distinctNamespacesNeverShareAFile() {
        Set<String> fileNames = new HashSet<>();
        List<String> namespaces = new ArrayList<>(hostileNamespaces().toList());
        namespaces.addAll(List.of("x", "X", "%78", "%2578", "x%", ".x", "%2Ex", "y".repeat(300) + "a",
                "y".repeat(300) + "b"));
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            for (int j = 1 + random.nextInt(12); j > 0; j--) {
                name.append("a.%/~-\0ü2F".charAt(random.nextInt(10)));
            }
            namespaces.add(name.toString());
        }
        Set<String> distinct = new HashSet<>(namespaces);
        for (String namespace : distinct) {
            assertThat(fileNames.add(NamespaceFileNames.fileName(namespace))).as("file name of '%s' is unique",
                    namespace).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.json", "x.jsonl.tmp", ".jsonl", "%zz.jsonl", "%41.jsonl", "a%2fb.jsonl",
            "%C3.jsonl", "ü.jsonl", "%2Ex%2E.jsonl2"})
    void filesNoNamespaceMapsToAreNotNamespaces(String fileName) {
        assertThat(NamespaceFileNames.namespaceOf(fileName)).isNull();
    }

    @Test
    void unpairedSurrogateIsRefusedSinceNoFileCouldHoldIt() {
        assertThatThrownBy(() -> NamespaceFileNames.fileName("bad\uD800"))
                .isInstanceOf(InvalidNamespaceException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void hostileNamespacesAreStoredInsideTheDirectoryAndListedBack(@TempDir Path root) throws Exception {
        Path directory = root.resolve("store");
        List<String> namespaces = hostileNamespaces().toList();
        try (FileStore store = FileStore.builder(directory).durability(Durability.FLUSH)
                .entityTypes(TestEntities.registry()).build()) {
            for (int i = 0; i < namespaces.size(); i++) {
                store.save(Changes.builder(namespaces.get(i)).set(Widget.of("w", i), T0).build());
            }
            for (int i = 0; i < namespaces.size(); i++) {
                assertThat(store.load(namespaces.get(i))).as("namespace #%d", i)
                        .containsExactly(Change.set(namespaces.get(i), Widget.of("w", i), T0));
                store.compact(namespaces.get(i));
            }
            assertThat(store.listNamespaces()).containsExactlyInAnyOrderElementsOf(namespaces);
        }
        try (Stream<Path> outside = Files.list(root)) {
            assertThat(outside).containsExactly(directory);
        }
        try (Stream<Path> inside = Files.walk(directory)) {
            assertThat(inside.filter(p -> !p.equals(directory)))
                    .allMatch(p -> p.getParent().equals(directory) && Files.isRegularFile(p))
                    .hasSize(namespaces.size() + 1);
        }
    }
}
