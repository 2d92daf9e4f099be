package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnionLoadTest extends UnionTestFixture {

    private static final Instant T1 = Instant.parse("2025-10-25T12:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);

    private final MemoryStore a = MemoryStore.create(types);
    private final MemoryStore b = MemoryStore.create(types);

    private Store failingLoad(Throwable failure) {
        Store store = mockMember();
        when(store.load(anyString())).thenThrow(failure);
        return store;
    }

    @Test
    void deletionInOneMemberIsNotResurrectedByAnOlderSetInAnother() {
        a.save(Changes.builder("ns").set(Widget.of("e", 1), T1).build());
        b.save(Changes.builder("ns").unset(Widget.of("e", 1), T2).build());

        assertThat(UnionStore.of(a, b).load("ns")).containsExactly(Change.unset("ns", Widget.of("e", 1), T2));
        assertThat(UnionStore.of(b, a).load("ns")).containsExactly(Change.unset("ns", Widget.of("e", 1), T2));
    }

    @Test
    void newerSetInOneMemberWinsOverAnOlderUnsetInAnother() {
        a.save(Changes.builder("ns").unset(Widget.of("e", 1), T1).build());
        b.save(Changes.builder("ns").set(Widget.of("e", 2), T2).build());

        assertThat(UnionStore.of(a, b).load("ns")).containsExactly(Change.set("ns", Widget.of("e", 2), T2));
    }

    @Test
    void staleMemberLosesToTheMemberWithTheLatestChange() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).set(Widget.of("only-a", 1), T1).build());
        b.save(Changes.builder("ns").set(Widget.of("w1", 2), T2).set(new Gadget("only-b", 1), T1).build());

        Changes loaded = UnionStore.of(a, b).load("ns");

        assertThat(loaded).containsExactly(Change.set("ns", Widget.of("only-a", 1), T1),
                Change.set("ns", new Gadget("only-b", 1), T1), Change.set("ns", Widget.of("w1", 2), T2));
    }

    @Test
    void membersThatAgreeKeepTheirReplayOrder() {
        Changes saved = Changes.builder("ns").set(Widget.of("z", 1), T1).set(Widget.of("b", 1), T1)
                .set(Widget.of("y", 1), T1).set(Widget.of("a", 1), T2).build();
        a.save(saved);
        b.save(Changes.of(saved.get(0), saved.get(2), saved.get(3)));

        assertThat(UnionStore.of(a, b).load("ns")).extracting(Change::entityId).containsExactly("z", "b", "y", "a");
    }

    @Test
    void onEqualTimestampsWithDifferentContentTheLaterMemberWins() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        b.save(Changes.builder("ns").set(Widget.of("w1", 2), T1).build());

        assertThat(UnionStore.of(a, b).load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T1));
        assertThat(UnionStore.of(b, a).load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T1));
    }

    @Test
    void failedMemberIsReportedAndTheLoadAnsweredByTheOthers() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        StoreUnavailableException down = new StoreUnavailableException("broker unreachable");
        union = UnionStore.builder().member("kafka", failingLoad(down)).member("file", a).listener(listener).build();

        assertThat(union.load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 1), T1));

        MemberFailure expected = new MemberFailure("kafka", Operation.LOAD, down);
        assertThat(listener.failures).containsExactly(expected);
        assertThat(listener.degraded).containsExactly(new RecordingListener.Degraded("ns", java.util.List.of(expected)));
    }

    @Test
    void hungMemberTimesOutAndTheLoadIsAnsweredByTheOthers() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        Store hung = mockMember();
        when(hung.load(anyString())).thenAnswer(invocation -> {
            release.await();
            return Changes.empty();
        });
        union = UnionStore.builder().member("slow", hung).member("file", a).memberTimeout(Duration.ofMillis(200))
                .listener(listener).build();

        long started = System.nanoTime();
        assertThat(union.load("ns")).hasSize(1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(listener.degraded).singleElement().satisfies(d -> assertThat(d.failures()).singleElement()
                .satisfies(f -> assertThat(f.cause()).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("member timeout of 200ms")));
    }

    @Test
    void degradedLoadFailsUnderTheFailPolicyNamingTheMember() {
        StoreUnavailableException down = new StoreUnavailableException("broker unreachable");
        union = UnionStore.builder().member("kafka", failingLoad(down)).member("file", a)
                .degradedLoads(DegradedLoads.FAIL).listener(listener).build();

        assertThatThrownBy(() -> union.load("ns")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("load of namespace 'ns' failed on union member 'kafka'")
                .hasMessageContaining("degraded loads are not allowed")
                .hasCause(down);
        assertThat(listener.degraded).isEmpty();
        assertThat(listener.failures).hasSize(1);
    }

    @Test
    void loadFailingOnEveryMemberCarriesEachCauseAsSuppressed() {
        StoreUnavailableException first = new StoreUnavailableException("kafka down");
        CorruptDataException second = new CorruptDataException("ns.jsonl line 2", "not JSON", null);
        union = UnionStore.builder().member("kafka", failingLoad(first)).member("file", failingLoad(second)).build();

        assertThatThrownBy(() -> union.load("ns")).isExactlyInstanceOf(PersistenceException.class)
                .hasMessageContaining("load of namespace 'ns' failed on every union member (2)")
                .hasMessageContaining("'kafka': StoreUnavailableException: kafka down")
                .hasMessageContaining("'file': CorruptDataException: ns.jsonl line 2: not JSON")
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first, second));
    }

    @Test
    void loadFailingOnEveryMemberAsUnavailableIsRetriable() {
        union = UnionStore.of(failingLoad(new StoreUnavailableException("one")),
                failingLoad(new StoreUnavailableException("two")));

        assertThatThrownBy(() -> union.load("ns")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("'#0 ").hasMessageContaining("'#1 ");
    }

    @Test
    void unknownEntityTypeInOneMemberFailsTheLoadRatherThanDroppingEntities() {
        UnknownEntityTypeException unknown = new UnknownEntityTypeException("gizmo", "ns");
        union = UnionStore.builder().member("file", failingLoad(unknown)).member("memory", a).build();

        assertThatThrownBy(() -> union.load("ns")).isSameAs(unknown);
    }

    @Test
    void corruptDataInOneMemberFallsBackToTheOthers() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        union = UnionStore.builder().member("file", failingLoad(new CorruptDataException("bad", null)))
                .member("kafka", a).listener(listener).build();

        assertThat(union.load("ns")).hasSize(1);
        assertThat(listener.degraded).hasSize(1);
    }

    @Test
    void listenerThatThrowsDoesNotBreakTheLoad() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        union = UnionStore.builder().member("down", failingLoad(new StoreUnavailableException("down")))
                .member("up", a).listener(new UnionListener() {
                    @Override
                    public void onDegradedLoad(String namespace, java.util.List<MemberFailure> failures) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build();

        assertThat(union.load("ns")).hasSize(1);
    }

    @Test
    void emptyNamespaceIsRefusedBeforeAnyMemberIsAsked() {
        Store member = mockMember();
        union = UnionStore.of(member);

        assertThatThrownBy(() -> union.load("")).hasMessageContaining("namespace");
        org.mockito.Mockito.verify(member, org.mockito.Mockito.never()).load(anyString());
    }

    @Test
    void loadAsksTheMembersInParallel() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Store first = mockMember();
        Store second = mockMember();
        for (Store store : new Store[] {first, second}) {
            when(store.load(anyString())).thenAnswer(invocation -> {
                bothStarted.countDown();
                if (!bothStarted.await(1, TimeUnit.MINUTES)) {
                    throw new StoreUnavailableException("the other member never started");
                }
                return Changes.empty();
            });
        }
        union = UnionStore.builder().member(first).member(second).listener(listener).build();

        assertThat(union.load("ns")).isEmpty();
        assertThat(listener.failures).isEmpty();
    }

    @Test
    void memberWhoseLoadReturnsNullCountsAsFailed() {
        a.save(Changes.builder("ns").set(Widget.of("w1", 1), T1).build());
        Store broken = mockMember();
        union = UnionStore.builder().member("broken", broken).member("memory", a).listener(listener).build();

        assertThat(union.load("ns")).hasSize(1);
        assertThat(listener.failures).singleElement().satisfies(f -> assertThat(f.cause())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("returned null"));
    }
}
