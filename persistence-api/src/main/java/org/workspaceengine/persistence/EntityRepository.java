package org.workspaceengine.persistence;

/**
 * Where loaded entities of one type go in a service's in-memory state: the target of a {@link RepositoryRouter}.
 *
 * @param <T> the entity class
 */
public interface EntityRepository<T extends Entity> {

    /**
     * Stores or replaces {@code entity} (a {@code set} change).
     *
     * @param entity the entity
     */
    void put(T entity);

    /**
     * Removes the entity with {@code entity}'s id (an {@code unset} change).
     *
     * @param entity the entity
     */
    void remove(T entity);
}
