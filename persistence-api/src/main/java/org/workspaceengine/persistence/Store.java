package org.workspaceengine.persistence;

import java.util.function.Supplier;

/**
 * Saves and loads the changes of namespaces. Every implementation keeps the same contract:
 *
 * <ul>
 *   <li>{@link #save} persists every change it is given, for any mix of namespaces. When it returns normally the
 *       changes are durable as far as the store promises; when it throws, the exception says which namespace or
 *       records failed.</li>
 *   <li>{@link #load} returns the current state of a namespace: at most one change per entity, the one with the
 *       greatest timestamp (on equal timestamps the one saved later), unsets included, in replay order (ascending
 *       timestamp, ties in save order). An unknown namespace gives an empty result.</li>
 *   <li>A load that starts after a save returned sees that save.</li>
 *   <li>A store is safe for concurrent use by many threads.</li>
 *   <li>{@link #close} is idempotent; any other use after close throws {@link StoreClosedException}.</li>
 * </ul>
 *
 * <p>Entity types must be registered before their entities are saved or loaded
 * ({@link #registerEntityType(String, Class)}); optional capabilities are separate interfaces
 * ({@link Compactable}, {@link NamespaceListing}).
 */
public interface Store extends AutoCloseable {

    /**
     * Persists every change in {@code changes}.
     *
     * @param changes the changes
     * @throws UnknownEntityTypeException if an entity's type is not registered (nothing is saved)
     * @throws PersistenceException if the changes could not be persisted
     */
    void save(Changes changes);

    /**
     * The current state of {@code namespace}: the latest change per entity, in replay order.
     *
     * @param namespace the namespace
     * @return the current state of {@code namespace}: the latest change per entity, in replay order
     * @throws PersistenceException if the namespace could not be read
     */
    Changes load(String namespace);

    /**
     * Like {@link #load(String)}, reporting progress to {@code progress}. Stores that stream large namespaces
     * report batches as they go; the default reports the start and the end only.
     *
     * @param namespace the namespace
     * @param progress told of the work as it goes
     * @return what {@link #load(String)} returns
     */
    default Changes load(String namespace, ProgressListener progress) {
        ProgressListener.Task task = new ProgressListener.Task("load", namespace, ProgressListener.Unit.CHANGES, -1);
        progress.onStart(task);
        Changes changes = load(namespace);
        progress.onEnd(task, changes.size());
        return changes;
    }

    /**
     * The entity types this store can save and load.
     *
     * @return the entity types this store can save and load
     */
    EntityTypes entityTypes();

    /**
     * Registers {@code type} as the entity type deserialized into {@code entityClass}.
     *
     * @param type the entity type
     * @param entityClass the class its JSON is deserialized into
     */
    default void registerEntityType(String type, Class<? extends Entity> entityClass) {
        entityTypes().register(type, entityClass);
    }

    /**
     * Registers {@code type} as the entity type deserialized into fresh instances from {@code factory}.
     *
     * @param type the entity type
     * @param factory makes a fresh instance to deserialize into
     */
    default void registerEntityType(String type, Supplier<? extends Entity> factory) {
        entityTypes().register(type, factory);
    }

    /** Releases the store's resources. Idempotent. */
    @Override
    void close();
}
