package org.workspaceengine.persistence.examples.manager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityRepository;

/**
 * The live, in-memory state of one workspace: entities by type and id, plus the changes made since the last
 * {@link WorkspaceManager#persist persist}.
 */
public final class Workspace {

    private final String id;
    private final Clock clock;
    private final Map<String, Map<String, Entity>> entitiesByType = new ConcurrentHashMap<>();
    private ChangesBuilder pending;

    Workspace(String id, Clock clock) {
        this.id = id;
        this.clock = clock;
        this.pending = Changes.builder(id, clock);
    }

    /** The workspace id, which is also its namespace in the store. */
    public String id() {
        return id;
    }

    /** Adds or replaces {@code entity}; the change is saved by the next persist. */
    public synchronized void upsert(Entity entity) {
        repository().put(entity);
        pending.set(entity);
    }

    /** Removes {@code entity}; the deletion is saved by the next persist. */
    public synchronized void remove(Entity entity) {
        repository().remove(entity);
        pending.unset(entity);
    }

    /** The entity of {@code type} with {@code id}, if present. */
    public <T extends Entity> Optional<T> get(String type, String id, Class<T> entityClass) {
        return Optional.ofNullable(entitiesByType.getOrDefault(type, Map.of()).get(id)).map(entityClass::cast);
    }

    /** Every entity of {@code type}, by id. */
    public <T extends Entity> List<T> all(String type, Class<T> entityClass) {
        List<T> all = new ArrayList<>();
        new TreeMap<>(entitiesByType.getOrDefault(type, Map.of())).values()
                .forEach(entity -> all.add(entityClass.cast(entity)));
        return all;
    }

    /** The number of entities held, of all types. */
    public int size() {
        return entitiesByType.values().stream().mapToInt(Map::size).sum();
    }

    /** Takes the changes made since the last call. */
    synchronized Changes takePending() {
        Changes changes = pending.build();
        pending = Changes.builder(id, clock);
        return changes;
    }

    /** Where loaded entities go: a repository of every type, without recording changes. */
    EntityRepository<Entity> repository() {
        return new EntityRepository<>() {
            @Override
            public void put(Entity entity) {
                entitiesByType.computeIfAbsent(entity.entityType(), t -> new ConcurrentHashMap<>())
                        .put(entity.entityId(), entity);
            }

            @Override
            public void remove(Entity entity) {
                Map<String, Entity> ofType = entitiesByType.get(entity.entityType());
                if (ofType != null) {
                    ofType.remove(entity.entityId());
                }
            }
        };
    }
}
