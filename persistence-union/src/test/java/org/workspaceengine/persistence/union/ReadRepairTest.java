package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReadRepairTest {

    private static final Instant T1 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);
    private static final Instant T3 = T1.plusSeconds(2);

    private final EntityTypes types = TestEntities.registry();
    private final SwitchableStore primary = new SwitchableStore("primary", types);
    private final SwitchableStore backup = new SwitchableStore("backup", types);
    private final RecordingListener listener = new RecordingListener();
    private UnionStore union;

    @AfterEach
    void tearDown() {
        if (union != null) {
            union.close();
        }
    }

    private UnionStore union(ReadRepair mode) {
        union = UnionStore.builder().member("primary", primary).member("backup", backup)
                .writePolicy(WritePolicy.atLeast(1)).readRepair(mode).listener(listener).build();
        return union;
    }

    /**
     * A save that bypasses the union (a union save missed by a member that was down is handed to it by the union's
     * backlog, so read-repair is what catches up changes the union never saw): the backup misses a new entity, a
     * newer version and a deletion.
     */
    private Changes missSavesWhileDown(UnionStore store) {
        store.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).set(new Gadget("g1", 1), T1).build());
        primary.save(Changes.builder("ns").set(Widget.of("w1", 2), T2).set(Widget.of("w2", 1), T2)
                .unset(new Gadget("g1", 1), T3).build());
        return primary.held("ns");
    }

    @Test
    void memberThatMissedSavesHoldsTheLatestStateAfterAnInlineRepairedLoad() {
        UnionStore store = union(ReadRepair.INLINE);
        Changes latest = missSavesWhileDown(store);
        assertThat(backup.held("ns")).isNotEqualTo(latest);

        assertThat(store.load("ns")).isEqualTo(latest);

        assertThat(backup.held("ns")).isEqualTo(latest);
        assertThat(listener.repairs).singleElement().satisfies(repair -> {
            assertThat(repair.member()).isEqualTo("backup");
            assertThat(repair.changes()).containsExactly(Change.set("ns", Widget.of("w1", 2), T2),
                    Change.set("ns", Widget.of("w2", 1), T2), Change.unset("ns", new Gadget("g1", 1), T3));
        });
    }

    @Test
    void loadOfMembersInStepRepairsNothing() {
        UnionStore store = union(ReadRepair.INLINE);
        store.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).unset(new Gadget("g1", 1), T1).build());
        int savesBefore = backup.saves() + primary.saves();

        store.load("ns");
        store.load("ns");

        assertThat(listener.repairs).isEmpty();
        assertThat(backup.saves() + primary.saves()).isEqualTo(savesBefore);
    }

    @Test
    void secondLoadAfterARepairWritesNothingMore() {
        UnionStore store = union(ReadRepair.INLINE);
        missSavesWhileDown(store);

        store.load("ns");
        store.load("ns");

        assertThat(listener.repairs).hasSize(1);
    }

    @Test
    void backgroundRepairBringsTheMemberUpToDateShortlyAfterTheLoad() {
        UnionStore store = union(ReadRepair.BACKGROUND);
        Changes latest = missSavesWhileDown(store);

        assertThat(store.load("ns")).isEqualTo(latest);

        Await.until("backup repaired in the background", () -> backup.held("ns").equals(latest));
        Await.until("repair reported", () -> listener.repairs.size() == 1);
    }

    @Test
    void memberThatIsStillDownIsNotRepairedAndCatchesUpOnTheNextLoad() {
        UnionStore store = union(ReadRepair.INLINE);
        Changes latest = missSavesWhileDown(store);
        backup.down();

        assertThat(store.load("ns")).isEqualTo(latest);
        assertThat(listener.repairs).isEmpty();

        backup.up();
        store.load("ns");
        assertThat(backup.held("ns")).isEqualTo(latest);
    }

    @Test
    void tieWithDifferentContentIsRepairedToTheWinner() {
        UnionStore store = union(ReadRepair.INLINE);
        primary.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        backup.save(Changes.builder("ns").set(Widget.of("w1", 2), T1).build());

        assertThat(store.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T1));

        assertThat(primary.held("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T1));
    }

    @Test
    void failedRepairIsReportedAndDoesNotFailTheLoad() {
        MemoryStore answering = MemoryStore.create(types);
        answering.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        Store readOnly = mock(Store.class);
        when(readOnly.entityTypes()).thenReturn(types);
        when(readOnly.load(anyString())).thenReturn(Changes.empty());
        StoreUnavailableException refused = new StoreUnavailableException("read-only replica");
        doThrow(refused).when(readOnly).save(any());
        union = UnionStore.builder().member("main", answering).member("replica", readOnly)
                .readRepair(ReadRepair.INLINE).memberTimeout(Duration.ofSeconds(30)).listener(listener).build();

        assertThat(union.load("ns")).hasSize(1);

        assertThat(listener.failures).containsExactly(new MemberFailure("replica", Operation.READ_REPAIR, refused));
        assertThat(listener.repairs).isEmpty();
    }

    @Test
    void atMostOneBackgroundRepairPerNamespaceAndMemberIsPending() throws Exception {
        MemoryStore answering = MemoryStore.create(types);
        answering.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger repairSaves = new AtomicInteger();
        Store lagging = mock(Store.class);
        when(lagging.entityTypes()).thenReturn(types);
        when(lagging.load(anyString())).thenReturn(Changes.empty());
        doAnswer(invocation -> {
            repairSaves.incrementAndGet();
            release.await();
            return null;
        }).when(lagging).save(any());
        union = UnionStore.builder().member("main", answering).member("lagging", lagging)
                .readRepair(ReadRepair.BACKGROUND).listener(listener).build();
        try {
            union.load("ns");
            Await.until("the first repair started", () -> repairSaves.get() == 1);
            union.load("ns");
            union.load("ns");
        } finally {
            release.countDown();
        }

        Await.until("the repair finished", () -> listener.repairs.size() == 1);
        assertThat(repairSaves).hasValue(1);
    }
}
