package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.wire.WireFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pstore dump NS}: the current state as wire-format lines, or with {@code --count} how many. */
@Command(name = "dump",
        description = {"Print a namespace's current state as wire-format JSON lines.",
            "One line per entity, deletion markers included, in replay order; 'pstore import' reads it back."})
final class DumpCommand implements Callable<Integer> {

    private final PstoreCommand top;

    @Parameters(index = "0", paramLabel = "NS", description = "The namespace.")
    private String namespace;

    @Option(names = "--count",
            description = "Print only the number of entities (the number of lines the dump would print).")
    private boolean count;

    DumpCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public Integer call() {
        Capabilities.requireValid("dump", List.of(namespace));
        EntityTypes types = EntityTypes.generic();
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.READ_ONLY, types)) {
            PrintStream out = top.io().out();
            if (count) {
                // A store that counts needs no entity deserialized (the file store: its scan only).
                out.println(opened.store() instanceof EntityCounting counting
                        ? counting.countEntities(namespace).changes() : opened.store().load(namespace).size());
                return 0;
            }
            Changes state = opened.store().load(namespace);
            WireFormat wire = WireFormat.create(types);
            for (Change change : state) {
                byte[] line = wire.encode(change);
                out.write(line, 0, line.length);
                out.write('\n');
            }
        }
        return 0;
    }
}
