package org.workspaceengine.persistence.cli;

import java.util.ArrayList;
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

    /** The option that lets a command treat a namespace the store does not have as empty. */
    static final CommandSyntax.OptionSyntax MISSING_OK = CommandSyntax.OptionSyntax.flag("--missing-ok",
            "Treat a namespace the store does not have as empty instead of failing.");

    /**
     * Checks that the store of {@code opened} has each of {@code namespaces}, when it can list them and
     * {@code missingOk} is false: a misspelt namespace would otherwise read as an empty one.
     *
     * @throws OperationException naming the first missing namespace and the close matches the store has
     */
    static void requireExisting(OpenedStore opened, List<String> namespaces, boolean missingOk) {
        if (missingOk || namespaces.isEmpty() || !(opened.store() instanceof NamespaceListing listing)) {
            return;
        }
        List<String> existing = listing.listNamespaces();
        for (String namespace : namespaces) {
            if (!existing.contains(namespace)) {
                List<String> close = closeMatches(namespace, existing);
                throw new OperationException("no such namespace '" + namespace + "' in " + opened.name()
                        + (close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)")
                        + "; --missing-ok treats it as empty");
            }
        }
    }

    /**
     * Up to three of {@code names} that look like {@code wanted}, closest first: differing in case only, or a typo
     * or two away (one for short names).
     */
    static List<String> closeMatches(String wanted, List<String> names) {
        int allowed = Math.max(1, Math.min(2, wanted.length() / 3));
        List<String> close = new ArrayList<>();
        List<Integer> distances = new ArrayList<>();
        for (String name : names) {
            int distance = name.equalsIgnoreCase(wanted) ? 0 : editDistance(wanted, name, allowed);
            if (distance <= allowed) {
                int at = 0;
                while (at < distances.size() && distances.get(at) <= distance) {
                    at++;
                }
                close.add(at, name);
                distances.add(at, distance);
            }
        }
        return close.subList(0, Math.min(3, close.size()));
    }

    /**
     * The edit distance of {@code a} and {@code b} counting a swap of neighbours as one edit (optimal string
     * alignment), or {@code limit + 1} when it is larger than that.
     */
    private static int editDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
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
