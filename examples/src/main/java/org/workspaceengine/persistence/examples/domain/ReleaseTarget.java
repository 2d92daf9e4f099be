package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * Where a deployment's releases go: a resource in an environment.
 *
 * @param id the id
 * @param resourceId the resourceId
 * @param environmentId the environmentId
 * @param deploymentId the deploymentId
 */
public record ReleaseTarget(String id, String resourceId, String environmentId, String deploymentId) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "release-target";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
