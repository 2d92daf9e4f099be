package org.workspaceengine.persistence.union;

import static org.workspaceengine.persistence.union.MemberMessages.combined;
import static org.workspaceengine.persistence.union.MemberMessages.describeNamespaces;
import static org.workspaceengine.persistence.union.MemberMessages.details;
import static org.workspaceengine.persistence.union.MemberMessages.memberWord;
import static org.workspaceengine.persistence.union.MemberMessages.message;
import static org.workspaceengine.persistence.union.MemberMessages.names;
import static org.workspaceengine.persistence.union.MemberMessages.reportFailures;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.MigrationException;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.spi.PreparedSaves;
import org.workspaceengine.persistence.union.MemberCalls.Outcome;
import org.workspaceengine.persistence.union.MemberFailure.Operation;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * A store made of other stores: "save to both, load from either". Use it for redundancy (Kafka plus a file
 * backup) or during a migration (the old store plus the new one).
 *
 * <pre>{@code
 * UnionStore store = UnionStore.builder()
 *         .member("kafka", kafkaStore)
 *         .member("file", fileStore)
 *         .writePolicy(WritePolicy.atLeast(1))
 *         .readRepair(ReadRepair.BACKGROUND)
 *         .build();
 * }</pre>
 *
 * <h2>Saves</h2>
 * A save is first checked against every member's entity-type registry (nothing is written if a type is
 * unknown), then prepared by every member in parallel: members that implement {@link PreparedSaves} check and
 * encode it without writing, so a change that any member refuses (larger than its size limit, say) is written to
 * none. Then it is written to every member in parallel. The union waits for each member, bounded by the
 * {@linkplain UnionStoreBuilder#memberTimeout(Duration) member timeout}, so one hung member cannot hang it; every
 * member is attempted even when another fails. The {@link WritePolicy} decides whether failures fail the save; if they
 * do, the exception names each failed member, the first member's failure is its cause and the others' are suppressed.
 * It is a {@link StoreUnavailableException} (worth retrying) when every failure is one. A member that times out is
 * not interrupted: its save may still land later.
 *
 * <h2>Loads</h2>
 * A load asks every member in parallel and merges their answers with the shared latest-wins rule
 * ({@link LatestWins}): per entity the change with the greatest timestamp wins, unsets included, so an entity
 * deleted in one member is never resurrected from an older copy in another. Members' answers are offered in member
 * order, each in its replay order; a change equal to the one already winning is not offered again, so members that
 * agree give the first answering member's replay order. <b>Ties:</b> when two members hold <em>different</em>
 * changes with the same timestamp for one entity, the latest-wins rule cannot tell which was saved later, and the
 * member listed later wins.
 *
 * <p>When some members fail or time out, the {@link DegradedLoads} policy decides: by default the load is answered
 * by the others and reported to the {@link UnionListener} and in one WARN log line naming the failed members. When
 * every member fails, the exception carries each member's failure as suppressed. An
 * {@link UnknownEntityTypeException} or {@link MigrationException} from any member fails the load as is: the
 * registry is shared, so answering without that member would silently drop entities.
 *
 * <h2>Hinted handoff</h2>
 * A change the union acknowledged that a member missed as unavailable (down, timed out, or behind) is recorded in
 * that member's backlog and delivered to it in the background, in order, as soon as it answers again: no load is
 * needed. While a member's backlog holds changes, its saves go to the backlog after them. Backlogs are kept in a
 * {@linkplain UnionStoreBuilder#backlog(Path) directory} (durable: they survive a crash, and a union opened on one
 * delivers it at once) or in memory (lost when the process ends), each bounded by {@linkplain
 * UnionStoreBuilder#backlogLimit(long) a limit}; {@link #pendingChanges()} shows them. Building a union never waits for
 * a member.
 *
 * <h2>Read-repair</h2>
 * With {@link ReadRepair#INLINE} or {@link ReadRepair#BACKGROUND}, members that answered a load but lacked a
 * winning change (held none, an older one, or a different one with the same timestamp) get the winners written
 * back, so a member that was down catches up. See {@link ReadRepair} for when the write happens.
 *
 * <h2>Other operations</h2>
 * {@link #listNamespaces()} is the union of what the members that implement {@link NamespaceListing} list (under
 * the same degraded policy as loads); {@link #compact(String)} compacts every member that implements
 * {@link Compactable}, in parallel, failing if any fails; {@link #deleteNamespace(String)} deletes on every member
 * under the write policy, a member that misses it getting it from its backlog; {@link #close()} closes every member,
 * in member order, even when some throw (the first failure is thrown, the rest suppressed), and is idempotent.
 *
 * <h2>Entity types</h2>
 * Members should share one {@link EntityTypes} registry (what the {@code union:} URI does). {@link #entityTypes()}
 * returns the first member's; {@link #registerEntityType(String, Class)} registers the type on every member, so
 * that members with registries of their own (as in {@link #of(Store...)} with separately built stores) stay in
 * step.
 *
 * <p>A union is thread-safe. Reading a member directly is fine; saving to one directly bypasses the union (the
 * other members miss that save until read-repair copies it).
 */
public final class UnionStore implements Store, Compactable, NamespaceListing, NamespaceDeletion, EntityCounting,
        PreparedSaves {

    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);
    private static final AtomicInteger UNIONS = new AtomicInteger();
    /** How long closing waits for a running backlog delivery before closing the members. */
    private static final Duration HANDOFF_GRACE = Duration.ofSeconds(1);

    private final List<Member> members;
    private final List<EntityTypes> registries;
    private final WritePolicy writePolicy;
    private final Duration memberTimeout;
    private final ReadRepair readRepair;
    private final boolean readOnly;
    private final UnionListener listener;
    private final StoreObserver observer;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final MemberCalls calls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HintedHandoff handoff;
    private final MemberRepairs repairs;
    private final UnionSaves saves;
    private final UnionLoads loads;

    private UnionStore(UnionStoreBuilder builder) {
        this.members = builder.members();
        this.registries = distinctRegistries(members);
        this.writePolicy = builder.get(UnionStoreOptions.WRITE_POLICY);
        this.memberTimeout = builder.get(UnionStoreOptions.MEMBER_TIMEOUT);
        this.readRepair = builder.get(UnionStoreOptions.READ_REPAIR);
        this.readOnly = builder.get(UnionStoreOptions.READ_ONLY);
        this.listener = builder.listener();
        this.observer = builder.observer();
        int union = UNIONS.incrementAndGet();
        ObjectMapper mapper = builder.objectMapper();
        this.handoff = new HintedHandoff(members, builder.get(UnionStoreOptions.BACKLOG),
                builder.get(UnionStoreOptions.BACKLOG_LIMIT), readOnly, mapper, listener, union);
        if (builder.executor() == null) {
            this.ownedExecutor = Executors.newCachedThreadPool(threadFactory(union));
            this.executor = ownedExecutor;
        } else {
            this.ownedExecutor = null;
            this.executor = builder.executor();
        }
        this.calls = new MemberCalls(executor, memberTimeout);
        WriteOrder order = new WriteOrder();
        this.repairs = new MemberRepairs(readRepair, calls, executor, WireFormat.create(registries.get(0), mapper),
                memberTimeout, closed, listener, handoff, order);
        this.saves = new UnionSaves(members, registries, writePolicy, calls, handoff, listener, order);
        this.loads = new UnionLoads(members, builder.get(UnionStoreOptions.DEGRADED_LOADS), calls, repairs, listener,
                handoff, order);
    }

    /** The union {@code builder} describes, its backlog deliveries started. */
    static UnionStore open(UnionStoreBuilder builder) {
        UnionStore union = new UnionStore(builder);
        union.handoff.start();
        return union;
    }

    private static List<EntityTypes> distinctRegistries(List<Member> members) {
        Map<EntityTypes, Boolean> distinct = new IdentityHashMap<>();
        List<EntityTypes> found = new ArrayList<>();
        for (Member member : members) {
            EntityTypes types = Objects.requireNonNull(member.store().entityTypes(),
                    () -> "union member " + member.quoted() + " has no entity-type registry");
            if (distinct.put(types, Boolean.TRUE) == null) {
                found.add(types);
            }
        }
        return List.copyOf(found);
    }

    /**
     * A builder of a union; add at least one member.
     *
     * @return a builder of a union; add at least one member
     */
    public static UnionStoreBuilder builder() {
        return new UnionStoreBuilder();
    }

    /**
     * A union of {@code members} with the default settings (write policy all, degraded loads allowed, no
     * read-repair), each named {@code #index Type} ({@code #0 FileStore}): the seed's {@code union.New(a, b)}.
     *
     * @param members the member stores
     * @return a union of {@code members} with the default settings (write policy all, degraded loads allowed, no
     *     read-repair), each named {@code #index Type} ({@code #0 FileStore}): the seed's {@code union.New(a, b)}
     * @throws IllegalArgumentException if a store is given twice
     * @throws IllegalStateException if no store is given
     */
    public static UnionStore of(Store... members) {
        UnionStoreBuilder builder = builder();
        for (Store member : members) {
            builder.member(member);
        }
        return builder.build();
    }

    /**
     * The members' names, in member order.
     *
     * @return the members' names, in member order
     */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>(members.size());
        for (Member member : members) {
            names.add(member.name());
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * How many changes wait in each member's backlog, by member name in member order: changes the union acknowledged
     * that the member missed (it was down, timed out or answered as unavailable), to be delivered when it answers.
     * A {@linkplain UnionStoreBuilder#readOnly(boolean) read-only} union counts what its backlog directory holds now.
     *
     * @return how many changes wait in each member's backlog, by member name in member order: changes the union
     *     acknowledged that the member missed (it was down, timed out or answered as unavailable), to be delivered when
     *     it answers
     */
    public Map<String, Long> pendingChanges() {
        ensureOpen();
        return handoff.pendingChanges();
    }

    /**
     * The directory holding the members' backlogs, if the union was given one (else they are in memory).
     *
     * @return the directory holding the members' backlogs, if the union was given one (else they are in memory)
     */
    public Optional<Path> backlogDirectory() {
        return Optional.ofNullable(handoff.directory());
    }

    /**
     * Saves {@code changes} to every member in parallel, in two steps: every member first checks and encodes the
     * changes, writing nothing ({@link PreparedSaves}); if any member refuses them, the save fails with that refusal
     * and no member writes anything. Then the members that prepared write.
     *
     * @throws UnknownEntityTypeException if a member's registry lacks an entity's type (nothing is saved)
     * @throws RejectedChangeException if a member cannot keep a change exactly, such as one larger than its size
     *     limit (nothing is saved)
     * @throws StoreUnavailableException if fewer members succeeded than the write policy requires and every
     *     failure was a {@code StoreUnavailableException} (including member timeouts)
     * @throws PersistenceException if fewer members succeeded than the write policy requires
     */
    @Override
    public void save(Changes changes) {
        prepareSave(changes).commit();
    }

    /**
     * The first step of {@link #save}: every member checks and encodes {@code changes} in parallel, none writes. The
     * commit is the second step, under the write policy.
     *
     * @throws UnknownEntityTypeException if a member's registry lacks an entity's type
     * @throws RejectedChangeException if a member cannot keep a change exactly (the first such member's refusal,
     *     the others suppressed)
     */
    @Override
    public PreparedSave prepareSave(Changes changes) {
        long start = System.nanoTime();
        ensureOpen();
        Objects.requireNonNull(changes, "changes");
        String what = "save to " + describeNamespaces(changes);
        ensureWritable(what);
        PreparedSave prepared = saves.prepare(what, changes);
        return () -> {
            ensureOpen();
            prepared.commit();
            observer.onSave(changes.size(), -1, System.nanoTime() - start);
        };
    }

    /**
     * The merged current state of {@code namespace} across the members.
     *
     * @throws UnknownEntityTypeException if a member met an unregistered type
     * @throws StoreUnavailableException if every member (or, with {@link DegradedLoads#FAIL}, any member) failed
     *     and every failure was a {@code StoreUnavailableException} (including member timeouts)
     * @throws PersistenceException if every member (or, with {@link DegradedLoads#FAIL}, any member) failed
     */
    @Override
    public Changes load(String namespace) {
        long start = System.nanoTime();
        ensureOpen();
        Namespaces.requireValid(namespace);
        Changes changes = loads.load(namespace);
        observer.onLoad(namespace, changes.size(), -1, System.nanoTime() - start);
        return changes;
    }

    /**
     * The sorted union of the namespaces listed by the members that implement {@link NamespaceListing}; members
     * that do not are not asked. A failing member is handled as in a load.
     *
     * @throws UnsupportedOperationException if no member lists namespaces
     */
    @Override
    public List<String> listNamespaces() {
        ensureOpen();
        return loads.listNamespaces();
    }

    /**
     * Compacts {@code namespace} on every member that implements {@link Compactable}, in parallel, each bounded by
     * the member timeout (a compaction that times out keeps running in its member).
     *
     * @throws PersistenceException naming each member whose compaction failed
     */
    @Override
    public void compact(String namespace) {
        ensureOpen();
        Namespaces.requireValid(namespace);
        ensureWritable("compact namespace '" + namespace + "'");
        List<Member> compactable = new ArrayList<>();
        for (Member member : members) {
            if (member.store() instanceof Compactable) {
                compactable.add(member);
            }
        }
        String what = "compaction of namespace '" + namespace + "'";
        List<Outcome<Void>> outcomes = calls.run(compactable, what, member -> {
            ((Compactable) member.store()).compact(namespace);
            return null;
        });
        List<Outcome<Void>> failed = reportFailures(outcomes, Operation.COMPACT, listener);
        if (!failed.isEmpty()) {
            throw combined(what + " failed on union " + memberWord(failed) + " " + names(failed) + ": "
                    + details(failed), failed, true);
        }
    }

    /**
     * Deletes {@code namespace} on every member in parallel, under the write policy, as a save: a member that is
     * behind, or misses the deletion (down, timed out, failing), gets it in its backlog and has it delivered in order
     * with the changes it missed; until then, loads and listings do not read that namespace from it, so a lagging
     * member never brings a deleted namespace back. Saves through this union that race the deletion land wholly
     * before or after it on every member. If the write policy is not met the deletion fails and may have happened on
     * some members: delete again.
     *
     * @throws UnsupportedOperationException if a member does not implement {@link NamespaceDeletion}
     * @throws StoreUnavailableException if fewer members succeeded than the write policy requires and every failure
     *     was a {@code StoreUnavailableException}
     * @throws PersistenceException if fewer members succeeded than the write policy requires, or the union is
     *     read-only
     */
    @Override
    public void deleteNamespace(String namespace) {
        ensureOpen();
        Namespaces.requireValid(namespace);
        ensureWritable("delete namespace '" + namespace + "'");
        saves.deleteNamespace(namespace);
    }

    /**
     * The entities of {@code namespace}, counted from its merged {@linkplain #load load} (so read-repaired like one):
     * members may differ, and only the merge says what the union holds.
     */
    @Override
    public EntityCounts countEntities(String namespace) {
        ensureOpen();
        Namespaces.requireValid(namespace);
        return loads.countEntities(namespace);
    }

    /** The namespaces {@link #listNamespaces()} lists. */
    @Override
    public long countNamespaces() {
        return listNamespaces().size();
    }

    // ---- entity types and close ----------------------------------------------------------------------------

    /** The first member's registry; see the class documentation on sharing one registry. */
    @Override
    public EntityTypes entityTypes() {
        return registries.get(0);
    }

    /**
     * Registers {@code type} on every member.
     *
     * @throws IllegalStateException naming the member if a member has {@code type} registered to another class
     */
    @Override
    public void registerEntityType(String type, Class<? extends Entity> entityClass) {
        for (Member member : members) {
            registerOn(member, () -> member.store().registerEntityType(type, entityClass));
        }
    }

    /**
     * Registers {@code type}, made by {@code factory}, on every member.
     *
     * @throws IllegalStateException naming the member if a member has {@code type} registered to another class
     */
    @Override
    public void registerEntityType(String type, Supplier<? extends Entity> factory) {
        for (Member member : members) {
            registerOn(member, () -> member.store().registerEntityType(type, factory));
        }
    }

    private static void registerOn(Member member, Runnable registration) {
        try {
            registration.run();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("union member " + member.quoted() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes every member in member order, even when some throw, after letting running background read-repairs finish
     * (waiting up to the member timeout) and stopping the backlog deliveries (a running one gets a second; one
     * waiting for a member that does not answer ends when the members close). Then closes the backlogs: what they
     * hold stays in a backlog directory for the next union; a backlog in memory is lost, with a WARN log line.
     * Idempotent.
     *
     * @throws PersistenceException naming the first member whose close failed, the other failures suppressed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!repairs.awaitRunning()) {
            LOG.warn("closing union store while background read-repairs are still running");
        }
        // A delivery that is running gets a moment to finish; one waiting for a member that does not answer ends
        // when the members are closed, and the backlogs are closed after it.
        handoff.stop(HANDOFF_GRACE.compareTo(memberTimeout) < 0 ? HANDOFF_GRACE : memberTimeout);
        PersistenceException failure = null;
        for (Member member : members) {
            try {
                member.store().close();
            } catch (RuntimeException e) {
                PersistenceException named = new PersistenceException("closing union member " + member.quoted()
                        + " failed: " + message(e), e);
                if (failure == null) {
                    failure = named;
                } else {
                    failure.addSuppressed(named);
                }
            }
        }
        try {
            handoff.close(memberTimeout);
        } catch (RuntimeException e) {
            LOG.warn("closing the union's backlogs failed: {}", message(e));
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("UnionStore[");
        for (int i = 0; i < members.size(); i++) {
            text.append(i > 0 ? ", " : "").append(members.get(i).quoted());
        }
        return text.append("; writePolicy ").append(writePolicy).append(", memberTimeout ")
                .append(MemberCalls.format(memberTimeout)).append(", readRepair ").append(readRepair)
                .append(handoff.durable() ? ", backlog " + handoff.directory() : "")
                .append(readOnly ? ", readOnly" : "").append(closed.get() ? ", closed" : "")
                .append(']').toString();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException("union store " + names(members));
        }
    }

    private void ensureWritable(String what) {
        if (readOnly) {
            throw new PersistenceException("cannot " + what + ": union store " + names(members)
                    + " is read-only (opened with readOnly=true)");
        }
    }

    private static ThreadFactory threadFactory(int union) {
        AtomicInteger threads = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "union-store-" + union + "-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
