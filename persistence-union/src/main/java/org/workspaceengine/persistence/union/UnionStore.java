package org.workspaceengine.persistence.union;

import static org.workspaceengine.persistence.union.MemberMessages.combined;
import static org.workspaceengine.persistence.union.MemberMessages.describeNamespaces;
import static org.workspaceengine.persistence.union.MemberMessages.details;
import static org.workspaceengine.persistence.union.MemberMessages.memberWord;
import static org.workspaceengine.persistence.union.MemberMessages.message;
import static org.workspaceengine.persistence.union.MemberMessages.names;
import static org.workspaceengine.persistence.union.MemberMessages.notifyListener;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.MigrationException;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.spi.PreparedSaves;
import org.workspaceengine.persistence.union.MemberCalls.Outcome;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

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
 * {@linkplain Builder#memberTimeout(Duration) member timeout}, so one hung member cannot hang it; every member is
 * attempted even when another fails. The {@link WritePolicy} decides whether failures fail the save; if they do,
 * the exception names each failed member, the first member's failure is its cause and the others' are suppressed.
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
 * {@linkplain Builder#backlog(Path) directory} (durable: they survive a crash, and a union opened on one delivers it
 * at once) or in memory (lost when the process ends), each bounded by {@linkplain Builder#backlogLimit(long) a
 * limit}; {@link #pendingChanges()} shows them. Building a union never waits for a member.
 *
 * <h2>Read-repair</h2>
 * With {@link ReadRepair#INLINE} or {@link ReadRepair#BACKGROUND}, members that answered a load but lacked a
 * winning change (held none, an older one, or a different one with the same timestamp) get the winners written
 * back, so a member that was down catches up. See {@link ReadRepair} for when the write happens.
 *
 * <h2>Other operations</h2>
 * {@link #listNamespaces()} is the union of what the members that implement {@link NamespaceListing} list (under
 * the same degraded policy as loads); {@link #compact(String)} compacts every member that implements
 * {@link Compactable}, in parallel, failing if any fails; {@link #close()} closes every member, in member order,
 * even when some throw (the first failure is thrown, the rest suppressed), and is idempotent.
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
public final class UnionStore implements Store, Compactable, NamespaceListing, PreparedSaves {

    /** The member timeout when none is set. */
    public static final Duration DEFAULT_MEMBER_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);
    private static final AtomicInteger UNIONS = new AtomicInteger();
    /** How long closing waits for a running backlog delivery before closing the members. */
    private static final Duration HANDOFF_GRACE = Duration.ofSeconds(1);

    private final List<Member> members;
    private final List<EntityTypes> registries;
    private final WritePolicy writePolicy;
    private final Duration memberTimeout;
    private final DegradedLoads degradedLoads;
    private final ReadRepair readRepair;
    private final UnionListener listener;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final MemberCalls calls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MemberRepairs repairs;
    private final HintedHandoff handoff;
    private final boolean readOnly;

    private UnionStore(Builder builder) {
        this.members = List.copyOf(builder.members);
        Map<EntityTypes, Boolean> distinct = new IdentityHashMap<>();
        List<EntityTypes> found = new ArrayList<>();
        for (Member member : members) {
            EntityTypes types = Objects.requireNonNull(member.store().entityTypes(),
                    () -> "union member " + member.quoted() + " has no entity-type registry");
            if (distinct.put(types, Boolean.TRUE) == null) {
                found.add(types);
            }
        }
        this.registries = List.copyOf(found);
        this.writePolicy = builder.writePolicy == null ? WritePolicy.all() : builder.writePolicy;
        this.memberTimeout = builder.memberTimeout == null ? DEFAULT_MEMBER_TIMEOUT : builder.memberTimeout;
        this.degradedLoads = builder.degradedLoads == null ? DegradedLoads.ALLOWED : builder.degradedLoads;
        this.readRepair = builder.readRepair == null ? ReadRepair.OFF : builder.readRepair;
        this.listener = builder.listener == null ? UnionListener.NONE : builder.listener;
        this.readOnly = Boolean.TRUE.equals(builder.readOnly);
        int union = UNIONS.incrementAndGet();
        ObjectMapper mapper = builder.objectMapper != null ? builder.objectMapper : WireFormat.defaultObjectMapper();
        this.handoff = new HintedHandoff(members, builder.backlog, builder.backlogLimit, readOnly, mapper, listener,
                union);
        if (builder.executor == null) {
            this.ownedExecutor = Executors.newCachedThreadPool(threadFactory(union));
            this.executor = ownedExecutor;
        } else {
            this.ownedExecutor = null;
            this.executor = builder.executor;
        }
        this.calls = new MemberCalls(executor, memberTimeout);
        this.repairs = new MemberRepairs(readRepair, calls, executor, WireFormat.create(registries.get(0), mapper),
                memberTimeout, closed, listener, handoff);
    }

    /** A builder of a union; add at least one member. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A union of {@code members} with the default settings (write policy all, degraded loads allowed, no
     * read-repair), each named {@code #index Type} ({@code #0 FileStore}): the seed's {@code union.New(a, b)}.
     *
     * @throws IllegalArgumentException if a store is given twice
     * @throws IllegalStateException if no store is given
     */
    public static UnionStore of(Store... members) {
        Builder builder = builder();
        for (Store member : members) {
            builder.member(member);
        }
        return builder.build();
    }

    /** The members' names, in member order. */
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
     * A {@linkplain Builder#readOnly(boolean) read-only} union counts what its backlog directory holds now.
     */
    public Map<String, Long> pendingChanges() {
        ensureOpen();
        return handoff.pendingChanges();
    }

    /** The directory holding the members' backlogs, if the union was given one (else they are in memory). */
    public Optional<Path> backlogDirectory() {
        return Optional.ofNullable(handoff.directory());
    }

    // ---- save ----------------------------------------------------------------------------------------------

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
        ensureOpen();
        Objects.requireNonNull(changes, "changes");
        ensureWritable("save to " + describeNamespaces(changes));
        for (EntityTypes registry : registries) {
            registry.checkSavable(changes);
        }
        if (changes.isEmpty()) {
            return () -> { };
        }
        String what = "save to " + describeNamespaces(changes);
        List<Outcome<PreparedSave>> prepared = calls.run(members, what, member -> prepare(member, changes));
        PersistenceException refusal = null;
        for (Outcome<PreparedSave> outcome : prepared) {
            if (isRefusal(outcome.failure())) {
                if (refusal == null) {
                    refusal = (PersistenceException) outcome.failure();
                } else {
                    refusal.addSuppressed(outcome.failure());
                }
            }
        }
        if (refusal != null) {
            throw refusal;
        }
        return () -> commit(what, changes, prepared);
    }

    /** A member's prepared save; a member that cannot prepare is saved to in the second step. */
    private static PreparedSave prepare(Member member, Changes changes) {
        if (member.store() instanceof PreparedSaves preparing) {
            return Objects.requireNonNull(preparing.prepareSave(changes), "the member's prepareSave returned null");
        }
        return () -> member.store().save(changes);
    }

    /** A failure that says the changes themselves cannot be saved, so no member may write them. */
    private static boolean isRefusal(Throwable failure) {
        return failure instanceof RejectedChangeException || failure instanceof UnknownEntityTypeException
                || failure instanceof InvalidNamespaceException;
    }

    /**
     * Writes a prepared save to every member that prepared it, except the members that are behind: their changes
     * go to their backlog, after the changes that wait there. If the write policy is met, the changes are recorded
     * for every member that missed them as unavailable, to be delivered when it answers.
     */
    private void commit(String what, Changes changes, List<Outcome<PreparedSave>> prepared) {
        ensureOpen();
        List<Member> ready = new ArrayList<>();
        List<PreparedSave> saves = new ArrayList<>();
        List<Outcome<Void>> outcomes = new ArrayList<>(members.size());
        int behind = 0;
        for (Outcome<PreparedSave> outcome : prepared) {
            Member member = outcome.member();
            if (!outcome.succeeded()) {
                outcomes.add(new Outcome<>(member, null, outcome.failure()));
            } else if (handoff.isBehind(member)) {
                behind++;
                outcomes.add(new Outcome<>(member, null, new StoreUnavailableException("union member "
                        + member.quoted() + " is catching up: the save waits in its backlog behind "
                        + handoff.pending(member) + " change(s)")));
            } else {
                ready.add(member);
                saves.add(outcome.value());
            }
        }
        outcomes.addAll(calls.run(ready, what, member -> {
            saves.get(ready.indexOf(member)).commit();
            return null;
        }));
        List<Outcome<Void>> failed = failures(outcomes, Operation.SAVE);
        if (failed.isEmpty()) {
            return;
        }
        int succeeded = members.size() - failed.size();
        int required = writePolicy.requiredSuccesses(members.size());
        if (succeeded >= required) {
            for (Outcome<Void> outcome : failed) {
                if (outcome.failure() instanceof StoreUnavailableException) {
                    handoff.record(outcome.member(), changes);
                }
            }
            if (failed.size() > behind) {
                LOG.warn("{} succeeded on {} of {} union members (write policy {}), failed on {}", what, succeeded,
                        members.size(), writePolicy, details(failed));
            } else {
                LOG.debug("{} succeeded on {} of {} union members (write policy {}); recorded for {}", what,
                        succeeded, members.size(), writePolicy, names(failed));
            }
            return;
        }
        throw combined(what + " failed on union " + memberWord(failed) + " " + names(failed) + " (" + succeeded
                + " of " + members.size() + " succeeded; write policy " + writePolicy + " needs " + required + "): "
                + details(failed), failed, true);
    }

    // ---- load ----------------------------------------------------------------------------------------------

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
        ensureOpen();
        Namespaces.requireValid(namespace);
        String what = "load of namespace '" + namespace + "'";
        List<Outcome<Changes>> outcomes = calls.run(members, what, member -> Objects.requireNonNull(
                member.store().load(namespace), "the member's load returned null"));
        List<Outcome<Changes>> failed = failures(outcomes, Operation.LOAD);
        List<Outcome<Changes>> answered = answered(outcomes);
        checkDegraded(what, namespace, failed, answered.isEmpty());
        if (answered.size() == 1) {
            return answered.get(0).value(); // one store's load is already the latest per entity, in replay order
        }

        LatestWins<Change> merged = new LatestWins<>(answered.get(0).value().size());
        for (Outcome<Changes> outcome : answered) {
            for (Change change : outcome.value()) {
                Change winner = merged.get(change.key());
                if (winner == null || !winner.equals(change)) {
                    merged.offer(change);
                }
            }
        }
        Changes result = Changes.of(merged.inReplayOrder());
        repairs.repair(namespace, answered, result);
        return result;
    }

    /**
     * Fails the operation if the failures call for it, else reports a degraded answer.
     *
     * @param namespace the namespace loaded, or null for a namespace listing
     */
    private void checkDegraded(String what, String namespace, List<? extends Outcome<?>> failed, boolean noneAnswered) {
        if (failed.isEmpty()) {
            return;
        }
        for (Outcome<?> outcome : failed) {
            if (outcome.failure() instanceof UnknownEntityTypeException
                    || outcome.failure() instanceof MigrationException) {
                PersistenceException registryError = (PersistenceException) outcome.failure();
                for (Outcome<?> other : failed) {
                    if (other != outcome) {
                        registryError.addSuppressed(other.failure());
                    }
                }
                throw registryError;
            }
        }
        if (noneAnswered) {
            throw combined(what + " failed on every union member (" + members.size() + "): " + details(failed),
                    failed, false);
        }
        if (degradedLoads == DegradedLoads.FAIL) {
            throw combined(what + " failed on union " + memberWord(failed) + " " + names(failed)
                    + " and degraded loads are not allowed: " + details(failed), failed, true);
        }
        LOG.warn("{} answered without union {} {} (degraded): {}", what, memberWord(failed), names(failed),
                details(failed));
        if (namespace != null) {
            List<MemberFailure> reported = new ArrayList<>(failed.size());
            for (Outcome<?> outcome : failed) {
                reported.add(new MemberFailure(outcome.member().name(), Operation.LOAD, outcome.failure()));
            }
            notifyListener(listener, () -> listener.onDegradedLoad(namespace, List.copyOf(reported)));
        }
    }

    // ---- listing and compaction ----------------------------------------------------------------------------

    /**
     * The sorted union of the namespaces listed by the members that implement {@link NamespaceListing}; members
     * that do not are not asked. A failing member is handled as in a load.
     *
     * @throws UnsupportedOperationException if no member lists namespaces
     */
    @Override
    public List<String> listNamespaces() {
        ensureOpen();
        List<Member> listing = new ArrayList<>();
        for (Member member : members) {
            if (member.store() instanceof NamespaceListing) {
                listing.add(member);
            }
        }
        if (listing.isEmpty()) {
            throw new UnsupportedOperationException("no member of the union lists namespaces: " + names(members));
        }
        List<Outcome<List<String>>> outcomes = calls.run(listing, "namespace listing",
                member -> ((NamespaceListing) member.store()).listNamespaces());
        List<Outcome<List<String>>> failed = failures(outcomes, Operation.LIST_NAMESPACES);
        List<Outcome<List<String>>> answered = answered(outcomes);
        checkDegraded("namespace listing", null, failed, answered.isEmpty());
        Set<String> namespaces = new TreeSet<>();
        for (Outcome<List<String>> outcome : answered) {
            namespaces.addAll(outcome.value());
        }
        return new ArrayList<>(namespaces);
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
        List<Outcome<Void>> failed = failures(outcomes, Operation.COMPACT);
        if (!failed.isEmpty()) {
            throw combined(what + " failed on union " + memberWord(failed) + " " + names(failed) + ": "
                    + details(failed), failed, true);
        }
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
        return text.append("; write ").append(writePolicy).append(", timeout ").append(MemberCalls.format(
                memberTimeout)).append(", readRepair ").append(readRepair)
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

    /** The failed outcomes, each reported to the listener. */
    private <T> List<Outcome<T>> failures(List<Outcome<T>> outcomes, Operation operation) {
        List<Outcome<T>> failed = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (!outcome.succeeded()) {
                failed.add(outcome);
                MemberFailure reported = new MemberFailure(outcome.member().name(), operation, outcome.failure());
                notifyListener(listener, () -> listener.onMemberFailure(reported));
            }
        }
        return failed;
    }

    private static <T> List<Outcome<T>> answered(List<Outcome<T>> outcomes) {
        List<Outcome<T>> answered = new ArrayList<>(outcomes.size());
        for (Outcome<T> outcome : outcomes) {
            if (outcome.succeeded()) {
                answered.add(outcome);
            }
        }
        return answered;
    }

    private static ThreadFactory threadFactory(int union) {
        AtomicInteger threads = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "union-store-" + union + "-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Builds a {@link UnionStore}. Each setting may be given once; a repeated setting fails, naming its earlier
     * value. Only members are required.
     */
    public static final class Builder {

        private final List<Member> members = new ArrayList<>();
        private WritePolicy writePolicy;
        private Duration memberTimeout;
        private DegradedLoads degradedLoads;
        private ReadRepair readRepair;
        private UnionListener listener;
        private Executor executor;
        private Path backlog;
        private Long backlogLimit;
        private ObjectMapper objectMapper;
        private Boolean readOnly;

        private Builder() {
        }

        /**
         * Adds {@code store} as a member named {@code name}, used in messages, logs and listener events.
         *
         * @throws IllegalArgumentException if the name is blank or taken, or the store is already a member
         */
        public Builder member(String name, Store store) {
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
                    throw new IllegalArgumentException("store " + store + " is already union member "
                            + member.quoted() + "; add each store once");
                }
            }
            members.add(new Member(name, store));
            return this;
        }

        /** Adds {@code store} as a member named {@code #index Type}, such as {@code #0 FileStore}. */
        public Builder member(Store store) {
            Objects.requireNonNull(store, "store");
            String type = store.getClass().getSimpleName();
            return member("#" + members.size() + " " + (type.isEmpty() ? store.getClass().getName() : type), store);
        }

        /** How many members must persist a save; default {@link WritePolicy#all()}. */
        public Builder writePolicy(WritePolicy policy) {
            requireUnset(writePolicy, "write policy");
            this.writePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long the union waits for each member in an operation; default {@link #DEFAULT_MEMBER_TIMEOUT}. Set it
         * above the members' own timeouts (such as a Kafka store's save timeout) so that they report their own,
         * more precise errors first.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder memberTimeout(Duration timeout) {
            requireUnset(memberTimeout, "member timeout");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("member timeout must be positive, got " + timeout);
            }
            this.memberTimeout = timeout;
            return this;
        }

        /** Whether a load may be answered when some members fail; default {@link DegradedLoads#ALLOWED}. */
        public Builder degradedLoads(DegradedLoads policy) {
            requireUnset(degradedLoads, "degraded loads policy");
            this.degradedLoads = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Whether and when loads write winners back to members that lacked them; default {@link ReadRepair#OFF}. */
        public Builder readRepair(ReadRepair mode) {
            requireUnset(readRepair, "read-repair");
            this.readRepair = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Receives member failures, degraded loads and read-repairs; default {@link UnionListener#NONE}. */
        public Builder listener(UnionListener unionListener) {
            requireUnset(listener, "listener");
            this.listener = Objects.requireNonNull(unionListener, "unionListener");
            return this;
        }

        /**
         * Runs member calls and background read-repairs on {@code memberExecutor} instead of the union's own
         * cached pool of daemon threads. It must run tasks concurrently (at least one thread per member), and the
         * union does not shut it down.
         */
        public Builder executor(Executor memberExecutor) {
            requireUnset(executor, "executor");
            this.executor = Objects.requireNonNull(memberExecutor, "memberExecutor");
            return this;
        }

        /**
         * Keeps each member's backlog of missed changes durably in {@code directory} (created if absent; one
         * subdirectory per member, named after it): it survives a crash or a restart, and a union opened on it
         * delivers what it holds at once. Without it, backlogs are kept in memory and lost when the process ends.
         * One union at a time may use a directory (it is locked).
         */
        public Builder backlog(Path directory) {
            requireUnset(backlog, "backlog directory");
            this.backlog = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * The most changes each member's backlog holds; default {@value HintedHandoff#DEFAULT_DURABLE_LIMIT} with a
         * {@linkplain #backlog(Path) backlog directory}, {@value HintedHandoff#DEFAULT_MEMORY_LIMIT} in memory. When
         * a backlog is full, the listener hears it once ({@link UnionListener#onBacklogFull}) and the member catches
         * up on what it misses from then on through read-repair only.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder backlogLimit(long changes) {
            requireUnset(backlogLimit, "backlog limit");
            if (changes < 1) {
                throw new IllegalArgumentException("backlog limit must be at least 1, got " + changes);
            }
            this.backlogLimit = changes;
            return this;
        }

        /**
         * The Jackson mapper entities are written to a backlog directory with and read back with (default
         * {@link WireFormat#defaultObjectMapper()}); give the one your members use.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            requireUnset(objectMapper, "object mapper");
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * Whether the union only reads (default false): {@code save} and {@code compact} throw, and a
         * {@linkplain #backlog(Path) backlog directory} is neither locked nor delivered, only counted by
         * {@link UnionStore#pendingChanges()}: for tools that look at a service's union while it runs.
         */
        public Builder readOnly(boolean onlyReads) {
            requireUnset(readOnly, "read-only");
            this.readOnly = onlyReads;
            return this;
        }

        /**
         * The union, at once: nothing here waits for a member. With a backlog directory, the backlogs it holds
         * start being delivered.
         *
         * @throws IllegalStateException if there is no member, the write policy needs more members than there are,
         *     or a read-only union is given read-repair
         * @throws PersistenceException if the backlog directory cannot be created, read or locked
         */
        public UnionStore build() {
            if (members.isEmpty()) {
                throw new IllegalStateException("a union store needs at least one member");
            }
            if (writePolicy != null && writePolicy.requiredSuccesses(members.size()) > members.size()) {
                throw new IllegalStateException("write policy " + writePolicy + " needs "
                        + writePolicy.requiredSuccesses(members.size()) + " members to succeed but the union has "
                        + members.size());
            }
            if (Boolean.TRUE.equals(readOnly) && readRepair != null && readRepair != ReadRepair.OFF) {
                throw new IllegalStateException("a read-only union cannot do read-repair (read-repair was set to "
                        + readRepair + ")");
            }
            UnionStore union = new UnionStore(this);
            union.handoff.start();
            return union;
        }

        private static void requireUnset(Object current, String setting) {
            if (current != null) {
                throw new IllegalStateException(setting + " was already set to " + current);
            }
        }
    }
}
