package org.workspaceengine.persistence.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of every README of the repository appears in the compiled snippet sources
 * ({@code readme} test package, and the modular application {@link ModulePathTest} runs), so that no snippet can stop
 * compiling unnoticed. Blocks are compared without whitespace: a snippet may be indented differently and wrapped in
 * a method or class, but not changed.
 */
class ReadmeSnippetsTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final List<Path> SNIPPET_SOURCES = List.of(
            Path.of("src/test/java/org/workspaceengine/persistence/examples/readme"), ModulePathTest.APP_SOURCES);

    /** One {@code ```java} block: its README, the line it starts on, its text. */
    record Block(Path readme, int line, String text) {
    }

    @Test
    void everyJavaBlockOfEveryReadmeIsInTheCompiledSnippets() throws IOException {
        String snippets = withoutWhitespace(snippetSources());
        List<String> missing = new ArrayList<>();
        for (Block block : javaBlocks()) {
            if (!snippets.contains(withoutWhitespace(block.text()))) {
                missing.add(REPOSITORY.relativize(block.readme()) + ":" + block.line());
            }
        }
        assertThat(missing).as("README java blocks that are not in %s (copy each there, in code that compiles)",
                SNIPPET_SOURCES).isEmpty();
    }

    @Test
    void theReadmesWithJavaBlocksAreFound() throws IOException {
        assertThat(javaBlocks().stream().map(block -> REPOSITORY.relativize(block.readme()).toString()).distinct())
                .contains("README.md", "persistence-api/README.md", "persistence-memory/README.md",
                        "persistence-tck/README.md", "persistence-file/README.md", "persistence-union/README.md",
                        "persistence-micrometer/README.md");
    }

    @Test
    void aChangedBlockIsNotFound() {
        String snippet = withoutWhitespace("Store store = Stores.open(\"memory:\");\nstore.close();");

        assertThat(snippet.contains(withoutWhitespace("Store store = Stores.open(\"memory:\");"))).isTrue();
        assertThat(snippet.contains(withoutWhitespace("Store store = Stores.open(\"file:\");"))).isFalse();
    }

    static List<Block> javaBlocks() throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            for (Path readme : files.filter(ReadmeSnippetsTest::isReadme).sorted().toList()) {
                List<String> lines = Files.readAllLines(readme);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).strip().equals("```java")) {
                        int start = i + 1;
                        int end = start;
                        while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                            end++;
                        }
                        blocks.add(new Block(readme, start, String.join("\n", lines.subList(start, end))));
                        i = end;
                    }
                }
            }
        }
        return blocks;
    }

    private static boolean isReadme(Path path) {
        if (!path.getFileName().toString().equals("README.md")) {
            return false;
        }
        for (Path part : REPOSITORY.relativize(path)) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static String snippetSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path root : SNIPPET_SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(path -> path.toString().endsWith(".java")).sorted().forEach(path -> {
                    try {
                        all.append(Files.readString(path)).append('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return all.toString();
    }

    static String withoutWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }
}
