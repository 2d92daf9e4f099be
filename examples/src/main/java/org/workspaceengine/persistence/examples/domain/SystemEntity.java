package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * A system: a group of deployments (the seed's oapi.System).
 *
 * @param id the id
 * @param name the name
 * @param description the description
 */
public record SystemEntity(String id, String name, String description) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "system";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
