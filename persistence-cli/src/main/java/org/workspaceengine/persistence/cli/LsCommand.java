package org.workspaceengine.persistence.cli;

import java.util.concurrent.Callable;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceListing;
import picocli.CommandLine.Command;

/** {@code pstore ls}: the namespaces, one per line. */
@Command(name = "ls", description = "Print the store's namespaces, one per line, sorted.")
final class LsCommand implements Callable<Integer> {

    private final PstoreCommand top;

    LsCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public Integer call() {
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.READ_ONLY, EntityTypes.generic())) {
            NamespaceListing listing = Capabilities.require(opened, NamespaceListing.class, "list namespaces");
            for (String namespace : listing.listNamespaces()) {
                top.io().out().println(namespace);
            }
        }
        return 0;
    }
}
