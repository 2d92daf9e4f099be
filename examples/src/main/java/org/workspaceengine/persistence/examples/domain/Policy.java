package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.Entity;

/**
 * A rule that gates releases.
 *
 * @param id the id
 * @param name the name
 * @param priority the priority
 * @param enabled the enabled
 */
public record Policy(String id, String name, int priority, boolean enabled) implements Entity {

    /** The registered type name. */
    public static final String TYPE = "policy";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
