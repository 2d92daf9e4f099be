package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * A job that rolls a release out to a target.
 *
 * @param id the id
 * @param releaseId the releaseId
 * @param jobAgentId the jobAgentId
 * @param status the status
 */
public record Job(String id, String releaseId, String jobAgentId, String status) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "job";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
