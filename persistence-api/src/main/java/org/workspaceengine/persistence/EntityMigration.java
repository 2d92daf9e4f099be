package org.workspaceengine.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites an entity's stored JSON into the shape its current class expects, before it is deserialized.
 *
 * <p>Migrations run on every load of every stored entity of their type, whichever version wrote it, so a migration
 * must leave already-migrated JSON unchanged (check for the old field or a version number). Register them with
 * {@link EntityTypes#addMigration}; they run in registration order.
 */
@FunctionalInterface
public interface EntityMigration {

    /**
     * Returns the migrated JSON; may modify and return {@code entity}.
     *
     * @param entity the entity's JSON object
     * @return the migrated JSON; may modify and return {@code entity}
     * @throws Exception if the JSON cannot be migrated; the load then fails with a {@link MigrationException}
     */
    ObjectNode migrate(ObjectNode entity) throws Exception;
}
