package org.workspaceengine.persistence;

/**
 * An entity type that is not registered was saved or loaded. Register it with
 * {@link Store#registerEntityType(String, Class)} (or use {@link EntityTypes#generic()} in tools).
 */
public class UnknownEntityTypeException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The entity type, in the serialized form. */
    private final String entityType;
    /** The namespace, in the serialized form. */
    private final String namespace;

    /**
     * An exception naming the unknown {@code entityType} met in {@code namespace}.
     *
     * @param entityType the entity type
     * @param namespace the namespace
     */
    public UnknownEntityTypeException(String entityType, String namespace) {
        super("unknown entity type '" + entityType + "' in namespace '" + namespace
                + "': register it with registerEntityType(\"" + entityType + "\", ...) before saving or loading it");
        this.entityType = entityType;
        this.namespace = namespace;
    }

    /**
     * The unknown entity type.
     *
     * @return the unknown entity type
     */
    public String entityType() {
        return entityType;
    }

    /**
     * The namespace where it was met.
     *
     * @return the namespace where it was met
     */
    public String namespace() {
        return namespace;
    }
}
