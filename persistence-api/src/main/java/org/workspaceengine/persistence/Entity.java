package org.workspaceengine.persistence;

/**
 * A piece of state that a {@link Store} saves and loads.
 *
 * <p>An entity names its own compaction key: its {@linkplain #entityType() type} and its
 * {@linkplain #entityId() id}. Two changes in one namespace with the same type and id are versions of one
 * entity, and a load returns only the latest of them.
 *
 * <p>Entities are written as JSON with Jackson, so records and ordinary beans both work. The two methods here
 * are not bean getters, so they do not appear in the entity's JSON; they are the only methods this interface has,
 * so a domain type is free to name its own components as it likes ({@code key}, {@code type}, {@code value}).
 * {@link EntityKey#of(Entity)} gives an entity's key:
 *
 * <pre>{@code
 * record SystemEntity(String id, String name) implements Entity {
 *     public String entityType() { return "system"; }
 *     public String entityId() { return id; }
 * }
 * }</pre>
 */
public interface Entity {

    /**
     * The registered type name of this entity, such as {@code "system"}; never blank.
     *
     * @return the registered type name of this entity, such as {@code "system"}; never blank
     */
    String entityType();

    /**
     * The id of this entity, unique within its type and namespace; never blank.
     *
     * @return the id of this entity, unique within its type and namespace; never blank
     */
    String entityId();
}
