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
        Path input = Files.writeString(dir.resolve("in.txt"), stdin);
        return javaWithHeap(null, input, args);
    }

    /** Runs the jar with {@code -Xmx<heap>} (none when null), stdin read from {@code input}. */
    private Run javaWithHeap(String heap, Path input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(input.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
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

    @Test
    void aLineOverTheLimitIsRefusedByEveryCommandInMemoryBoundedByTheLimit() throws Exception {
        Instant t0 = Instant.parse("2025-10-25T12:00:00Z");
        String before = line("ws", "set", "system", "s1", "first", t0);
        String after = line("ws", "set", "system", "s3", "last", t0.plusSeconds(2));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path hugeLine = dir.resolve("huge-line.jsonl");
        try (var out = Files.newOutputStream(hugeLine)) {
            out.write(line("ws", "set", "system", "s2", "", t0).substring(0, 100).getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 200; i++) {
                out.write(chunk); // 200 MB: three times the limit
            }
            out.write('\n');
        }
        try (var out = Files.newOutputStream(data.resolve("ws.jsonl"))) {
            out.write((before + "\n").getBytes(StandardCharsets.UTF_8));
            Files.copy(hugeLine, out);
            out.write((after + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        String limit = "more than the 67108864 bytes a line may have";

        Run verify = javaWithHeap("256m", empty, "verify", "ws");
        Run stats = javaWithHeap("256m", empty, "stats", "ws");
        Run dump = javaWithHeap("256m", empty, "dump", "ws");
        Run compact = javaWithHeap("256m", empty, "compact", "ws");
        Run imported = javaWithHeap("256m", hugeLine, "--store", "file:./other", "import");

        for (Run run : List.of(verify, stats, dump, compact, imported)) {
            assertThat(run.err()).as("%s", run).doesNotContain("OutOfMemoryError");
        }
        assertThat(verify.status()).as("%s", verify).isEqualTo(3);
        assertThat(verify.out()).contains("line 2").contains(limit);
        assertThat(stats.status()).as("%s", stats).isZero();
        assertThat(stats.out()).containsPattern("lines\\s+3\\R");
        assertThat(dump.status()).isEqualTo(1);
        assertThat(dump.err()).contains("ws.jsonl line 2").contains(limit);
        assertThat(compact.status()).isEqualTo(1);
        assertThat(compact.err()).contains("ws.jsonl line 2").contains(limit);
        assertThat(imported.status()).as("%s", imported).isEqualTo(1);
        assertThat(imported.err()).contains("stdin line 1 is longer than 67108863 bytes");
    }
}
