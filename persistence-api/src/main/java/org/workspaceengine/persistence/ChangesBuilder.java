package org.workspaceengine.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.workspaceengine.persistence.spi.Namespaces;

/**
 * Builds the {@link Changes} of one namespace, in order.
 *
 * <pre>{@code
 * Changes changes = Changes.builder("workspace-1")
 *         .set(new SystemEntity("sys-123", "Production System"))
 *         .set(new Resource("res-456", "server-1", "EC2Instance"))
 *         .build();
 * store.save(changes);
 * }</pre>
 *
 * <p>Each change is stamped with the builder's clock when it is added, unless a timestamp is given. A builder is
 * not thread-safe; {@link #build()} may be called more than once and returns a snapshot each time.
 */
public final class ChangesBuilder {

    private final String namespace;
    private final Clock clock;
    private final List<Change> changes = new ArrayList<>();

    ChangesBuilder(String namespace, Clock clock) {
        this.namespace = Namespaces.requireValid(namespace);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a change that sets {@code entity}, stamped now.
     *
     * @param entity the entity
     * @return this builder
     */
    public ChangesBuilder set(Entity entity) {
        return set(entity, clock.instant());
    }

    /**
     * Adds a change that sets {@code entity} at {@code timestamp}.
     *
     * @param entity the entity
     * @param timestamp the change's timestamp
     * @return this builder
     */
    public ChangesBuilder set(Entity entity, Instant timestamp) {
        changes.add(Change.set(namespace, entity, timestamp));
        return this;
    }

    /**
     * Adds a change that unsets (deletes) {@code entity}, stamped now.
     *
     * @param entity the entity
     * @return this builder
     */
    public ChangesBuilder unset(Entity entity) {
        return unset(entity, clock.instant());
    }

    /**
     * Adds a change that unsets (deletes) {@code entity} at {@code timestamp}.
     *
     * @param entity the entity
     * @param timestamp the change's timestamp
     * @return this builder
     */
    public ChangesBuilder unset(Entity entity, Instant timestamp) {
        changes.add(Change.unset(namespace, entity, timestamp));
        return this;
    }

    /**
     * The changes added so far, in order.
     *
     * @return the changes, in the order they were added
     */
    public Changes build() {
        return Changes.of(changes);
    }
}
