package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

/**
 * {@code pstore copy --from URI --to URI [NS...]}: copies the current state of namespaces, timestamps and deletion
 * markers included, so the target then loads what the source loads (merged by latest-wins with whatever the target
 * already held).
 */
final class CopyCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("copy",
                    "Copy the current state of namespaces from one store to another.",
                    "Copies the given namespaces (default: all), keeping timestamps and deletion markers. Progress "
                            + "goes to stderr: a bar on a terminal, otherwise a line every few seconds. Prints one "
                            + "line per namespace and a total.")
            .with(OptionSyntax.required("--from", "URI", "The source store (read only)."))
            .with(OptionSyntax.required("--to", "URI", "The target store."))
            .with(new ParameterSyntax("NS", 0, Integer.MAX_VALUE, "the namespaces (default: all of the source's)"))
            .withoutStore();

    /** Changes per save to the target. */
    static final int BATCH = 1000;

    private final PstoreCommand top;

    CopyCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        String from = arguments.value("--from");
        String to = arguments.value("--to");
        List<String> namespaces = arguments.parameters();
        Capabilities.requireValid("copy", namespaces);
        if (top.storeGiven()) {
            throw new UsageException("copy: name the stores with --from and --to, not --store");
        }
        Set<String> same = SameStore.shared(from, to);
        if (!same.isEmpty()) {
            throw new UsageException("copy: --from and --to name the same store (" + String.join(", ", same)
                    + "): the copy would add every change again to the data it reads");
        }
        PrintStream out = top.io().out();
        ProgressReporter progress = new ProgressReporter(top.io());
        // One registry for both: entities load as raw JSON and are written back unchanged.
        EntityTypes types = EntityTypes.generic();
        try (OpenedStore source = StoreSelection.openOne(from, StoreSelection.Access.READ_ONLY, types);
             OpenedStore target = StoreSelection.openOne(to, StoreSelection.Access.READ_WRITE, types)) {
            List<String> selected = Capabilities.namespaces(source, namespaces,
                    namespaces == null || namespaces.isEmpty());
            long total = 0;
            for (String namespace : selected) {
                Changes state = source.store().load(namespace, progress);
                copy(state, namespace, target, progress);
                total += state.size();
                out.println("copied " + namespace + ": " + state.size() + " change" + (state.size() == 1 ? "" : "s"));
                out.flush();
            }
            out.println("copied " + selected.size() + " namespace" + (selected.size() == 1 ? "" : "s") + ", "
                    + total + " change" + (total == 1 ? "" : "s"));
        }
        return 0;
    }

    private static void copy(Changes state, String namespace, OpenedStore target, ProgressListener progress) {
        ProgressListener.Task task = new ProgressListener.Task("copy", namespace, ProgressListener.Unit.CHANGES,
                state.size());
        progress.onStart(task);
        List<Change> all = state.asList();
        for (int from = 0; from < all.size(); from += BATCH) {
            int until = Math.min(all.size(), from + BATCH);
            target.store().save(Changes.of(all.subList(from, until)));
            progress.onBatch(task, until);
        }
        progress.onEnd(task, all.size());
    }
}
