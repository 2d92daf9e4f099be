package org.workspaceengine.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Applies loaded changes to per-type repositories: {@code set} puts the entity into its type's repository,
 * {@code unset} removes it. Applying a load's result in order rebuilds the saved state.
 *
 * <pre>{@code
 * RepositoryRouter router = RepositoryRouter.builder()
 *         .route("system", SystemEntity.class, workspace.systems())
 *         .route("resource", Resource.class, workspace.resources())
 *         .build();
 * router.apply(store.load("workspace-1"));
 * }</pre>
 *
 * <p>A router is immutable and thread-safe if its repositories are.
 */
public final class RepositoryRouter {

    private final Map<String, Route<?>> routes;

    private RepositoryRouter(Map<String, Route<?>> routes) {
        this.routes = Map.copyOf(routes);
    }

    /**
     * A builder of a router.
     *
     * @return a builder of a router
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies every change in order.
     *
     * @param changes the changes
     * @throws UnknownEntityTypeException if a change's type has no route (changes before it were applied)
     * @throws IllegalArgumentException if an entity is not of its route's class
     */
    public void apply(Iterable<Change> changes) {
        for (Change change : changes) {
            apply(change);
        }
    }

    /**
     * Applies one change.
     *
     * @param change the change
     */
    public void apply(Change change) {
        Route<?> route = routes.get(change.entityType());
        if (route == null) {
            throw new UnknownEntityTypeException(change.entityType(), change.namespace());
        }
        route.apply(change);
    }

    /** Builds a {@link RepositoryRouter}. */
    public static final class Builder {
        private final Map<String, Route<?>> routes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Routes entities of {@code type}, of class {@code entityClass}, to {@code repository}.
         *
         * @param <T> the entity class
         * @param type the entity type
         * @param entityClass the class its JSON is deserialized into
         * @param repository the repository
         * @return this builder
         * @throws IllegalStateException if {@code type} is already routed
         */
        public <T extends Entity> Builder route(String type, Class<T> entityClass,
                                                EntityRepository<? super T> repository) {
            Objects.requireNonNull(type, "type");
            Route<?> earlier = routes.putIfAbsent(type, new Route<>(entityClass, repository));
            if (earlier != null) {
                throw new IllegalStateException("entity type '" + type + "' is already routed to a repository of "
                        + earlier.entityClass.getName());
            }
            return this;
        }

        /**
         * The router.
         *
         * @return the router
         */
        public RepositoryRouter build() {
            return new RepositoryRouter(routes);
        }
    }

    private static final class Route<T extends Entity> {
        private final Class<T> entityClass;
        private final EntityRepository<? super T> repository;

        Route(Class<T> entityClass, EntityRepository<? super T> repository) {
            this.entityClass = Objects.requireNonNull(entityClass, "entityClass");
            this.repository = Objects.requireNonNull(repository, "repository");
        }

        void apply(Change change) {
            if (!entityClass.isInstance(change.entity())) {
                throw new IllegalArgumentException("entity " + change.key() + " is a "
                        + change.entity().getClass().getName() + ", but its route expects " + entityClass.getName());
            }
            T entity = entityClass.cast(change.entity());
            if (change.isUnset()) {
                repository.remove(entity);
            } else {
                repository.put(entity);
            }
        }
    }
}
