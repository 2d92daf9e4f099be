package org.workspaceengine.persistence.file;

import java.net.URI;
import java.nio.file.Path;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.StoreOptions;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens {@link FileStore}s for {@code file:} URIs in {@link org.workspaceengine.persistence.Stores#open}:
 *
 * <ul>
 *   <li>{@code file:./data} (relative), {@code file:/var/lib/app/data} or {@code file:///var/lib/app/data}</li>
 *   <li>options: those of the builder, by the same names ({@code durability=flush}, {@code readOnly=true},
 *       {@code compactionRatio=4}, {@code unsetRetention=30d}, ...: see the README's table)</li>
 * </ul>
 *
 * <p>Example: {@code file:./data?durability=flush&lenient=true}. Unknown options are refused. For the
 * {@link java.util.ServiceLoader}; users call {@code Stores.open}.
 */
public final class FileStoreProvider implements StoreProvider {

    /** For the service loader. */
    public FileStoreProvider() {
    }

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public StoreOptions<?> options() {
        return FileStoreOptions.ALL;
    }

    @Override
    public Store open(URI uri, EntityTypes entityTypes) {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not a file: URI: " + UriOptions.redacted(uri));
        }
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            throw new IllegalArgumentException("file store URI " + UriOptions.redacted(uri)
                    + " names a host; use file:/absolute/path or file:relative/path");
        }
        UriOptions options = UriOptions.of(uri);
        if (options.location().isEmpty()) {
            throw new IllegalArgumentException("file store URI " + UriOptions.redacted(uri) + " has no directory");
        }
        FileStoreBuilder builder = FileStore.builder(Path.of(options.location())).entityTypes(entityTypes);
        FileStoreOptions.ALL.apply(options, builder);
        options.rejectUnknown();
        try {
            return builder.build();
        } catch (IllegalStateException e) {
            // Options that contradict each other.
            throw new IllegalArgumentException(e.getMessage() + " in store URI " + UriOptions.redacted(uri), e);
        }
    }
}
