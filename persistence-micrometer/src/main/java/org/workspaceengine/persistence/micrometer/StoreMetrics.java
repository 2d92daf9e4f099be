package org.workspaceengine.persistence.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.union.MemberFailure;
import org.workspaceengine.persistence.union.UnionListener;
import org.workspaceengine.persistence.union.UnionStore;

/**
 * Records what one store does into a Micrometer {@link MeterRegistry}: give it to the store's builder as its
 * {@linkplain StoreObserver observer} and, for a union, as its {@linkplain UnionListener listener} too, then
 * {@linkplain #bindBacklog(UnionStore) bind the union's backlog}. Every meter is tagged {@code store=<name>}, the name
 * given here, so that several stores share one registry; namespaces are not tags (there may be millions).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>meter</th><th>type</th><th>what it measures</th></tr>
 *   <tr><td>{@code persistence.save}</td><td>timer</td><td>each save that returned</td></tr>
 *   <tr><td>{@code persistence.load}</td><td>timer</td><td>each load that returned</td></tr>
 *   <tr><td>{@code persistence.compaction}</td><td>timer</td><td>each compaction that rewrote a namespace (file
 *       store; manual and automatic)</td></tr>
 *   <tr><td>{@code persistence.changes}</td><td>counter, tag {@code operation=save|load}</td><td>changes saved,
 *       changes returned by loads</td></tr>
 *   <tr><td>{@code persistence.bytes}</td><td>counter (bytes), tag {@code operation=save|load|compaction}</td>
 *       <td>bytes stored by saves, read by loads, written by compactions (stores that measure them)</td></tr>
 *   <tr><td>{@code persistence.compaction.reclaimed}</td><td>counter (bytes)</td><td>bytes compactions freed</td></tr>
 *   <tr><td>{@code persistence.local.state.lag}</td><td>gauge (records)</td><td>how far a store's local state
 *       lags its source, as last reported ({@link StoreObserver#onLocalStateLag})</td></tr>
 *   <tr><td>{@code persistence.union.degraded.loads}</td><td>counter</td><td>loads answered without some
 *       members</td></tr>
 *   <tr><td>{@code persistence.union.member.failures}</td><td>counter, tag {@code member}</td><td>failed member
 *       calls</td></tr>
 *   <tr><td>{@code persistence.union.read.repairs}</td><td>counter, tag {@code member}</td><td>changes written back
 *       by read-repair</td></tr>
 *   <tr><td>{@code persistence.union.handoff}</td><td>counter, tag {@code member}</td><td>changes delivered from
 *       a backlog</td></tr>
 *   <tr><td>{@code persistence.union.backlog}</td><td>gauge, tag {@code member}</td><td>changes waiting in a
 *       member's backlog ({@link UnionStore#pendingChanges()})</td></tr>
 *   <tr><td>{@code persistence.union.backlog.full}</td><td>counter, tag {@code member}</td><td>times a member's
 *       backlog filled up</td></tr>
 * </table>
 *
 * <p>Thread-safe. Micrometer's meters are cheap to update; nothing here blocks.
 */
public final class StoreMetrics implements StoreObserver, UnionListener {

    private static final String BYTES = "bytes";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer saves;
    private final Timer loads;
    private final Timer compactions;
    private final Counter changesSaved;
    private final Counter changesLoaded;
    private final Counter bytesSaved;
    private final Counter bytesLoaded;
    private final Counter bytesCompacted;
    private final Counter bytesReclaimed;
    private final Counter degradedLoads;
    private final AtomicLong localStateLag = new AtomicLong();

    private StoreMetrics(MeterRegistry registry, String store) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(store, "store");
        this.tags = Tags.of("store", store);
        this.saves = Timer.builder("persistence.save").description("saves that returned").tags(tags)
                .register(registry);
        this.loads = Timer.builder("persistence.load").description("loads that returned").tags(tags)
                .register(registry);
        this.compactions = Timer.builder("persistence.compaction")
                .description("compactions that rewrote a namespace").tags(tags).register(registry);
        this.changesSaved = changes("save");
        this.changesLoaded = changes("load");
        this.bytesSaved = bytes("save");
        this.bytesLoaded = bytes("load");
        this.bytesCompacted = bytes("compaction");
        this.bytesReclaimed = Counter.builder("persistence.compaction.reclaimed").baseUnit(BYTES)
                .description("bytes freed by compactions").tags(tags).register(registry);
        this.degradedLoads = Counter.builder("persistence.union.degraded.loads")
                .description("loads answered without some members").tags(tags).register(registry);
        Gauge.builder("persistence.local.state.lag", localStateLag, AtomicLong::get).baseUnit("records")
                .description("records the store's local state lacks, as last reported").tags(tags)
                .register(registry);
    }

    /**
     * Metrics of the store named {@code store} (the {@code store} tag of every meter), registered in
     * {@code registry} at once, at zero.
     *
     * @param registry where the meters are registered
     * @param store the store's name, such as {@code "orders"} or {@code "backup-file"}
     * @return the metrics, to give to the store's builder
     */
    public static StoreMetrics create(MeterRegistry registry, String store) {
        return new StoreMetrics(registry, store);
    }

    /**
     * Registers one {@code persistence.union.backlog} gauge per member of {@code union}: the changes its backlog
     * holds ({@link UnionStore#pendingChanges()}). The gauges hold {@code union} weakly, as Micrometer's gauges do.
     *
     * @param union the union whose backlogs are measured
     * @return these metrics
     */
    public StoreMetrics bindBacklog(UnionStore union) {
        Objects.requireNonNull(union, "union");
        for (String member : union.memberNames()) {
            Gauge.builder("persistence.union.backlog", union, u -> u.pendingChanges().getOrDefault(member, 0L))
                    .baseUnit("changes").description("changes waiting in the member's backlog")
                    .tags(tags.and("member", member)).register(registry);
        }
        return this;
    }

    @Override
    public void onSave(int changes, long bytes, long nanos) {
        saves.record(nanos, TimeUnit.NANOSECONDS);
        changesSaved.increment(changes);
        if (bytes >= 0) {
            bytesSaved.increment(bytes);
        }
    }

    @Override
    public void onLoad(String namespace, int changes, long bytes, long nanos) {
        loads.record(nanos, TimeUnit.NANOSECONDS);
        changesLoaded.increment(changes);
        if (bytes >= 0) {
            bytesLoaded.increment(bytes);
        }
    }

    @Override
    public void onCompaction(String namespace, long bytesBefore, long bytesAfter, long nanos) {
        compactions.record(nanos, TimeUnit.NANOSECONDS);
        bytesCompacted.increment(bytesAfter);
        bytesReclaimed.increment(Math.max(0, bytesBefore - bytesAfter));
    }

    @Override
    public void onLocalStateLag(long records) {
        localStateLag.set(records);
    }

    @Override
    public void onMemberFailure(MemberFailure failure) {
        memberCounter("persistence.union.member.failures", "failed member calls", failure.member()).increment();
    }

    @Override
    public void onDegradedLoad(String namespace, List<MemberFailure> failures) {
        degradedLoads.increment();
    }

    @Override
    public void onReadRepair(String namespace, String member, Changes repaired) {
        memberCounter("persistence.union.read.repairs", "changes written back by read-repair", member)
                .increment(repaired.size());
    }

    @Override
    public void onHandoff(String member, int delivered, long pendingChanges) {
        memberCounter("persistence.union.handoff", "changes delivered from the member's backlog", member)
                .increment(delivered);
    }

    @Override
    public void onBacklogFull(String member, long pendingChanges) {
        memberCounter("persistence.union.backlog.full", "times the member's backlog filled up", member).increment();
    }

    private Counter changes(String operation) {
        return Counter.builder("persistence.changes").description("changes saved, or returned by loads")
                .tags(tags.and("operation", operation)).register(registry);
    }

    private Counter bytes(String operation) {
        return Counter.builder("persistence.bytes").baseUnit(BYTES)
                .description("bytes stored by saves, read by loads, written by compactions")
                .tags(tags.and("operation", operation)).register(registry);
    }

    private Counter memberCounter(String name, String description, String member) {
        return Counter.builder(name).description(description).tags(tags.and("member", member)).register(registry);
    }
}
