package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.StorageStatistics;
import org.workspaceengine.persistence.StorageStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pstore compact NS... | --all}: rewrites namespaces to their current state. */
@Command(name = "compact",
        description = {"Compact namespaces: keep only the latest change per entity.",
            "What a load returns does not change. Prints one line per namespace, with the size before and",
            "after when the store reports it."})
final class CompactCommand implements Callable<Integer> {

    private final PstoreCommand top;

    @Parameters(arity = "0..*", paramLabel = "NS", description = "The namespaces.")
    private List<String> namespaces;

    @Option(names = "--all", description = "Compact every namespace of the store.")
    private boolean all;

    CompactCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public Integer call() {
        Capabilities.requireNamespacesOrAll("compact", namespaces, all);
        PrintStream out = top.io().out();
        ProgressReporter progress = new ProgressReporter(top.io());
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.EXISTING, EntityTypes.generic())) {
            Compactable compactable = Capabilities.require(opened, Compactable.class, "compact");
            StorageStatistics statistics = opened.store() instanceof StorageStatistics s ? s : null;
            for (String namespace : Capabilities.namespaces(opened, namespaces, all)) {
                StorageStats before = statistics == null ? null : statistics.storageStats(namespace);
                compactable.compact(namespace, progress);
                if (statistics == null) {
                    out.println("compacted " + namespace);
                } else {
                    StorageStats after = statistics.storageStats(namespace);
                    out.println("compacted " + namespace + ": " + before.records() + " -> " + after.records()
                            + " lines, " + before.bytes() + " -> " + after.bytes() + " bytes");
                }
                out.flush();
            }
        }
        return 0;
    }
}
