/**
 * Metrics of stores on Micrometer: {@link org.workspaceengine.persistence.micrometer.StoreMetrics} is a store's
 * {@link org.workspaceengine.persistence.StoreObserver} and a union's
 * {@link org.workspaceengine.persistence.union.UnionListener}, recording into a {@code MeterRegistry}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.workspaceengine.persistence.micrometer {
    requires transitive org.workspaceengine.persistence;
    requires transitive org.workspaceengine.persistence.union;
    requires transitive micrometer.core;

    exports org.workspaceengine.persistence.micrometer;
}
