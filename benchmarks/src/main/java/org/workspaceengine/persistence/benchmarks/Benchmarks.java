package org.workspaceengine.persistence.benchmarks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs benchmark suites and prints their tables: {@code java -jar benchmarks/target/benchmarks.jar [suite...]}
 * ({@code memory}, {@code file}, {@code coldstart}, {@code kafka},
 * {@code kafka-local-state}, {@code union}); with no argument, all of them.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** The suites by name, in the order {@code all} runs them. */
    static Map<String, Consumer<PrintStream>> suites() {
        Map<String, Consumer<PrintStream>> suites = new LinkedHashMap<>();
        suites.put("memory", MemoryBenchmark::run);
        suites.put("file", org.workspaceengine.persistence.benchmarks.file.FileStoreBenchmark::run);
        suites.put("coldstart", org.workspaceengine.persistence.benchmarks.coldstart.ColdStartBenchmark::run);
        // The Kafka suites use KAFKA_BOOTSTRAP_SERVERS, or start a real single-node broker (kafka: in a child JVM;
        // union: in this JVM).
        suites.put("kafka", org.workspaceengine.persistence.benchmarks.kafka.KafkaStoreBenchmark::run);
        suites.put("kafka-local-state", org.workspaceengine.persistence.benchmarks.kafka.LocalStateBenchmark::run);
        suites.put("union", out -> org.workspaceengine.persistence.benchmarks.union.UnionBenchmark
                .main(new String[0]));
        return suites;
    }

    /** Entry point. */
    public static void main(String[] args) {
        Map<String, Consumer<PrintStream>> suites = suites();
        List<String> chosen = args.length == 0 ? List.copyOf(suites.keySet()) : List.of(args);
        for (String name : chosen) {
            Consumer<PrintStream> suite = suites.get(name);
            if (suite == null) {
                System.err.println("unknown suite '" + name + "'; known: " + suites.keySet());
                System.exit(2);
            }
            System.out.println("# " + name + " (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, Java " + Runtime.version() + ")");
            suite.accept(System.out);
        }
    }
}
