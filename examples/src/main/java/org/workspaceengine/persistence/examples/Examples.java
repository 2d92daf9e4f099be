package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples tour: {@code java -jar examples/target/examples.jar [example...]} runs the named examples (all of
 * them by default) in the current directory, which gets {@code ./data} (the quickstart's store, which
 * {@code pstore} reads by default) and a few {@code ./data-*} folders.
 */
public final class Examples {

    private Examples() {
    }

    /** One runnable example: what it shows, and how to run it in a base directory. */
    interface Example {
        void run(Path baseDir, PrintStream out) throws Exception;
    }

    /** The examples by name, in tour order, with a one-line description each. */
    static Map<String, Map.Entry<String, Example>> all() {
        Map<String, Map.Entry<String, Example>> examples = new LinkedHashMap<>();
        examples.put("quickstart", Map.entry("file store: save, load, compact, list namespaces",
                (dir, out) -> Quickstart.run(dir.resolve("data"), out)));
        examples.put("backup", Map.entry("backup and restore between two file stores",
                (dir, out) -> BackupRestore.run(dir.resolve("data"), dir.resolve("data-backup"),
                        dir.resolve("data-restored"), "workspace-1", out)));
        examples.put("migrate", Map.entry("migrating a memory store to a file store",
                (dir, out) -> MigrateMemoryToFile.run(dir.resolve("data-migrated"), out)));
        examples.put("mixing", Map.entry("mixing backends by composition: memory in front of files, read-repair",
                (dir, out) -> MixingBackends.run(dir.resolve("data-mixing"), out)));
        examples.put("redundant", Map.entry("a redundant Kafka + file deployment (starts a broker if none is set)",
                (dir, out) -> RedundantKafkaAndFile.run(dir.resolve("data-redundant"), out)));
        examples.put("outage", Map.entry("the redundant deployment started with Kafka down; its backlog catches up",
                (dir, out) -> OutageWalkthrough.run(dir.resolve("data-outage"), out)));
        examples.put("manager", Map.entry("a workspace manager that gets-or-loads workspaces from its store",
                (dir, out) -> WorkspaceManagerExample.run(dir.resolve("data"), out)));
        examples.put("compaction", Map.entry("periodic compaction with the file store's scheduler",
                (dir, out) -> PeriodicCompaction.run(dir.resolve("data-compaction"), out)));
        return examples;
    }

    /** Runs {@code names} (all when empty) in {@code baseDir}. */
    static void run(List<String> names, Path baseDir, PrintStream out) throws Exception {
        Map<String, Map.Entry<String, Example>> examples = all();
        List<String> chosen = names.isEmpty() ? List.copyOf(examples.keySet()) : names;
        for (String name : chosen) {
            if (!examples.containsKey(name)) {
                throw new IllegalArgumentException("unknown example '" + name + "'; known: " + examples.keySet());
            }
        }
        for (String name : chosen) {
            Map.Entry<String, Example> example = examples.get(name);
            out.println();
            out.println("== " + name + ": " + example.getKey());
            example.getValue().run(baseDir, out);
        }
    }

    /** Entry point: runs the tour in the current directory. */
    public static void main(String[] args) throws Exception {
        try {
            run(List.of(args), Path.of("").toAbsolutePath(), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
