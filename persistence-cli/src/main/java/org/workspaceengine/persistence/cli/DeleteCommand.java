package org.workspaceengine.persistence.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

/**
 * {@code pstore delete NS... [--yes]}: deletes namespaces. Without {@code --yes} it asks on the terminal, and refuses
 * when there is none to ask on (a script must say {@code --yes}).
 */
final class DeleteCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("delete",
                    "Delete namespaces: everything stored in them, deletion markers included.",
                    "It cannot be undone. Asks for confirmation on a terminal; elsewhere give --yes. Prints one "
                            + "line per namespace, with the entities it held when the store can count them.")
            .with(OptionSyntax.flag("--yes", "Delete without asking."))
            .with(new ParameterSyntax("NS", 1, Integer.MAX_VALUE, "the namespaces"));

    private final PstoreCommand top;

    private List<String> namespaces;

    DeleteCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        namespaces = arguments.parameters();
        boolean yes = arguments.flag("--yes");
        Capabilities.requireValid("delete", namespaces);
        if (!yes && !top.io().errIsTerminal()) {
            throw new UsageException("delete: give --yes to delete without a terminal to confirm on");
        }
        PrintStream out = top.io().out();
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.EXISTING, EntityTypes.generic())) {
            NamespaceDeletion deletion = Capabilities.require(opened, NamespaceDeletion.class, "delete namespaces");
            EntityCounting counting = opened.store() instanceof EntityCounting c ? c : null;
            if (!yes && !confirmed(opened)) {
                top.io().err().println("delete: not confirmed; nothing deleted");
                return Pstore.FAILED;
            }
            for (String namespace : namespaces) {
                EntityCounts held = counting == null ? null : counting.countEntities(namespace);
                deletion.deleteNamespace(namespace);
                out.println("deleted " + namespace + (held == null ? "" : String.format(Locale.ROOT,
                        ": %d live entities, %d unset markers", held.liveEntities(), held.unsetMarkers())));
                out.flush();
            }
        }
        return Pstore.OK;
    }

    /** Asks on the terminal whether to delete; true if the answer is yes. */
    private boolean confirmed(OpenedStore opened) {
        PrintStream err = top.io().err();
        err.print("Delete " + (namespaces.size() == 1 ? "namespace " : "namespaces ") + String.join(", ", namespaces)
                + " from " + opened.name() + "? This cannot be undone. [y/N] ");
        err.flush();
        try {
            // Not closed: it is the process's standard input.
            String answer = new BufferedReader(new InputStreamReader(top.io().in(), StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            throw new OperationException("delete: cannot read the answer: " + e.getMessage(), e);
        }
    }
}
