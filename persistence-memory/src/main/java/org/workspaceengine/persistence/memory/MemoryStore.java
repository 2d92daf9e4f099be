package org.workspaceengine.persistence.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.spi.PreparedSaves;

/**
 * A store that keeps each namespace's current state in memory: for tests, caches, and as a migration source.
 *
 * <p>Compaction is immediate: a save keeps only the latest change per entity, so memory grows with the number of
 * entities, not of saves. Namespaces are independent (saves to different namespaces never wait for each other).
 * Entities are held by reference, so save immutable ones (records) or do not mutate them after saving: a load
 * returns the very objects saved, so nothing is refused for its content.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.create();
 * store.registerEntityType("system", SystemEntity.class);
 * store.save(Changes.builder("workspace-1").set(new SystemEntity("sys-123", "Production System")).build());
 * Changes state = store.load("workspace-1");
 * }</pre>
 */
public final class MemoryStore implements Store, Compactable, NamespaceListing, NamespaceDeletion, EntityCounting,
        PreparedSaves {

    private final EntityTypes entityTypes;
    private final StoreObserver observer;
    private final ConcurrentMap<String, LatestWins<Change>> namespaces = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private MemoryStore(EntityTypes entityTypes, StoreObserver observer) {
        this.entityTypes = Objects.requireNonNull(entityTypes, "entityTypes");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * An empty store with its own, empty entity-type registry.
     *
     * @return an empty store with its own, empty entity-type registry
     */
    public static MemoryStore create() {
        return new MemoryStore(EntityTypes.create(), StoreObserver.NONE);
    }

    /**
     * An empty store using {@code entityTypes}.
     *
     * @param entityTypes the entity types
     * @return an empty store using {@code entityTypes}
     */
    public static MemoryStore create(EntityTypes entityTypes) {
        return new MemoryStore(entityTypes, StoreObserver.NONE);
    }

    /**
     * An empty store using {@code entityTypes} that reports its saves and loads to {@code observer} (with no bytes:
     * nothing is encoded).
     *
     * @param entityTypes the entity types
     * @param observer told of each save and load
     * @return an empty store using {@code entityTypes}, observed by {@code observer}
     */
    public static MemoryStore create(EntityTypes entityTypes, StoreObserver observer) {
        return new MemoryStore(entityTypes, observer);
    }

    @Override
    public void save(Changes changes) {
        prepareSave(changes).commit();
    }

    /** Checks the entity types; the commit applies the changes. */
    @Override
    public PreparedSave prepareSave(Changes changes) {
        long start = System.nanoTime();
        ensureOpen();
        entityTypes.checkSavable(changes);
        return () -> {
            apply(changes.asList());
            observer.onSave(changes.size(), -1, System.nanoTime() - start);
        };
    }

    private void apply(List<Change> list) {
        ensureOpen();
        // One lock per run of consecutive changes to the same namespace: usually one run per save.
        int start = 0;
        while (start < list.size()) {
            String namespace = list.get(start).namespace();
            int end = start + 1;
            while (end < list.size() && list.get(end).namespace().equals(namespace)) {
                end++;
            }
            LatestWins<Change> state = namespaces.computeIfAbsent(namespace, ns -> new LatestWins<>());
            synchronized (state) {
                for (Change change : list.subList(start, end)) {
                    state.offer(change);
                }
            }
            start = end;
        }
    }

    @Override
    public Changes load(String namespace) {
        long start = System.nanoTime();
        ensureOpen();
        Namespaces.requireValid(namespace);
        LatestWins<Change> state = namespaces.get(namespace);
        Changes changes;
        if (state == null) {
            changes = Changes.empty();
        } else {
            synchronized (state) {
                changes = Changes.of(state.inReplayOrder());
            }
        }
        observer.onLoad(namespace, changes.size(), -1, System.nanoTime() - start);
        return changes;
    }

    /** Does nothing but check the store is open: a memory store is always compact. */
    @Override
    public void compact(String namespace) {
        ensureOpen();
        Namespaces.requireValid(namespace);
    }

    @Override
    public List<String> listNamespaces() {
        ensureOpen();
        return new ArrayList<>(counts().keySet());
    }

    /**
     * The number of entities (live or unset) held for {@code namespace}.
     *
     * @param namespace the namespace
     * @return the number of entities (live or unset) held for {@code namespace}
     */
    public int count(String namespace) {
        ensureOpen();
        LatestWins<Change> state = namespaces.get(namespace);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.size();
        }
    }

    /**
     * The number of entities (live or unset) per namespace, by namespace name; empty namespaces are left out.
     *
     * @return the number of entities (live or unset) per namespace, by namespace name; empty namespaces are left out
     */
    public Map<String, Integer> counts() {
        ensureOpen();
        Map<String, Integer> counts = new TreeMap<>();
        namespaces.forEach((namespace, state) -> {
            synchronized (state) {
                if (state.size() > 0) {
                    counts.put(namespace, state.size());
                }
            }
        });
        return counts;
    }

    /** Forgets every namespace. */
    public void clear() {
        ensureOpen();
        namespaces.clear();
    }

    /**
     * Forgets {@code namespace}: {@link #deleteNamespace}.
     *
     * @param namespace the namespace
     */
    public void clear(String namespace) {
        deleteNamespace(namespace);
    }

    /** Forgets {@code namespace}; a save racing with it lands wholly before or after it. */
    @Override
    public void deleteNamespace(String namespace) {
        ensureOpen();
        Namespaces.requireValid(namespace);
        LatestWins<Change> state = namespaces.remove(namespace);
        if (state != null) {
            synchronized (state) {
                state.clear(); // a save that found it before the removal applies to nothing visible
            }
        }
    }

    @Override
    public EntityCounts countEntities(String namespace) {
        ensureOpen();
        Namespaces.requireValid(namespace);
        LatestWins<Change> state = namespaces.get(namespace);
        if (state == null) {
            return new EntityCounts(namespace, 0, 0);
        }
        synchronized (state) {
            long unsets = state.count(Change::isUnset);
            return new EntityCounts(namespace, state.size() - unsets, unsets);
        }
    }

    @Override
    public long countNamespaces() {
        return counts().size();
    }

    @Override
    public EntityTypes entityTypes() {
        return entityTypes;
    }

    /** Releases the held state. Idempotent. */
    @Override
    public void close() {
        closed = true;
        namespaces.clear();
    }

    @Override
    public String toString() {
        return "MemoryStore[" + namespaces.size() + " namespaces" + (closed ? ", closed" : "") + "]";
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException("memory store");
        }
    }
}
