package org.workspaceengine.persistence.spi;

import java.net.URI;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;

/**
 * Opens stores of one URI scheme for {@link org.workspaceengine.persistence.Stores#open}. Backends register an
 * implementation with {@link java.util.ServiceLoader} ({@code provides} in {@code module-info.java} and a
 * {@code META-INF/services} entry).
 */
public interface StoreProvider {

    /**
     * The URI scheme this provider opens, such as {@code "file"}; lower case.
     *
     * @return the URI scheme this provider opens, such as {@code "file"}; lower case
     */
    String scheme();

    /**
     * Opens the store that {@code uri} describes, using {@code entityTypes}.
     *
     * @param uri the store URI
     * @param entityTypes the entity types
     * @return the open store
     * @throws IllegalArgumentException if the URI is malformed or has an unknown option
     */
    Store open(URI uri, EntityTypes entityTypes);

    /**
     * The options this scheme's URIs take, for help texts; none by default.
     *
     * @return the options this scheme's URIs take, for help texts; none by default
     */
    default StoreOptions<?> options() {
        return StoreOptions.none();
    }
}
