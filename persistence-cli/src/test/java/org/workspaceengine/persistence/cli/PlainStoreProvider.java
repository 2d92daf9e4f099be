package org.workspaceengine.persistence.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * A test store with no optional capability, for the commands' fallbacks: {@code plain:NAME} opens the store NAME,
 * whose changes live as long as the test JVM; {@code plain:NAME?corrupt=NS} makes loads of NS fail as corrupt, and
 * {@code plain:NAME?saves=N} makes every save after the first N fail as unavailable.
 */
public final class PlainStoreProvider implements StoreProvider {

    private static final Map<String, List<Change>> STORES = new ConcurrentHashMap<>();

    /** For the service loader. */
    public PlainStoreProvider() {
    }

    @Override
    public String scheme() {
        return "plain";
    }

    @Override
    public Store open(URI uri, EntityTypes entityTypes) {
        UriOptions options = UriOptions.of(uri);
        String corrupt = options.get("corrupt").orElse(null);
        int saves = options.get("saves").map(Integer::parseInt).orElse(Integer.MAX_VALUE);
        options.rejectUnknown();
        return new PlainStore(STORES.computeIfAbsent(options.location(), name -> new ArrayList<>()), entityTypes,
                corrupt, saves);
    }

    private static final class PlainStore implements Store {
        private final List<Change> changes;
        private final EntityTypes entityTypes;
        private final String corrupt;
        private final AtomicInteger savesLeft;
        private volatile boolean closed;

        PlainStore(List<Change> changes, EntityTypes entityTypes, String corrupt, int saves) {
            this.changes = changes;
            this.entityTypes = entityTypes;
            this.corrupt = corrupt;
            this.savesLeft = new AtomicInteger(saves);
        }

        @Override
        public void save(Changes batch) {
            ensureOpen();
            entityTypes.checkSavable(batch);
            if (savesLeft.getAndDecrement() <= 0) {
                throw new StoreUnavailableException("plain store is down", null);
            }
            synchronized (changes) {
                changes.addAll(batch.asList());
            }
        }

        @Override
        public Changes load(String namespace) {
            ensureOpen();
            Namespaces.requireValid(namespace);
            if (namespace.equals(corrupt)) {
                throw new CorruptDataException("plain store record 7", "unreadable record", null);
            }
            synchronized (changes) {
                return Changes.of(LatestWins.compact(Changes.of(changes).forNamespace(namespace)));
            }
        }

        @Override
        public EntityTypes entityTypes() {
            return entityTypes;
        }

        @Override
        public void close() {
            closed = true;
        }

        private void ensureOpen() {
            if (closed) {
                throw new StoreClosedException("plain store");
            }
        }
    }
}
