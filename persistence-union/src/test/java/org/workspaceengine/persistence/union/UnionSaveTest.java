package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.spi.PreparedSaves;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnionSaveTest extends UnionTestFixture {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Changes SAVE = Changes.builder("ns").set(Widget.of("w1", 1), T0).build();

    private final MemoryStore memory = MemoryStore.create(types);

    private Store failing(PersistenceException failure) {
        Store store = mockMember();
        doThrow(failure).when(store).save(any());
        return store;
    }

    private Store hanging() {
        Store store = mockMember();
        doAnswer(invocation -> {
            release.await();
            return null;
        }).when(store).save(any());
        return store;
    }

    @Test
    void saveReachesEveryMember() {
        MemoryStore other = MemoryStore.create(types);
        union = UnionStore.builder().member("a", memory).member("b", other).build();

        union.save(SAVE);

        assertThat(memory.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T0));
        assertThat(other.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T0));
    }

    @Test
    void aChangeThatOneMemberRefusesIsWrittenToNoMember() {
        Store refusing = mock(Store.class, withSettings().extraInterfaces(PreparedSaves.class));
        when(refusing.entityTypes()).thenReturn(types);
        RejectedChangeException tooLarge = new RejectedChangeException("ns", new EntityKey("widget", "w1"),
                "its record would take 9000000 bytes, more than the 8388608 bytes of maxRecordBytes", null);
        when(((PreparedSaves) refusing).prepareSave(any())).thenThrow(tooLarge);
        union = UnionStore.builder().member("file", memory).member("kafka", refusing)
                .writePolicy(WritePolicy.atLeast(1)).build();

        assertThatThrownBy(() -> union.save(SAVE)).isSameAs(tooLarge);

        assertThat(memory.load("ns")).isEmpty();
        verify(refusing, never()).save(any());
    }

    @Test
    void aMemberThatCannotPrepareIsSavedToInTheSecondStep() {
        Store plain = mockMember();
        union = UnionStore.builder().member("file", memory).member("plain", plain).build();

        union.save(SAVE);

        verify(plain).save(SAVE);
        assertThat(memory.load("ns")).hasSize(1);
    }

    @Test
    void aMemberThatFailsToPrepareForAnotherReasonCountsAsFailedAndTheOthersWrite() {
        Store closed = mock(Store.class, withSettings().extraInterfaces(PreparedSaves.class));
        when(closed.entityTypes()).thenReturn(types);
        StoreClosedException gone = new StoreClosedException("kafka store");
        when(((PreparedSaves) closed).prepareSave(any())).thenThrow(gone);
        union = UnionStore.builder().member("kafka", closed).member("file", memory)
                .writePolicy(WritePolicy.atLeast(1)).listener(listener).build();

        union.save(SAVE);

        assertThat(memory.load("ns")).hasSize(1);
        assertThat(listener.failures).containsExactly(new MemberFailure("kafka", Operation.SAVE, gone));
    }

    @Test
    void failedMemberIsNamedWithItsCauseAttachedAndTheOthersStillSave() {
        StoreUnavailableException down = new StoreUnavailableException("broker unreachable");
        union = UnionStore.builder().member("kafka", failing(down)).member("file", memory).listener(listener).build();

        assertThatThrownBy(() -> union.save(SAVE))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("namespace 'ns'")
                .hasMessageContaining("union member 'kafka'")
                .hasMessageContaining("broker unreachable")
                .hasMessageContaining("write policy all needs 2")
                .hasCause(down);
        assertThat(memory.load("ns")).hasSize(1);
        assertThat(listener.failures).containsExactly(new MemberFailure("kafka", Operation.SAVE, down));
    }

    @Test
    void everyMemberIsAttemptedAndEachFailureIsNamedTheRestSuppressed() {
        StoreUnavailableException first = new StoreUnavailableException("first down");
        CorruptDataException second = new CorruptDataException("x.jsonl line 3", "bad line", null);
        Store third = mockMember();
        union = UnionStore.builder().member("one", failing(first)).member("two", failing(second))
                .member("three", third).build();

        assertThatThrownBy(() -> union.save(SAVE))
                .isExactlyInstanceOf(PersistenceException.class)
                .hasMessageContaining("union members 'one' and 'two'")
                .hasMessageContaining("'one': StoreUnavailableException: first down")
                .hasMessageContaining("'two': CorruptDataException: x.jsonl line 3: bad line")
                .hasCause(first)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
        verify(third).save(SAVE);
    }

    @Test
    void atLeastOneSucceedsWhileAMemberIsDownAndReportsIt() {
        StoreUnavailableException down = new StoreUnavailableException("broker unreachable");
        union = UnionStore.builder().member("kafka", failing(down)).member("file", memory)
                .writePolicy(WritePolicy.atLeast(1)).listener(listener).build();

        union.save(SAVE);

        assertThat(memory.load("ns")).hasSize(1);
        // The save missed by 'kafka' waits in its backlog, whose first delivery attempt may be reported too.
        assertThat(listener.failures).filteredOn(f -> f.operation() == Operation.SAVE)
                .containsExactly(new MemberFailure("kafka", Operation.SAVE, down));
        assertThat(union.pendingChanges()).containsEntry("kafka", 1L);
    }

    @Test
    void atLeastTwoFailsWhenOnlyOneMemberSucceeds() {
        union = UnionStore.builder().member("a", failing(new StoreUnavailableException("a down")))
                .member("b", memory).member("c", failing(new StoreUnavailableException("c down")))
                .writePolicy(WritePolicy.atLeast(2)).build();

        assertThatThrownBy(() -> union.save(SAVE)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("union members 'a' and 'c'")
                .hasMessageContaining("1 of 3 succeeded; write policy atLeast:2 needs 2");
    }

    @Test
    void hungMemberFailsTheSaveWithinTheMemberTimeout() {
        union = UnionStore.builder().member("slow", hanging()).member("fast", memory)
                .memberTimeout(Duration.ofMillis(200)).listener(listener).build();

        long started = System.nanoTime();
        assertThatThrownBy(() -> union.save(SAVE)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("union member 'slow'")
                .hasMessageContaining("no answer to save to namespace 'ns' within the member timeout of 200ms");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(memory.load("ns")).hasSize(1);
        assertThat(listener.failures).singleElement().satisfies(f -> {
            assertThat(f.member()).isEqualTo("slow");
            assertThat(f.cause()).isInstanceOf(StoreUnavailableException.class);
        });
    }

    @Test
    void hungMemberDoesNotStopASaveThatNeedsOnlyTheOthers() {
        union = UnionStore.builder().member("slow", hanging()).member("fast", memory)
                .writePolicy(WritePolicy.atLeast(1)).memberTimeout(Duration.ofMillis(200)).build();

        union.save(SAVE);
        union.save(Changes.builder("ns").set(Widget.of("w2", 1), T0).build());

        assertThat(memory.load("ns")).hasSize(2);
    }

    @Test
    void unregisteredTypeInAnyMembersRegistryFailsBeforeAnythingIsWritten() {
        EntityTypes widgetsOnly = EntityTypes.create().register(TestEntities.WIDGET, Widget.class);
        Store other = mock(Store.class);
        when(other.entityTypes()).thenReturn(widgetsOnly);
        union = UnionStore.builder().member("a", memory).member("b", other).build();

        assertThatThrownBy(() -> union.save(Changes.builder("ns").set(Widget.of("w1", 1), T0)
                .set(new Gadget("g1", 1), T0).build()))
                .isInstanceOf(UnknownEntityTypeException.class).hasMessageContaining("'gadget'");

        assertThat(memory.load("ns")).isEmpty();
        verify(other, never()).save(any());
    }

    @Test
    void emptySaveTouchesNoMember() {
        Store member = mockMember();
        union = UnionStore.of(member);

        union.save(Changes.empty());

        verify(member, never()).save(any());
    }

    @Test
    void saveRunsTheMembersInParallel() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Store first = mockMember();
        Store second = mockMember();
        for (Store store : new Store[] {first, second}) {
            doAnswer(invocation -> {
                bothStarted.countDown();
                if (!bothStarted.await(1, TimeUnit.MINUTES)) {
                    throw new StoreUnavailableException("the other member never started");
                }
                return null;
            }).when(store).save(any());
        }
        union = UnionStore.of(first, second);

        union.save(SAVE);

        verify(first).save(SAVE);
        verify(second).save(SAVE);
    }

    @Test
    void failedSaveToManyNamespacesNamesTheFirstFewAndCountsTheRest() {
        union = UnionStore.builder().member("kafka", failing(new StoreUnavailableException("down"))).build();
        Changes many = Changes.builder("a").set(Widget.of("w", 1), T0).build()
                .concat(Changes.builder("b").set(Widget.of("w", 1), T0).build())
                .concat(Changes.builder("c").set(Widget.of("w", 1), T0).build())
                .concat(Changes.builder("d").set(Widget.of("w", 1), T0).build())
                .concat(Changes.builder("e").set(Widget.of("w", 1), T0).build());

        assertThatThrownBy(() -> union.save(many))
                .hasMessageStartingWith("save to namespaces 'a', 'b', 'c' and 2 more failed on union member 'kafka'");
    }
}
