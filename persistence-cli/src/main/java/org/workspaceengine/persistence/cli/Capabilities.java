package org.workspaceengine.persistence.cli;

import java.util.List;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.Verifiable;

/** Finding a store's optional capabilities, with a clear error when one is missing. */
final class Capabilities {

    private Capabilities() {
    }

    /**
     * The store of {@code opened} as {@code capability}.
     *
     * @throws OperationException naming the store and what it cannot do
     */
    static <T> T require(OpenedStore opened, Class<T> capability, String what) {
        if (capability.isInstance(opened.store())) {
            return capability.cast(opened.store());
        }
        throw new OperationException("store " + opened.name() + " cannot " + what + " (" + describe(opened)
                + " does not implement " + capability.getSimpleName() + ")");
    }

    /** The namespaces of {@code opened}: the given ones, or with {@code all} every namespace it lists. */
    static List<String> namespaces(OpenedStore opened, List<String> given, boolean all) {
        if (!all) {
            return given;
        }
        return require(opened, NamespaceListing.class, "list its namespaces for --all").listNamespaces();
    }

    /**
     * Checks that exactly one of namespaces and {@code --all} is given.
     *
     * @throws UsageException otherwise
     */
    static void requireNamespacesOrAll(String command, List<String> namespaces, boolean all) {
        requireValid(command, namespaces);
        boolean some = namespaces != null && !namespaces.isEmpty();
        if (some && all) {
            throw new UsageException(command + ": give namespaces or --all, not both");
        }
        if (!some && !all) {
            throw new UsageException(command + ": give at least one namespace, or --all");
        }
    }

    /**
     * Checks that every namespace given on the command line is a valid namespace.
     *
     * @throws UsageException naming the first invalid one
     */
    static void requireValid(String command, List<String> namespaces) {
        if (namespaces == null) {
            return;
        }
        for (String namespace : namespaces) {
            try {
                Namespaces.requireValid(namespace);
            } catch (InvalidNamespaceException e) {
                throw new UsageException(command + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * What {@code opened} holds outside any namespace (a file store's stray {@code *.jsonl} files), as
     * {@code location: reason}; empty for stores that cannot tell.
     */
    static List<String> unrecognizedData(OpenedStore opened) {
        if (!(opened.store() instanceof Verifiable verifiable)) {
            return List.of();
        }
        return verifiable.unrecognizedData().stream().map(item -> item.location() + ": " + item.description())
                .toList();
    }

    private static String describe(OpenedStore opened) {
        return opened.store().getClass().getSimpleName();
    }
}
