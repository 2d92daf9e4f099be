package org.workspaceengine.persistence.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command: the options every subcommand shares, and usage when no subcommand is given. */
@Command(name = "pstore",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = PstoreVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Inspect, verify, compact, import and copy persistence stores.",
        footerHeading = "%nStore URIs:%n",
        footer = {
            "  file:./data                   a JSONL file store directory (the default)",
            "  kafka://host:9092/topic       a Kafka store on a compacted topic",
            "  memory:                       an empty in-memory store (for trying things out)",
            "  union:?...                    a union of stores (or give --store twice)",
            "  ('pstore uris' lists every scheme's options.)",
            "%nExit status:",
            "  0  success",
            "  1  an operational error (one line on stderr; the stack trace with --verbose)",
            "  2  a usage error",
            "  3  verify found problems"})
final class PstoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--store", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = {"The store to act on (default: " + StoreSelection.DEFAULT_URI + ").",
                "Given twice or more, commands act on the union of those stores."})
    private List<String> stores = new ArrayList<>();

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, not only its message.")
    private boolean verbose;

    private final Io io;

    PstoreCommand(Io io) {
        this.io = io;
    }

    /** The streams of this run. */
    Io io() {
        return io;
    }

    /**
     * Collects the {@code --store} URIs given anywhere on the command line, before and after the subcommand's name.
     * (Picocli binds an inherited option's copies to one field and each copy restarts the list, so {@code --store a
     * ls --store b} would otherwise keep only {@code b}.)
     */
    void collectStores(ParseResult parseResult) {
        List<String> all = new ArrayList<>();
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            OptionSpec option = result.matchedOption("--store");
            if (option != null) {
                all.addAll(option.originalStringValues());
            }
        }
        stores = all;
    }

    /** Whether {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }

    /** Whether {@code --store} was given at all. */
    boolean storeGiven() {
        return !stores.isEmpty();
    }

    /** The stores given with {@code --store}, or the default. */
    StoreSelection stores() {
        return StoreSelection.of(stores);
    }

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a command is required: ls, dump, stats, compact, delete, verify, import, copy or uris");
    }
}
