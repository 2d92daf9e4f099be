package org.workspaceengine.persistence.examples.domain;

import java.util.Map;
import org.workspaceengine.persistence.Entity;

/**
 * A version of a deployment to roll out.
 *
 * @param id the id
 * @param deploymentId the deploymentId
 * @param version the version
 * @param variables the variables
 */
public record Release(String id, String deploymentId, String version, Map<String, String> variables) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "release";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
