package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.Compaction;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

/** {@code pstore compact NS... | --all}: rewrites namespaces to their current state. */
final class CompactCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("compact",
                    "Compact namespaces: keep only the latest change per entity.",
                    "What a load returns does not change. Prints one line per namespace, with the lines and bytes "
                            + "before and after when the store counts them. A namespace that fails is reported and "
                            + "the others are compacted still; the exit status is then 1.")
            .with(OptionSyntax.flag("--all", "Compact every namespace of the store."))
            .with(Capabilities.MISSING_OK)
            .with(new ParameterSyntax("NS", 0, Integer.MAX_VALUE, "the namespaces"));

    private final PstoreCommand top;

    CompactCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        List<String> namespaces = arguments.parameters();
        boolean all = arguments.flag("--all");
        Capabilities.requireNamespacesOrAll("compact", namespaces, all);
        PrintStream out = top.io().out();
        ProgressReporter progress = new ProgressReporter(top.io());
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.EXISTING, EntityTypes.generic())) {
            Compactable compactable = Capabilities.require(opened, Compactable.class, "compact");
            Capabilities.requireExisting(opened, namespaces, arguments.flag("--missing-ok"));
            List<String> selected = Capabilities.namespaces(opened, namespaces, all);
            int failed = 0;
            for (String namespace : selected) {
                try {
                    // The compaction counts what it reads and writes: no statistics pass before or after it.
                    Optional<Compaction> compaction = compactable.compact(namespace, progress);
                    out.println(compaction.map(CompactCommand::describe).orElse("compacted " + namespace));
                } catch (RuntimeException e) {
                    // One namespace that cannot be compacted (a corrupt line) leaves the others to be compacted.
                    failed++;
                    out.flush();
                    top.io().err().println("pstore: compact " + namespace + " failed: " + Messages.oneLine(e));
                }
                out.flush();
            }
            if (failed > 0) {
                top.io().err().println("pstore: " + failed + " of " + selected.size() + " namespace"
                        + (selected.size() == 1 ? "" : "s") + " could not be compacted");
                return Pstore.FAILED;
            }
        }
        return Pstore.OK;
    }

    private static String describe(Compaction compaction) {
        StorageStats before = compaction.before();
        StorageStats after = compaction.after();
        return "compacted " + compaction.namespace() + ": " + before.records() + " -> " + after.records()
                + " lines, " + before.bytes() + " -> " + after.bytes() + " bytes";
    }
}
