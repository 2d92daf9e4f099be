package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;
import org.workspaceengine.persistence.wire.WireFormat;

/** {@code pstore dump NS}: the current state as wire-format lines, or with {@code --count} how many. */
final class DumpCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("dump",
                    "Print a namespace's current state as wire-format JSON lines.",
                    "One line per entity, deletion markers included, in replay order; 'pstore import' reads it "
                            + "back.")
            .with(OptionSyntax.flag("--count",
                    "Print only the number of entities (the number of lines the dump would print)."))
            .with(Capabilities.MISSING_OK)
            .with(new ParameterSyntax("NS", 1, 1, "the namespace"));

    private final PstoreCommand top;

    DumpCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        String namespace = arguments.parameters().get(0);
        boolean count = arguments.flag("--count");
        Capabilities.requireValid("dump", List.of(namespace));
        EntityTypes types = EntityTypes.generic();
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.READ_ONLY, types)) {
            Capabilities.requireExisting(opened, List.of(namespace), arguments.flag("--missing-ok"));
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
