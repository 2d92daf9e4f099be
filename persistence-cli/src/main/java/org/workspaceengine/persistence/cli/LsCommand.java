package org.workspaceengine.persistence.cli;

import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceListing;

/**
 * {@code pstore ls}: the namespaces, one per line; a file store's {@code *.jsonl} files that hold no namespace it
 * reads are reported on stderr.
 */
final class LsCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("ls",
            "Print the store's namespaces, one per line, sorted.",
            "A file store's *.jsonl files that hold no namespace (links, unknown names, second files of a "
                    + "namespace) are reported on stderr.");


    private final PstoreCommand top;

    LsCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.READ_ONLY, EntityTypes.generic())) {
            NamespaceListing listing = Capabilities.require(opened, NamespaceListing.class, "list namespaces");
            for (String namespace : listing.listNamespaces()) {
                top.io().out().println(namespace);
            }
        }
        for (OpenedStore each : top.stores().openEach(StoreSelection.Access.READ_ONLY, EntityTypes.generic())) {
            try (each) {
                for (String stray : Capabilities.unrecognizedData(each)) {
                    top.io().err().println("pstore: warning: not a namespace file: " + stray);
                }
            }
        }
        return 0;
    }
}
