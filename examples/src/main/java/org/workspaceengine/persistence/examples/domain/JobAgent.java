package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * An agent that runs jobs, such as a CI runner.
 *
 * @param id the id
 * @param name the name
 * @param type the type
 */
public record JobAgent(String id, String name, String type) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "job-agent";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
