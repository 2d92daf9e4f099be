package org.workspaceengine.persistence.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * The stores a command acts on: the {@code --store} URIs (default {@value #DEFAULT_URI}), opened one by one or as
 * the union of all of them, in the generic entity mode so that no domain classes are needed.
 *
 * <p>Reading commands open file and Kafka stores read-only ({@code ?readOnly=true}, unless the URI says
 * otherwise): a read-only file store takes no lock, so it works while a service holds the directory, and it never
 * writes; a read-only Kafka store never creates its topic (a missing one reads as empty) and never writes. A union
 * is opened read-only too, its members prepared the same way: it neither locks nor delivers its backlog and does no
 * read-repair. A directory that does not exist is refused for reading, instead of being reported as an empty store.
 *
 * <p>Kafka stores get the tool's own timeouts, {@value #KAFKA_TIMEOUT} for saves and loads, unless the URI sets
 * them: a person at a terminal should see an unreachable cluster's error within seconds, not a service's minute.
 */
final class StoreSelection {

    /** The store used when no {@code --store} is given. */
    static final String DEFAULT_URI = "file:./data";

    /** The schemes whose stores take {@code readOnly=true}, added for reading commands. */
    private static final Set<String> READ_ONLY_SCHEMES = Set.of("file", "kafka", "union");

    /** The save and load timeout of Kafka stores whose URI sets none. */
    static final String KAFKA_TIMEOUT = "10s";

    /** How a command uses its stores. */
    enum Access {
        /** Only reads: file and Kafka stores are opened read-only; file stores must exist. */
        READ_ONLY,
        /** Reads what exists; writes only to rewrite it (compaction): file stores must exist. */
        EXISTING,
        /** Reads and writes; a file store directory is created when missing. */
        READ_WRITE
    }

    private final List<String> uris;

    private StoreSelection(List<String> uris) {
        this.uris = List.copyOf(uris);
    }

    /** The given URIs, or the default when none is given. */
    static StoreSelection of(List<String> uris) {
        return new StoreSelection(uris == null || uris.isEmpty() ? List.of(DEFAULT_URI) : uris);
    }

    /** The URIs, as given. */
    List<String> uris() {
        return uris;
    }

    /** Opens the one store, or the union of all of them, for {@code access}. */
    OpenedStore open(Access access, EntityTypes entityTypes) {
        if (uris.size() == 1) {
            return openOne(uris.get(0), access, entityTypes);
        }
        List<String> members = new ArrayList<>();
        Map<String, String> typed = new LinkedHashMap<>();
        for (String uri : uris) {
            members.add(prepare(uri, access, typed).toString());
        }
        URI union = UnionUris.of(members, access == Access.READ_ONLY ? "readOnly=true" : null);
        Store store = openChecked(union, "union of " + redactedAll(), typed, entityTypes);
        return new OpenedStore("union of " + redactedAll(), "union", store);
    }

    /** Opens each store on its own, for {@code access}; closes those already open when one fails. */
    List<OpenedStore> openEach(Access access, EntityTypes entityTypes) {
        List<OpenedStore> opened = new ArrayList<>();
        try {
            for (String uri : uris) {
                opened.add(openOne(uri, access, entityTypes));
            }
        } catch (RuntimeException e) {
            for (OpenedStore store : opened) {
                try {
                    store.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return opened;
    }

    /** Opens one store URI for {@code access}. */
    static OpenedStore openOne(String uri, Access access, EntityTypes entityTypes) {
        Map<String, String> typed = new LinkedHashMap<>();
        URI prepared = prepare(uri, access, typed);
        Store store = openChecked(prepared, UriOptions.redacted(parse(uri)), typed, entityTypes);
        return new OpenedStore(UriOptions.redacted(parse(uri)), scheme(prepared), store);
    }

    private String redactedAll() {
        List<String> names = new ArrayList<>();
        for (String uri : uris) {
            names.add(UriOptions.redacted(parse(uri)));
        }
        return names.toString();
    }

    /** {@link #prepare(String, Access, Map)}, for callers that show no error of the prepared URI. */
    static URI prepare(String uri, Access access) {
        return prepare(uri, access, new LinkedHashMap<>());
    }

    /**
     * Parses {@code uri}, makes file, Kafka and union stores read-only for reading, gives Kafka stores the tool's
     * timeouts, prepares a union's members the same way, and checks that a directory to read exists.
     *
     * @param typed receives, for the URI and each member, how the prepared URI would be shown in an error and how
     *     the URI the user typed is shown instead (options the tool added are not the user's)
     */
    static URI prepare(String uri, Access access, Map<String, String> typed) {
        URI prepared = addOptions(uri, access, typed);
        typed.put(UriOptions.redacted(prepared), UriOptions.redacted(parse(uri)));
        return prepared;
    }

    private static URI addOptions(String uri, Access access, Map<String, String> typed) {
        URI parsed = parse(uri);
        String scheme = scheme(parsed);
        if ("union".equals(scheme)) {
            parsed = prepareMembers(parsed, access, typed);
        }
        if ("file".equals(scheme) && access != Access.READ_WRITE) {
            requireDirectory(parsed);
        }
        UriOptions options = UriOptions.of(parsed);
        List<String> added = new ArrayList<>();
        if (access == Access.READ_ONLY && READ_ONLY_SCHEMES.contains(scheme) && options.all("readOnly").isEmpty()) {
            added.add("readOnly=true");
        }
        if ("kafka".equals(scheme)) {
            for (String timeout : List.of("saveTimeout", "loadTimeout")) {
                if (options.all(timeout).isEmpty()) {
                    added.add(timeout + "=" + KAFKA_TIMEOUT);
                }
            }
        }
        if (added.isEmpty()) {
            return parsed;
        }
        String text = parsed.toString();
        return parse(text + (text.indexOf('?') < 0 ? "?" : "&") + String.join("&", added));
    }

    /**
     * The union URI with each member URI {@linkplain #prepare prepared} for {@code access}; for reading, without
     * read-repair (a reading command writes nothing).
     */
    private static URI prepareMembers(URI union, Access access, Map<String, String> typed) {
        String part = union.getRawSchemeSpecificPart();
        int q = part.indexOf('?');
        if (q < 0) {
            return union;
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : part.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = UnionUris.decode(eq < 0 ? pair : pair.substring(0, eq));
            if ("member".equals(key) && eq >= 0 && !pair.substring(eq + 1).isBlank()) {
                String member = UnionUris.decode(pair.substring(eq + 1));
                pairs.add("member=" + UnionUris.percentEncode(prepare(member, access, typed).toString()));
            } else if (!(access == Access.READ_ONLY && "readRepair".equals(key)) && !pair.isEmpty()) {
                pairs.add(pair);
            }
        }
        return parse(union.getScheme() + ":" + part.substring(0, q) + "?" + String.join("&", pairs));
    }

    static URI parse(String uri) {
        try {
            return Stores.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static void requireDirectory(URI uri) {
        String location = UriOptions.of(uri).location();
        if (location.isEmpty()) {
            return;
        }
        Path directory;
        try {
            directory = Path.of(location);
        } catch (InvalidPathException e) {
            throw new UsageException("store URI " + UriOptions.redacted(uri) + " names an invalid path: "
                    + e.getMessage(), e);
        }
        if (!Files.isDirectory(directory)) {
            throw new OperationException("store directory " + directory + " does not exist"
                    + (Files.exists(directory) ? " as a directory" : "") + " (store " + UriOptions.redacted(uri)
                    + ")");
        }
    }

    private static Store openChecked(URI uri, String given, Map<String, String> typed, EntityTypes entityTypes) {
        try {
            return Stores.open(uri, entityTypes);
        } catch (IllegalArgumentException e) {
            // Stores and providers refuse malformed URIs, unknown schemes and unknown options this way. Their
            // messages show the URIs as prepared here: show what the user typed instead, and once.
            String message = e.getMessage();
            for (Map.Entry<String, String> shown : typed.entrySet()) {
                message = message.replace(shown.getKey(), shown.getValue());
            }
            message = message.replace(" in store URI " + given, "");
            throw new UsageException("cannot open store " + given + ": " + message, e);
        }
    }
}
