package org.workspaceengine.persistence.benchmarks.coldstart;

import static org.workspaceengine.persistence.benchmarks.WorkDirectories.copyInto;
import static org.workspaceengine.persistence.benchmarks.WorkDirectories.deleteTree;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.benchmarks.MemoryBenchmark.Item;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The {@code coldstart} suite: what a restart and every {@code pstore} command cost as whole processes (a fresh JVM
 * each, timed from start to exit, default JVM flags unless the case says otherwise), side by side in one run with a
 * whole-process Jackson token pass over the same file. Rounds alternate the cases; medians are printed.
 *
 * <p>"Tuned flags" are what the file store's README suggests for a restart with a small state: an application
 * class-data archive of the classes one training run loads ({@code -XX:DumpLoadedClassList}, then
 * {@code -Xshare:dump}), {@code -XX:TieredStopAtLevel=1}, {@code -XX:+UseSerialGC};
 * "archive + serial GC" is the same without the JIT limited to its client compiler, for a large state.
 *
 * <p>Files: 1,000,000 lines (100,000 entities x 10 versions, about 290 MB) and 100,000 lines (10,000 x 10). Run from
 * the repository root after {@code mvn -B package -DskipTests} (it runs {@code persistence-cli/target/pstore.jar} and
 * {@code bin/pstore}). Arguments: {@code [rounds] [work-directory]}.
 */
public final class ColdStartBenchmark {

    static final String NAMESPACE = "bench";
    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final int DEFAULT_ROUNDS = 5;

    private final Path work;
    private final Path java;
    private final Path benchmarksJar;
    private final Path pstoreJar;
    private final Path launcher;
    private final Map<String, List<ChildProcess>> runs = new LinkedHashMap<>();

    private ColdStartBenchmark(Path work) {
        this.work = work;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            this.benchmarksJar = Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        this.pstoreJar = Path.of(System.getProperty("pstore.jar", "persistence-cli/target/pstore.jar"));
        this.launcher = Path.of(System.getProperty("pstore.launcher", "bin/pstore"));
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("coldstart-bench");
        try {
            new ColdStartBenchmark(work).measure(System.out, rounds);
        } finally {
            if (args.length <= 1) {
                deleteTree(work);
            }
        }
    }

    /** Runs the suite in a temporary directory and prints its tables (for the harness). */
    public static void run(PrintStream out) {
        try {
            Path work = Files.createTempDirectory("coldstart-bench");
            try {
                new ColdStartBenchmark(work).measure(out, DEFAULT_ROUNDS);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void measure(PrintStream out, int rounds) throws IOException, InterruptedException {
        for (Path required : List.of(pstoreJar, launcher)) {
            if (!Files.exists(required)) {
                throw new IllegalStateException(required.toAbsolutePath() + " is missing: run the suite from the "
                        + "repository root after mvn -B package -DskipTests");
            }
        }
        Path big = generate(work.resolve("big"), 100_000);
        Path small = generate(work.resolve("small"), 10_000);
        Path bigFile = big.resolve(NAMESPACE + ".jsonl");
        Path smallFile = small.resolve(NAMESPACE + ".jsonl");
        out.printf(Locale.ROOT, "# coldstart (%d cores, Java %s; files %.0f MB and %.1f MB; %d rounds)%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Files.size(bigFile) / 1e6,
                Files.size(smallFile) / 1e6, rounds);
        Path copy = work.resolve("copy");
        // The flags the README suggests for a service's restart: an application class-data archive (the classes one
        // training run loads, dumped by a JVM of their own), the client compiler only, the serial collector.
        Path classList = work.resolve("typed-load.classlist");
        Path archive = work.resolve("typed-load.jsa");
        List<String> training = new ArrayList<>(javaCp(TypedLoad.class, small.toString(), NAMESPACE));
        training.add(1, "-XX:DumpLoadedClassList=" + classList);
        ChildProcess.run(training, work.resolve("training.log"));
        ChildProcess.run(List.of(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive, "-cp", benchmarksJar.toString()), work.resolve("dump.log"));
        List<String> tuned = List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC");
        // The same without limiting the JIT to its client compiler, which a large file's scan needs.
        List<String> archived = List.of("-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC");
        for (int round = 0; round < rounds; round++) {
            for (String file : List.of("1M", "100k")) {
                Path directory = file.equals("1M") ? big : small;
                Path lines = file.equals("1M") ? bigFile : smallFile;
                time("token pass " + file, javaCp(TokenPass.class, lines.toString()));
                time("pstore dump --count " + file, pstore(directory, "dump", NAMESPACE, "--count"));
                time("typed load " + file, javaCp(TypedLoad.class, directory.toString(), NAMESPACE));
                for (List<String> flags : List.of(tuned, archived)) {
                    List<String> typed = new ArrayList<>(javaCp(TypedLoad.class, directory.toString(), NAMESPACE));
                    typed.addAll(1, flags);
                    time("typed load " + file + (flags == tuned ? ", tuned flags" : ", archive + serial GC"), typed);
                }
            }
            time("hello-world JVM", javaCp(Hello.class));
            time("pstore --version", List.of(java.toString(), "-jar", pstoreJar.toString(), "--version"));
            time("pstore ls", pstore(small, "ls"));
            time("bin/pstore ls", List.of(launcher.toString(), "--store", "file:" + small, "ls"));
            time("bin/pstore dump --count 100k", List.of(launcher.toString(), "--store", "file:" + small, "dump",
                    NAMESPACE, "--count"));
            copyInto(smallFile, copy);
            time("pstore compact 100k", pstore(copy, "compact", NAMESPACE));
            for (String command : List.of("dump --count", "dump", "stats", "verify")) {
                List<String> line = new ArrayList<>(List.of(launcher.toString(), "--store", "file:" + big));
                line.addAll(Arrays.asList(command.split(" ", 2)[0], NAMESPACE));
                if (command.endsWith("--count")) {
                    line.add("--count");
                }
                time("bin/pstore " + command + " 1M", line);
            }
            copyInto(bigFile, copy);
            time("bin/pstore compact 1M", List.of(launcher.toString(), "--store", "file:" + copy, "compact",
                    NAMESPACE));
        }
        print(out);
    }

    private void print(PrintStream out) {
        out.println("| case | median s | min..max s | vs token pass | target | peak RSS MB |");
        out.println("|---|---:|---:|---:|---|---:|");
        row(out, "token pass 1M", null, "baseline");
        row(out, "pstore dump --count 1M", "token pass 1M", "<= 1.3x");
        row(out, "typed load 1M", "token pass 1M", "<= 1.5x");
        row(out, "typed load 1M, tuned flags", "token pass 1M", "");
        row(out, "typed load 1M, archive + serial GC", "token pass 1M", "");
        row(out, "token pass 100k", null, "baseline");
        row(out, "pstore dump --count 100k", "token pass 100k", "<= 1.5x");
        row(out, "typed load 100k", "token pass 100k", "<= 1.5x");
        row(out, "typed load 100k, tuned flags", "token pass 100k", "");
        row(out, "typed load 100k, archive + serial GC", "token pass 100k", "");
        row(out, "pstore compact 100k", "token pass 100k", "<= 1.5x");
        row(out, "hello-world JVM", null, "");
        row(out, "pstore --version", null, "");
        row(out, "pstore ls", null, "< 0.25 s");
        row(out, "bin/pstore ls", null, "< 0.25 s");
        row(out, "bin/pstore dump --count 100k", "token pass 100k", "<= 1.5x");
        for (String command : List.of("dump --count", "dump", "stats", "verify", "compact")) {
            row(out, "bin/pstore " + command + " 1M", "token pass 1M", "RSS < 256 MB");
        }
        out.flush();
    }

    private void row(PrintStream out, String name, String baseline, String target) {
        long[] times = runs.get(name).stream().mapToLong(ChildProcess::nanos).sorted().toArray();
        long rss = runs.get(name).stream().mapToLong(ChildProcess::peakRssBytes).max().orElse(0);
        String ratio = "";
        if (baseline != null) {
            ratio = String.format(Locale.ROOT, "%.2fx", (double) median(times) / median(runs.get(baseline).stream()
                    .mapToLong(ChildProcess::nanos).sorted().toArray()));
        }
        out.printf(Locale.ROOT, "| %s | %.2f | %.2f..%.2f | %s | %s | %d |%n", name, median(times) / 1e9,
                times[0] / 1e9, times[times.length - 1] / 1e9, ratio, target, rss >> 20);
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private void time(String name, List<String> command) throws IOException, InterruptedException {
        Path log = work.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        runs.computeIfAbsent(name, n -> new ArrayList<>()).add(ChildProcess.run(command, log));
    }

    private List<String> javaCp(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", benchmarksJar.toString(),
                main.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private List<String> pstore(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", pstoreJar.toString(), "--store",
                "file:" + directory));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** A store directory holding one namespace file of {@code entities} entities x 10 versions. */
    private static Path generate(Path directory, int entities) throws IOException {
        Files.createDirectories(directory);
        WireFormat wire = WireFormat.create(EntityTypes.create().register("item", Item.class));
        long tick = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve(NAMESPACE
                + ".jsonl")), 1 << 20)) {
            for (int version = 0; version < 10; version++) {
                for (int i = 0; i < entities; i++) {
                    out.write(wire.encode(Change.set(NAMESPACE, Item.of(i, version), T0.plusNanos(1000 * tick++))));
                    out.write('\n');
                }
            }
        }
        return directory;
    }
}
