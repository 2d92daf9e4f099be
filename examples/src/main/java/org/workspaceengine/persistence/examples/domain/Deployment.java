package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * A deployment of a system's software.
 *
 * @param id the id
 * @param name the name
 * @param slug the slug
 * @param systemId the systemId
 * @param jobAgentId the jobAgentId
 */
public record Deployment(String id, String name, String slug, String systemId, String jobAgentId) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "deployment";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
