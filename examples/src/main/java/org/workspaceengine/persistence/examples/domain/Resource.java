package org.workspaceengine.persistence.examples.domain;

import java.util.Map;
import org.workspaceengine.persistence.Entity;

/**
 * A resource that deployments target: a server, a cluster, a function.
 *
 * @param id the id
 * @param name the name
 * @param kind the kind
 * @param identifier the identifier
 * @param metadata the metadata
 */
public record Resource(String id, String name, String kind, String identifier, Map<String, String> metadata)
        implements Entity {

    /** The registered type name. */
    public static final String TYPE = "resource";

    @Override
    public String entityType() {
        return TYPE;
    }

    @Override
    public String entityId() {
        return id;
    }
}
