package org.workspaceengine.persistence.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application (module {@code com.example.app}, in {@code src/test/modular-app}, whose
 * {@code module-info.java} is the root README's example) compiled against this build's modules on the module path
 * and run in a child JVM on the module path: it opens a file store by URI (the provider found through the module
 * descriptors), saves an entity and loads it back. Without its {@code opens ... to com.fasterxml.jackson.databind}
 * it fails.
 */
class ModulePathTest {

    /** The modular application's sources. */
    static final Path APP_SOURCES = Path.of("src/test/modular-app");

    /** The modules the application needs, by jar or module folder name: ours, Jackson's and SLF4J's. */
    private static final List<String> MODULES = List.of("persistence-api", "persistence-file", "jackson-databind",
            "jackson-core", "jackson-annotations", "slf4j-api", "slf4j-simple");

    private static final String OPENS = "opens com.example.app to com.fasterxml.jackson.databind;";

    @Test
    void aModularApplicationSavesAndLoadsOnTheModulePath(@TempDir Path dir) throws Exception {
        Path classes = compile(dir, Files.readString(APP_SOURCES.resolve("module-info.java")));

        Run run = run(classes, dir.resolve("data"));

        assertThat(run.output()).contains("loaded Item[id=i-1, name=first] from "
                + "org.workspaceengine.persistence.file.FileStore");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void aModularApplicationThatDoesNotOpenItsPackageToJacksonFails(@TempDir Path dir) throws Exception {
        String moduleInfo = Files.readString(APP_SOURCES.resolve("module-info.java"));
        assertThat(moduleInfo).contains(OPENS);
        Path classes = compile(dir, moduleInfo.replace(OPENS, ""));

        Run run = run(classes, dir.resolve("data"));

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("module com.example.app does not")
                .contains("to module com.fasterxml.jackson.databind").doesNotContain("loaded Item");
    }

    private record Run(int exitCode, String output) {
    }

    private static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            // a jar (name-version.jar), or a module's target/classes while the reactor has not packaged it
            String name = Files.isDirectory(path) && path.getParent() != null && path.getParent().getParent() != null
                    ? path.getParent().getParent().getFileName().toString()
                    : path.getFileName().toString();
            if (MODULES.stream().anyMatch(module -> name.equals(module) || name.startsWith(module + "-"))) {
                entries.add(entry);
            }
        }
        assertThat(entries).as("module path entries found on the class path").hasSize(MODULES.size());
        return String.join(File.pathSeparator, entries);
    }

    private static Path compile(Path dir, String moduleInfo) throws IOException {
        Path sources = dir.resolve("src");
        try (Stream<Path> files = Files.walk(APP_SOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = sources.resolve(APP_SOURCES.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Files.writeString(sources.resolve("module-info.java"), moduleInfo);
        Path classes = dir.resolve("classes");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8); Stream<Path> walk = Files.walk(sources)) {
            List<Path> javaFiles = walk.filter(path -> path.toString().endsWith(".java")).toList();
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-Xlint:all", "-Werror", "--module-path", modulePath(), "-d",
                            classes.toString()),
                    null, files.getJavaFileObjectsFromPaths(javaFiles)).call();
            assertThat(compiled).as("%s", diagnostics.getDiagnostics()).isTrue();
        }
        return classes;
    }

    private static Run run(Path classes, Path data) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--module-path",
                classes + File.pathSeparator + modulePath(), "-m", "com.example.app/com.example.app.App",
                data.toString()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the modular application did not end within 60 s:\n" + output);
        }
        return new Run(process.exitValue(), output.lines().collect(Collectors.joining("\n")));
    }
}
