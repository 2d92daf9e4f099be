package org.workspaceengine.persistence.file;

import java.net.URI;
import java.nio.file.Path;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens {@link FileStore}s for {@code file:} URIs in {@link org.workspaceengine.persistence.Stores#open}:
 *
 * <ul>
 *   <li>{@code file:./data} (relative), {@code file:/var/lib/app/data} or {@code file:///var/lib/app/data}</li>
 *   <li>options: {@code durability=none|flush|fsync}, {@code lenient=true}, {@code readOnly=true},
 *       {@code groupAccess=true},
 *       {@code autoCompaction=false}, {@code compactionRatio=4}, {@code compactionMinBytes=16777216},
 *       {@code unsetRetention=30d|720h|PT720H}</li>
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
        Path directory = Path.of(options.location());
        FileStore.Builder builder = FileStore.builder(directory).entityTypes(entityTypes);
        options.getEnum("durability", Durability.class).ifPresent(builder::durability);
        options.getBoolean("lenient").ifPresent(builder::lenient);
        options.getBoolean("readOnly").ifPresent(builder::readOnly);
        options.getBoolean("groupAccess").ifPresent(builder::groupAccess);
        boolean auto = options.getBoolean("autoCompaction").orElse(true);
        var ratio = options.getDouble("compactionRatio");
        var minBytes = options.getLong("compactionMinBytes");
        if (!auto) {
            if (ratio.isPresent() || minBytes.isPresent()) {
                throw new IllegalArgumentException("compactionRatio and compactionMinBytes contradict "
                        + "autoCompaction=false in " + UriOptions.redacted(uri));
            }
            builder.disableAutoCompaction();
        } else if (ratio.isPresent() || minBytes.isPresent()) {
            builder.autoCompaction(ratio.orElse(FileStore.Builder.DEFAULT_AUTO_COMPACT_RATIO),
                    minBytes.orElse(FileStore.Builder.DEFAULT_AUTO_COMPACT_MIN_BYTES));
        }
        options.getDuration("unsetRetention").ifPresent(builder::unsetRetention);
        options.rejectUnknown();
        return builder.build();
    }
}
