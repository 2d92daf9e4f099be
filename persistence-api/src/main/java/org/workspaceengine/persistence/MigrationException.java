package org.workspaceengine.persistence;

/** A registered entity migration failed on a stored entity. Nothing stored was changed. */
public class MigrationException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The migration, in the serialized form. */
    private final String migration;
    /** The entity type, in the serialized form. */
    private final String entityType;
    /** The entity id, in the serialized form. */
    private final String entityId;

    /**
     * An exception naming the failing {@code migration} and the entity it failed on.
     *
     * @param migration the migration
     * @param entityType the entity type
     * @param entityId the entity id
     * @param cause the underlying failure
     */
    public MigrationException(String migration, String entityType, String entityId, Throwable cause) {
        super("migration '" + migration + "' failed on entity " + entityType + "/" + entityId + ": "
                + cause.getMessage(), cause);
        this.migration = migration;
        this.entityType = entityType;
        this.entityId = entityId;
    }

    /**
     * The name of the failing migration.
     *
     * @return the name of the failing migration
     */
    public String migration() {
        return migration;
    }

    /**
     * The type of the entity it failed on.
     *
     * @return the type of the entity it failed on
     */
    public String entityType() {
        return entityType;
    }

    /**
     * The id of the entity it failed on.
     *
     * @return the id of the entity it failed on
     */
    public String entityId() {
        return entityId;
    }
}
