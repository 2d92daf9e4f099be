package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * Hinted handoff with members that can be switched down: what a member misses while the union acknowledges saves
 * is delivered to it, in order, once it answers, with no load; the backlog's limit, refusals, retries and close.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HintedHandoffTest {

    private static final Instant T1 = Instant.parse("2025-10-25T12:00:00Z");

    private final EntityTypes types = TestEntities.registry();
    private final SwitchableStore primary = new SwitchableStore("primary", types);
    private final SwitchableStore backup = new SwitchableStore("backup", types);
    private final RecordingListener listener = new RecordingListener();
    private UnionStore union;

    @AfterEach
    void closeTheUnion() {
        if (union != null) {
            union.close();
        }
    }

    private UnionStoreBuilder builder() {
        return UnionStore.builder().member("primary", primary).member("backup", backup)
                .writePolicy(WritePolicy.atLeast(1)).listener(listener);
    }

    /** Saves {@code count} changes, one per save: versions of a few widgets and a deletion, in timestamp order. */
    private List<Change> save(UnionStore store, int from, int count) {
        List<Change> saved = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Instant at = T1.plusMillis(i);
            Change change = i % 7 == 6 ? Change.unset("ns", new Gadget("g" + i % 3, i), at)
                    : Change.set("ns", Widget.of("w" + i % 5, i), at);
            store.save(Changes.of(change));
            saved.add(change);
        }
        return saved;
    }

    @Test
    void changesAMemberMissedAreDeliveredInOrderOnceItAnswersWithoutALoad() {
        union = builder().build();
        save(union, 0, 3);
        backup.down();

        List<Change> missed = save(union, 3, 20);

        assertThat(union.pendingChanges()).containsExactly(Map.entry("primary", 0L), Map.entry("backup", 20L));
        assertThat(backup.held("ns")).isNotEqualTo(primary.held("ns"));
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);

        assertThat(backup.held("ns")).isEqualTo(primary.held("ns"));
        assertThat(backup.received().subList(3, backup.received().size())).containsExactlyElementsOf(missed);
        assertThat(listener.handedOff.stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
    }

    @Test
    void aMemberThatIsBehindIsNotAskedToSaveItsSaveWaitsInTheBacklogAfterTheOthers() {
        union = builder().build();
        backup.down();
        save(union, 0, 1);
        int attemptsAfterTheFailure = backup.attempts();

        save(union, 1, 5);

        assertThat(listener.failures).filteredOn(f -> f.operation() == Operation.SAVE).hasSize(6)
                .allSatisfy(f -> assertThat(f.member()).isEqualTo("backup"))
                .last().satisfies(f -> assertThat(f.cause()).hasMessageContaining("catching up")
                        .hasMessageContaining("behind 5 change(s)"));
        assertThat(union.pendingChanges()).containsEntry("backup", 6L);
        assertThat(backup.attempts() - attemptsAfterTheFailure).as("delivery attempts only").isLessThan(10);
        assertThat(primary.held("ns")).hasSize(5);
    }

    @Test
    void aSaveThatFailsTheWritePolicyRecordsNothing() {
        union = UnionStore.builder().member("primary", primary).member("backup", backup).build();
        backup.down();

        assertThatThrownBy(() -> save(union, 0, 1)).isInstanceOf(StoreUnavailableException.class);

        assertThat(union.pendingChanges()).containsEntry("backup", 0L);
    }

    @Test
    void aFullBacklogIsReportedOnceAndRecordsNothingMoreUntilItEmpties() {
        union = builder().backlogLimit(3).build();
        backup.down();

        save(union, 0, 6);

        assertThat(union.pendingChanges()).containsEntry("backup", 3L);
        assertThat(listener.full).containsExactly("backup: 3");
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);
        assertThat(backup.received()).hasSize(3);

        backup.down();
        save(union, 6, 5);
        assertThat(listener.full).containsExactly("backup: 3", "backup: 3");
    }

    @Test
    void aDownMemberIsRetriedWithABackoffNotInABusyLoop() throws Exception {
        union = builder().build();
        backup.down();
        save(union, 0, 1);
        int before = backup.attempts();

        Thread.sleep(3_000); // the behaviour under test is what happens while time passes

        // 50, 100, 200, 400, 800, 1600 ms: about six attempts in three seconds; a busy loop would make thousands.
        assertThat(backup.attempts() - before).isBetween(1, 12);
        assertThat(listener.failures).filteredOn(f -> f.operation() == Operation.HANDOFF).hasSize(1);
    }

    @Test
    void aChangeTheMemberRefusesForGoodIsDroppedAndTheOthersAreDelivered() {
        MemoryStore held = MemoryStore.create(types);
        RejectedChangeException refusal = new RejectedChangeException("ns", new EntityKey("widget", "w2"),
                "too large for this member", null);
        boolean[] down = {true};
        Store picky = new Store() {
            @Override
            public void save(Changes changes) {
                if (down[0]) {
                    throw new StoreUnavailableException("picky is down");
                }
                if (changes.stream().anyMatch(c -> c.entityId().equals("w2"))) {
                    throw refusal;
                }
                held.save(changes);
            }

            @Override
            public Changes load(String namespace) {
                return held.load(namespace);
            }

            @Override
            public EntityTypes entityTypes() {
                return types;
            }

            @Override
            public void close() {
            }
        };
        union = UnionStore.builder().member("primary", primary).member("picky", picky)
                .writePolicy(WritePolicy.atLeast(1)).listener(listener).build();
        List<Change> saved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Change change = Change.set("ns", Widget.of("w" + i, 1), T1);
            union.save(Changes.of(change));
            saved.add(change);
        }

        down[0] = false;
        Await.until("the backlog emptied", () -> union.pendingChanges().get("picky") == 0);

        assertThat(held.load("ns")).extracting(Change::entityId).containsExactlyInAnyOrder("w0", "w1", "w3", "w4");
        assertThat(listener.failures).filteredOn(f -> f.operation() == Operation.HANDOFF)
                .extracting(MemberFailure::cause).contains(refusal);
    }

    @Test
    void closingStopsDeliveryAtOnceAndABacklogInMemoryIsLost() {
        union = builder().build();
        backup.down();
        save(union, 0, 3);

        long started = System.nanoTime();
        union.close();
        int attemptsAtClose = backup.attempts();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        backup.up();
        assertThat(backup.attempts()).isEqualTo(attemptsAtClose);
        assertThat(backup.received()).isEmpty();
    }

    @Test
    void closingDoesNotWaitOutADeliveryStuckOnAMemberThatDoesNotAnswer() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch delivering = new CountDownLatch(1);
        boolean[] first = {true};
        Store stuck = new Store() {
            @Override
            public synchronized void save(Changes changes) {
                if (first[0]) {
                    first[0] = false;
                    throw new StoreUnavailableException("stuck does not answer");
                }
                delivering.countDown();
                try {
                    closed.await(); // as a save waiting for an unreachable cluster until its store is closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new StoreUnavailableException("closed while saving");
            }

            @Override
            public Changes load(String namespace) {
                return Changes.empty();
            }

            @Override
            public EntityTypes entityTypes() {
                return types;
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        union = UnionStore.builder().member("primary", primary).member("stuck", stuck)
                .writePolicy(WritePolicy.atLeast(1)).memberTimeout(Duration.ofSeconds(60)).build();
        save(union, 0, 1);
        assertThat(delivering.await(30, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        union.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void readRepairOfAMemberThatIsBehindWaitsInItsBacklogBehindTheOlderChanges() {
        union = builder().readRepair(ReadRepair.INLINE).build();
        backup.savesDown(); // it answers loads, but takes no save: it stays behind
        List<Change> missed = save(union, 0, 4);
        Change onlyInPrimary = Change.set("ns", Widget.of("direct", 1), T1.plusSeconds(60));
        primary.save(Changes.of(onlyInPrimary));
        union.load("ns");
        assertThat(union.pendingChanges().get("backup")).isGreaterThan(4);

        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);

        List<Change> received = backup.received();
        assertThat(received.subList(0, missed.size())).containsExactlyElementsOf(missed);
        assertThat(backup.held("ns")).isEqualTo(primary.held("ns"));
    }

    @Test
    void aBacklogDirectoryStaysEmptyWhileEveryMemberIsUp(@TempDir Path directory) throws Exception {
        union = builder().backlog(directory).build();

        save(union, 0, 20);

        assertThat(union.pendingChanges()).containsExactly(Map.entry("primary", 0L), Map.entry("backup", 0L));
        try (Stream<Path> files = Files.walk(directory)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))).isEmpty();
        }
    }
}
