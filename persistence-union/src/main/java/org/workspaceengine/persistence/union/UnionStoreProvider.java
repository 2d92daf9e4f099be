package org.workspaceengine.persistence.union;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens {@code union:} URIs: each {@code member} option is a member's store URI (percent-encoded), opened with
 * {@link Stores#open(String, EntityTypes)} and the same registry, in order. Options:
 *
 * <ul>
 *   <li>{@code member} (one or more): a member store URI, such as {@code file%3A.%2Fbackup}</li>
 *   <li>{@code write}: {@code all} (default) or {@code atLeast:N}</li>
 *   <li>{@code timeout}: the member timeout, such as {@code 10s} or {@code 500ms} (default 30s)</li>
 *   <li>{@code readRepair}: {@code off} (default), {@code inline} or {@code background}</li>
 *   <li>{@code degradedLoads}: {@code allowed} (default) or {@code fail}</li>
 *   <li>{@code backlog}: a directory for the members' durable backlogs of missed changes, such as
 *       {@code ./union-backlog} (default: backlogs in memory, lost on restart)</li>
 *   <li>{@code backlogLimit}: the most changes each member's backlog holds (default 1000000 with a directory, 100000
 *       in memory)</li>
 *   <li>{@code readOnly}: {@code true} opens a union that only reads and counts its backlog without delivering it
 *       (default {@code false}; members keep their own options)</li>
 * </ul>
 *
 * <p>Example: {@code union:?member=kafka%3A%2F%2Flocalhost%3A9092%2Fstate&member=file%3A.%2Fbackup&write=atLeast:1}.
 * Members are named {@code #index Type}. If a member fails to open, the ones already opened are closed.
 */
public final class UnionStoreProvider implements StoreProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public UnionStoreProvider() {
    }

    @Override
    public String scheme() {
        return "union";
    }

    @Override
    public Store open(URI uri, EntityTypes entityTypes) {
        UriOptions options = UriOptions.of(uri);
        if (!options.location().isEmpty()) {
            throw new IllegalArgumentException("a union: URI has no location, only options (union:?member=...), got '"
                    + options.location() + "' in " + UriOptions.redacted(uri));
        }
        List<String> memberUris = options.all("member");
        if (memberUris.isEmpty()) {
            throw new IllegalArgumentException("a union: URI needs at least one member=<percent-encoded store URI>"
                    + " option: " + UriOptions.redacted(uri));
        }
        UnionStore.Builder builder = UnionStore.builder();
        try {
            options.get("write").map(WritePolicy::parse).ifPresent(builder::writePolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option 'write' in store URI " + UriOptions.redacted(uri) + ": "
                    + e.getMessage(), e);
        }
        options.getDuration("timeout").ifPresent(builder::memberTimeout);
        options.getEnum("readRepair", ReadRepair.class).ifPresent(builder::readRepair);
        options.getEnum("degradedLoads", DegradedLoads.class).ifPresent(builder::degradedLoads);
        options.get("backlog").ifPresent(directory -> builder.backlog(backlogDirectory(directory, uri)));
        options.getLong("backlogLimit").ifPresent(builder::backlogLimit);
        options.getBoolean("readOnly").ifPresent(builder::readOnly);
        options.rejectUnknown();

        List<Store> opened = new ArrayList<>(memberUris.size());
        try {
            for (String memberUri : memberUris) {
                if (memberUri.isBlank()) {
                    throw new IllegalArgumentException("empty member= option in store URI " + UriOptions.redacted(uri));
                }
                Store member = Stores.open(memberUri, entityTypes);
                opened.add(member);
                builder.member(member);
            }
            return builder.build();
        } catch (RuntimeException e) {
            for (Store member : opened) {
                try {
                    member.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
    }

    private static Path backlogDirectory(String directory, URI uri) {
        if (directory.isBlank()) {
            throw new IllegalArgumentException("option 'backlog' in store URI " + UriOptions.redacted(uri)
                    + " must name a directory");
        }
        try {
            return Path.of(directory);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("option 'backlog' in store URI " + UriOptions.redacted(uri)
                    + " is not a valid path: " + e.getMessage(), e);
        }
    }
}
