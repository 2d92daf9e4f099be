package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pstore copy --from URI --to URI [NS...]}: copies the current state of namespaces, timestamps and deletion
 * markers included, so the target then loads what the source loads (merged by latest-wins with whatever the target
 * already held).
 */
@Command(name = "copy",
        description = {"Copy the current state of namespaces from one store to another.",
            "Copies the given namespaces (default: all), keeping timestamps and deletion markers. Progress goes",
            "to stderr: a bar on a terminal, otherwise a line every few seconds. Prints one line per namespace",
            "and a total."})
final class CopyCommand implements Callable<Integer> {

    /** Changes per save to the target. */
    static final int BATCH = 1000;

    private final PstoreCommand top;

    @Option(names = "--from", paramLabel = "URI", required = true, description = "The source store (read only).")
    private String from;

    @Option(names = "--to", paramLabel = "URI", required = true, description = "The target store.")
    private String to;

    @Parameters(arity = "0..*", paramLabel = "NS", description = "The namespaces (default: all of the source's).")
    private List<String> namespaces;

    CopyCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public Integer call() {
        Capabilities.requireValid("copy", namespaces);
        if (top.storeGiven()) {
            throw new UsageException("copy: name the stores with --from and --to, not --store");
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
