package org.workspaceengine.persistence;

import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens stores from URIs, by scheme, with the providers found on the class or module path:
 * {@code memory:}, {@code file:./data}, {@code kafka://host:9092/topic}, {@code union:?...}, each added by its
 * backend module. Options go in the query string, such as {@code file:./data?durability=flush}.
 */
public final class Stores {

    private Stores() {
    }

    /**
     * Opens {@code uri} with a fresh registry (register entity types on the returned store). A bare scheme such as
     * {@code "memory:"} is accepted.
     *
     * @param uri the store URI
     * @return the open store
     */
    public static Store open(String uri) {
        return open(uri, EntityTypes.create());
    }

    /**
     * Opens {@code uri} with {@code entityTypes}; a bare scheme such as {@code "memory:"} is accepted.
     *
     * @param uri the store URI
     * @param entityTypes the entity types
     * @return the open store
     */
    public static Store open(String uri, EntityTypes entityTypes) {
        return open(parse(uri), entityTypes);
    }

    /**
     * Parses a store URI string; a bare scheme such as {@code "memory:"} becomes {@code "memory:?"}, which
     * {@link URI} accepts.
     *
     * @param uri the store URI
     * @return the parsed URI
     * @throws IllegalArgumentException if it is not a URI
     */
    public static URI parse(String uri) {
        String text = uri.endsWith(":") && uri.indexOf(':') == uri.length() - 1 ? uri + "?" : uri;
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a store URI: '" + uri + "': " + e.getReason(), e);
        }
    }

    /**
     * Opens {@code uri} with a fresh registry (register entity types on the returned store).
     *
     * @param uri the store URI
     * @return the open store
     */
    public static Store open(URI uri) {
        return open(uri, EntityTypes.create());
    }

    /**
     * Opens {@code uri} with {@code entityTypes}.
     *
     * @param uri the store URI
     * @param entityTypes the entity types
     * @return the open store
     * @throws IllegalArgumentException if no provider serves the URI's scheme, or the URI is malformed
     */
    public static Store open(URI uri, EntityTypes entityTypes) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("store URI " + UriOptions.redacted(uri)
                    + " has no scheme; known schemes: " + providers().keySet());
        }
        Map<String, StoreProvider> providers = providers();
        StoreProvider provider = providers.get(scheme.toLowerCase(java.util.Locale.ROOT));
        if (provider == null) {
            throw new IllegalArgumentException("no store provider for scheme '" + scheme + "' in "
                    + UriOptions.redacted(uri) + "; known schemes: " + providers.keySet()
                    + " (add the backend module that provides it)");
        }
        return provider.open(uri, entityTypes);
    }

    /** The providers found, by scheme. */
    static Map<String, StoreProvider> providers() {
        Map<String, StoreProvider> byScheme = new TreeMap<>();
        ServiceLoader<StoreProvider> loader = ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader());
        for (StoreProvider provider : loader) {
            byScheme.putIfAbsent(provider.scheme(), provider);
        }
        if (Thread.currentThread().getContextClassLoader() != null) {
            for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
                byScheme.putIfAbsent(provider.scheme(), provider);
            }
        }
        return byScheme;
    }
}
