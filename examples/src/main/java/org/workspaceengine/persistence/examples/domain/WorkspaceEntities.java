package org.workspaceengine.persistence.examples.domain;

import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;

/** The one place that registers every workspace entity type (the seed's {@code registerAllEntityTypes}). */
public final class WorkspaceEntities {

    private WorkspaceEntities() {
    }

    /** Registers every workspace entity type on {@code store}. */
    public static void registerAll(Store store) {
        registerAll(store.entityTypes());
    }

    /** Registers every workspace entity type in {@code types}; returns it. */
    public static EntityTypes registerAll(EntityTypes types) {
        // Core entities
        types.register(SystemEntity.TYPE, SystemEntity.class);
        types.register(Deployment.TYPE, Deployment.class);
        types.register(Environment.TYPE, Environment.class);
        types.register(Resource.TYPE, Resource.class);
        types.register(JobAgent.TYPE, JobAgent.class);
        // Releases and jobs
        types.register(Release.TYPE, Release.class);
        types.register(Job.TYPE, Job.class);
        types.register(ReleaseTarget.TYPE, ReleaseTarget.class);
        // Other entities
        types.register(Policy.TYPE, Policy.class);
        types.register(RelationshipRule.TYPE, RelationshipRule.class);
        return types;
    }

    /** A new registry with every workspace entity type. */
    public static EntityTypes registry() {
        return registerAll(EntityTypes.create());
    }
}
