package org.workspaceengine.persistence.union;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.memory.MemoryStore;

/** A memory store that can be switched "down": then every call fails as an unreachable backend would. */
final class SwitchableStore implements Store, Compactable, NamespaceListing, NamespaceDeletion, EntityCounting {

    private final MemoryStore delegate;
    private final String name;
    private final AtomicInteger saves = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Change> received = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean savesDown;
    private volatile boolean durable;

    SwitchableStore(String name, EntityTypes types) {
        this.name = name;
        this.delegate = MemoryStore.create(types);
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
        savesDown = false;
    }

    /** Only saves fail: loads still answer. */
    void savesDown() {
        savesDown = true;
    }

    /** Keeps the state when closed, as a durable store reopened on its data would: for restarts of a union. */
    SwitchableStore durable() {
        durable = true;
        return this;
    }

    /** The saves that reached the store while it was up. */
    int saves() {
        return saves.get();
    }

    /** Every save called, whether the store was up or down. */
    int attempts() {
        return attempts.get();
    }

    /** Every change saved while the store was up, in the order received. */
    List<Change> received() {
        return List.copyOf(received);
    }

    /** The state held, read directly (even while down). */
    Changes held(String namespace) {
        return delegate.load(namespace);
    }

    @Override
    public void save(Changes changes) {
        attempts.incrementAndGet();
        check();
        if (savesDown) {
            throw new StoreUnavailableException(name + " does not take saves");
        }
        delegate.save(changes);
        received.addAll(changes.asList());
        saves.incrementAndGet();
    }

    @Override
    public Changes load(String namespace) {
        check();
        return delegate.load(namespace);
    }

    @Override
    public List<String> listNamespaces() {
        check();
        return delegate.listNamespaces();
    }

    @Override
    public void compact(String namespace) {
        check();
        delegate.compact(namespace);
    }

    @Override
    public void deleteNamespace(String namespace) {
        attempts.incrementAndGet();
        check();
        if (savesDown) {
            throw new StoreUnavailableException(name + " does not take deletions");
        }
        delegate.deleteNamespace(namespace);
    }

    @Override
    public EntityCounts countEntities(String namespace) {
        check();
        return delegate.countEntities(namespace);
    }

    @Override
    public long countNamespaces() {
        check();
        return delegate.countNamespaces();
    }

    @Override
    public EntityTypes entityTypes() {
        return delegate.entityTypes();
    }

    @Override
    public void close() {
        if (!durable) {
            delegate.close();
        }
    }

    private void check() {
        if (down) {
            throw new StoreUnavailableException(name + " is down");
        }
    }
}
