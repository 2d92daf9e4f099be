package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * An environment of a system, such as staging or production.
 *
 * @param id the id
 * @param name the name
 * @param systemId the systemId
 */
public record Environment(String id, String name, String systemId) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "environment";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
