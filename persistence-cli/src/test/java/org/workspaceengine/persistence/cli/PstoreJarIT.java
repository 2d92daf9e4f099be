package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.workspaceengine.persistence.cli.FileStoreCliTest.line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/pstore.jar}, run as {@code java -jar} in a child process: its manifest, its merged
 * service files (every backend's URI scheme) and its exit statuses.
 */
class PstoreJarIT {

    private static final Path JAR = Path.of(System.getProperty("pstore.jar", "target/pstore.jar"));

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run java(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("pstore finished").isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt")),
                Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void jarRunsEveryBackendFromItsMergedServiceFiles() throws Exception {
        Run unknown = java("", "--store", "nosuch:x", "ls");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("known schemes: [file, kafka, memory, union]");
    }

    @Test
    void jarImportsDumpsAndCopiesWithTheDefaultStore() throws Exception {
        Instant t0 = Instant.parse("2025-10-25T12:00:00Z");
        String input = line("ws", "set", "system", "s1", "Production", t0) + "\n"
                + line("ws", "set", "system", "s2", "Staging", t0.plusSeconds(1)) + "\n";

        Run imported = java(input, "import");
        assertThat(imported.status()).as("%s", imported).isZero();
        assertThat(imported.out()).isEqualTo("acked 2\n");
        assertThat(dir.resolve("data").resolve("ws.jsonl")).exists();

        Run ls = java("", "ls");
        assertThat(ls.out()).isEqualTo("ws\n");
        assertThat(java("", "dump", "ws").out()).isEqualTo(input);
        assertThat(java("", "copy", "--from", "file:./data", "--to", "file:./backup").status()).isZero();
        assertThat(java("", "--store", "file:./backup", "dump", "ws").out()).isEqualTo(input);
    }

    @Test
    void jarExitsWithOneLineForAMissingDirectory() throws Exception {
        Run missing = java("", "--store", "file:./missing", "ls");

        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("pstore: store directory ./missing does not exist (store file:./missing)\n");
    }
}
