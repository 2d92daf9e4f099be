package org.workspaceengine.persistence.union;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.spi.StoreOptions;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Opens {@code union:} URIs: each {@code member} option is a member's store URI (percent-encoded), opened with
 * {@link Stores#open(String, EntityTypes)} and the same registry, in order. The other options are the builder's, by
 * the same names ({@code writePolicy=atLeast:1}, {@code memberTimeout=10s}, {@code backlog=./union-backlog}, ...: see
 * the README's table); unknown options are refused.
 *
 * <pre>{@code
 * union:?member=kafka%3A%2F%2Flocalhost%3A9092%2Fstate&member=file%3A.%2Fbackup&writePolicy=atLeast:1
 * }</pre>
 *
 * <p>Members are named {@code #index Type}. If a member fails to open, the ones already opened are closed.
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
    public StoreOptions<?> options() {
        return UnionStoreOptions.ALL;
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
        UnionStoreBuilder builder = UnionStore.builder();
        UnionStoreOptions.ALL.apply(options, builder);
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
}
