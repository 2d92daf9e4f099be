package org.workspaceengine.persistence.union;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.spi.OptionValues;
import org.workspaceengine.persistence.spi.StoreOption;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * Builds a {@link UnionStore}. Only members are required. Every setting may be given once (again with the same value
 * is fine; a different value is an error naming the earlier one); the settings that {@code union:} URIs also take
 * have the same names there.
 */
public final class UnionStoreBuilder {

    private final List<Member> members = new ArrayList<>();
    private final OptionValues options = new OptionValues();
    private UnionListener listener;
    private StoreObserver observer;
    private Executor executor;
    private ObjectMapper objectMapper;

    UnionStoreBuilder() {
    }

    /**
     * Adds {@code store} as a member named {@code name}, used in messages, logs and listener events.
     *
     * @param name the name
     * @param store the store
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or taken, or the store is already a member
     */
    public UnionStoreBuilder member(String name, Store store) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a union member's name must not be blank");
        }
        for (Member member : members) {
            if (member.name().equals(name)) {
                throw new IllegalArgumentException("a union member is already named '" + name + "'");
            }
            if (member.store() == store) {
                throw new IllegalArgumentException("store " + store + " is already union member " + member.quoted()
                        + "; add each store once");
            }
        }
        members.add(new Member(name, store));
        return this;
    }

    /**
     * Adds {@code store} as a member named {@code #index Type}, such as {@code #0 FileStore}.
     *
     * @param store the store
     * @return this builder
     */
    public UnionStoreBuilder member(Store store) {
        Objects.requireNonNull(store, "store");
        String type = store.getClass().getSimpleName();
        return member("#" + members.size() + " " + (type.isEmpty() ? store.getClass().getName() : type), store);
    }

    /**
     * How many members must persist a save; default {@link WritePolicy#all()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public UnionStoreBuilder writePolicy(WritePolicy policy) {
        options.set(UnionStoreOptions.WRITE_POLICY, policy);
        return this;
    }

    /**
     * How long the union waits for each member in an operation; default 30 seconds. Set it above the members' own
     * timeouts (such as a Kafka store's save timeout) so that they report their own, more precise errors first.
     *
     * @param timeout how long to wait
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public UnionStoreBuilder memberTimeout(Duration timeout) {
        options.set(UnionStoreOptions.MEMBER_TIMEOUT, timeout);
        return this;
    }

    /**
     * Whether a load may be answered when some members fail; default {@link DegradedLoads#ALLOWED}.
     *
     * @param policy the policy
     * @return this builder
     */
    public UnionStoreBuilder degradedLoads(DegradedLoads policy) {
        options.set(UnionStoreOptions.DEGRADED_LOADS, policy);
        return this;
    }

    /**
     * Whether and when loads write winners back to members that lacked them; default {@link ReadRepair#OFF}.
     *
     * @param mode the mode
     * @return this builder
     */
    public UnionStoreBuilder readRepair(ReadRepair mode) {
        options.set(UnionStoreOptions.READ_REPAIR, mode);
        return this;
    }

    /**
     * Keeps each member's backlog of missed changes durably in {@code directory} (created if absent; one
     * subdirectory per member, named after it): it survives a crash or a restart, and a union opened on it delivers
     * what it holds at once. Without it, backlogs are kept in memory and lost when the process ends. One union at a
     * time may use a directory (it is locked).
     *
     * @param directory the backlog's directory
     * @return this builder
     */
    public UnionStoreBuilder backlog(Path directory) {
        options.set(UnionStoreOptions.BACKLOG, directory);
        return this;
    }

    /**
     * The most changes each member's backlog holds; default {@value HintedHandoff#DEFAULT_DURABLE_LIMIT} with a
     * {@linkplain #backlog(Path) backlog directory}, {@value HintedHandoff#DEFAULT_MEMORY_LIMIT} in memory. When a
     * backlog is full, the listener hears it once ({@link UnionListener#onBacklogFull}) and the member catches up on
     * what it misses from then on through read-repair only.
     *
     * @param changes the changes
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public UnionStoreBuilder backlogLimit(long changes) {
        options.set(UnionStoreOptions.BACKLOG_LIMIT, changes);
        return this;
    }

    /**
     * Whether the union only reads (default false): {@code save} and {@code compact} throw, and a
     * {@linkplain #backlog(Path) backlog directory} is neither locked nor delivered, only counted by
     * {@link UnionStore#pendingChanges()}: for tools that look at a service's union while it runs.
     *
     * @param onlyReads whether the union only reads
     * @return this builder
     */
    public UnionStoreBuilder readOnly(boolean onlyReads) {
        options.set(UnionStoreOptions.READ_ONLY, onlyReads);
        return this;
    }

    /**
     * Receives member failures, degraded loads and read-repairs; default {@link UnionListener#NONE}.
     *
     * @param unionListener the union listener
     * @return this builder
     */
    public UnionStoreBuilder listener(UnionListener unionListener) {
        listener = OptionValues.once("listener", listener, unionListener);
        return this;
    }

    /**
     * Told of each save and load of the union as a whole (members report their own through their own observers),
     * with their durations: for metrics ({@code persistence-micrometer}); default {@link StoreObserver#NONE}.
     *
     * @param storeObserver told of each save and load of the union
     * @return this builder
     */
    public UnionStoreBuilder observer(StoreObserver storeObserver) {
        observer = OptionValues.once("observer", observer, storeObserver);
        return this;
    }

    /**
     * Runs member calls and background read-repairs on {@code memberExecutor} instead of the union's own cached
     * pool of daemon threads. It must run tasks concurrently (at least one thread per member), and the union does
     * not shut it down.
     *
     * @param memberExecutor the member executor
     * @return this builder
     */
    public UnionStoreBuilder executor(Executor memberExecutor) {
        executor = OptionValues.once("executor", executor, memberExecutor);
        return this;
    }

    /**
     * The Jackson mapper entities are written to a backlog directory with and read back with (default
     * {@link WireFormat#defaultObjectMapper()}); give the one your members use.
     *
     * @param mapper the Jackson mapper for entities
     * @return this builder
     */
    public UnionStoreBuilder objectMapper(ObjectMapper mapper) {
        objectMapper = OptionValues.once("objectMapper", objectMapper, mapper);
        return this;
    }

    /**
     * The union, at once: nothing here waits for a member. With a backlog directory, the backlogs it holds start
     * being delivered.
     *
     * @return the union
     * @throws IllegalStateException if there is no member, the write policy needs more members than there are, or a
     *     read-only union is given read-repair
     * @throws PersistenceException if the backlog directory cannot be created, read or locked
     */
    public UnionStore build() {
        if (members.isEmpty()) {
            throw new IllegalStateException("a union store needs at least one member");
        }
        WritePolicy writePolicy = get(UnionStoreOptions.WRITE_POLICY);
        if (writePolicy.requiredSuccesses(members.size()) > members.size()) {
            throw new IllegalStateException("write policy " + writePolicy + " needs "
                    + writePolicy.requiredSuccesses(members.size()) + " members to succeed but the union has "
                    + members.size());
        }
        ReadRepair readRepair = get(UnionStoreOptions.READ_REPAIR);
        if (get(UnionStoreOptions.READ_ONLY) && readRepair != ReadRepair.OFF) {
            throw new IllegalStateException("a read-only union cannot do read-repair (read-repair was set to "
                    + readRepair + ")");
        }
        return UnionStore.open(this);
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    <T> T get(StoreOption<?, T> option) {
        return options.get(option);
    }

    UnionListener listener() {
        return listener == null ? UnionListener.NONE : listener;
    }

    StoreObserver observer() {
        return observer == null ? StoreObserver.NONE : observer;
    }

    /** The executor given, or null for the union's own. */
    Executor executor() {
        return executor;
    }

    ObjectMapper objectMapper() {
        return objectMapper != null ? objectMapper : WireFormat.defaultObjectMapper();
    }
}
