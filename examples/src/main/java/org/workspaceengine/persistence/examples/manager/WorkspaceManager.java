package org.workspaceengine.persistence.examples.manager;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.RepositoryRouter;
import org.workspaceengine.persistence.Store;

/**
 * Keeps workspaces in memory and their changes in whichever {@link Store} it is configured with: the seed's
 * {@code manager.Configure(manager.WithPersistentStore(store))} and {@code manager.GetOrLoad(ctx, id)}.
 *
 * <pre>{@code
 * WorkspaceManager manager = WorkspaceManager.configure(WorkspaceManager.withPersistentStore(store));
 * Workspace ws = manager.getOrLoad("workspace-1");
 * ws.upsert(new Resource(...));
 * manager.persist(ws);
 * }</pre>
 */
public final class WorkspaceManager {

    private final Store store;
    private final Clock clock;
    private final Map<String, Workspace> cache = new ConcurrentHashMap<>();

    private WorkspaceManager(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "a persistent store must be configured");
        this.clock = clock;
    }

    /** One setting of a manager. */
    @FunctionalInterface
    public interface Option {
        /** Applies the setting. */
        void apply(Settings settings);
    }

    /** The settings options apply to. */
    public static final class Settings {
        private Store store;
        private Clock clock = Clock.systemUTC();

        private Settings() {
        }
    }

    /** A manager with the given options. */
    public static WorkspaceManager configure(Option... options) {
        Settings settings = new Settings();
        for (Option option : options) {
            option.apply(settings);
        }
        return new WorkspaceManager(settings.store, settings.clock);
    }

    /** Persist workspaces in {@code store}. */
    public static Option withPersistentStore(Store store) {
        return settings -> settings.store = store;
    }

    /** Stamp changes with {@code clock}. */
    public static Option withClock(Clock clock) {
        return settings -> settings.clock = clock;
    }

    /** The workspace {@code id}: from the cache, or loaded from the store once and cached. */
    public Workspace getOrLoad(String id) {
        return cache.computeIfAbsent(id, this::load);
    }

    /** Whether workspace {@code id} is in memory. */
    public boolean isCached(String id) {
        return cache.containsKey(id);
    }

    /** Saves the changes made to {@code workspace} since it was loaded or last persisted; returns how many. */
    public int persist(Workspace workspace) {
        Changes changes = workspace.takePending();
        store.save(changes);
        return changes.size();
    }

    /** Drops workspace {@code id} from memory; the next getOrLoad reads it from the store. */
    public void evict(String id) {
        cache.remove(id);
    }

    private Workspace load(String id) {
        Workspace workspace = new Workspace(id, clock);
        RepositoryRouter.Builder router = RepositoryRouter.builder();
        for (String type : store.entityTypes().registeredTypes()) {
            router.route(type, Entity.class, workspace.repository());
        }
        router.build().apply(store.load(id));
        return workspace;
    }
}
