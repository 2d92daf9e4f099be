package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * A rule that relates entities of two types.
 *
 * @param id the id
 * @param name the name
 * @param fromType the fromType
 * @param toType the toType
 */
public record RelationshipRule(String id, String name, String fromType, String toType) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "relationship-rule";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
