package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Unregistered;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnionLifecycleTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final EntityTypes types = TestEntities.registry();

    private Store member() {
        Store store = mock(Store.class);
        when(store.entityTypes()).thenReturn(types);
        return store;
    }

    // ---- close ---------------------------------------------------------------------------------------------

    @Test
    void closeReachesEveryMemberEvenWhenSomeThrow() {
        Store first = member();
        Store second = member();
        Store third = member();
        RuntimeException firstFailure = new IllegalStateException("first cannot close");
        RuntimeException secondFailure = new StoreUnavailableException("second cannot close");
        doThrow(firstFailure).when(first).close();
        doThrow(secondFailure).when(second).close();
        UnionStore union = UnionStore.builder().member("one", first).member("two", second).member("three", third)
                .build();

        assertThatThrownBy(union::close).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("closing union member 'one' failed: IllegalStateException: first cannot close")
                .hasCause(firstFailure)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().satisfies(suppressed -> {
                    assertThat(suppressed).hasMessageContaining("union member 'two'").hasCause(secondFailure);
                }));
        verify(first).close();
        verify(second).close();
        verify(third).close();
    }

    @Test
    void closeIsIdempotentAndClosesMembersOnce() {
        Store first = member();
        UnionStore union = UnionStore.of(first);

        union.close();
        union.close();

        verify(first, times(1)).close();
    }

    @Test
    void useAfterCloseFailsNamingTheUnion() {
        UnionStore union = UnionStore.builder().member("kafka", member()).build();
        union.close();

        assertThatThrownBy(() -> union.load("ns")).isInstanceOf(StoreClosedException.class)
                .hasMessageContaining("union store 'kafka'").hasMessageContaining("closed");
        assertThatThrownBy(() -> union.save(Changes.empty())).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(union::listNamespaces).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> union.compact("ns")).isInstanceOf(StoreClosedException.class);
    }

    // ---- listing and compaction ----------------------------------------------------------------------------

    @Test
    void listNamespacesIsTheSortedUnionOfTheListingMembers() {
        MemoryStore a = MemoryStore.create(types);
        MemoryStore b = MemoryStore.create(types);
        a.save(Changes.builder("beta").set(Widget.of("w", 1), T0).build());
        a.save(Changes.builder("shared").set(Widget.of("w", 1), T0).build());
        b.save(Changes.builder("alpha").set(Widget.of("w", 1), T0).build());
        b.save(Changes.builder("shared").set(Widget.of("w", 1), T0).build());
        Store notListing = member();

        try (UnionStore union = UnionStore.of(a, notListing, b)) {
            assertThat(union.listNamespaces()).containsExactly("alpha", "beta", "shared");
        }
    }

    @Test
    void listNamespacesAnswersFromTheOthersWhenAMemberFails() {
        MemoryStore a = MemoryStore.create(types);
        a.save(Changes.builder("ns").set(Widget.of("w", 1), T0).build());
        SwitchableStore down = new SwitchableStore("down", types);
        down.down();
        RecordingListener listener = new RecordingListener();

        try (UnionStore union = UnionStore.builder().member("down", down).member("up", a).listener(listener)
                .build()) {
            assertThat(union.listNamespaces()).containsExactly("ns");
            assertThat(listener.failures).extracting(MemberFailure::member, MemberFailure::operation)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("down", Operation.LIST_NAMESPACES));
        }
    }

    @Test
    void listNamespacesWithoutAnyListingMemberIsUnsupported() {
        try (UnionStore union = UnionStore.builder().member("plain", member()).build()) {
            assertThatThrownBy(union::listNamespaces).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("'plain'");
        }
    }

    @Test
    void compactReachesEveryCompactableMemberAndNamesTheOnesThatFail() {
        Store first = mock(Store.class, withSettings().extraInterfaces(Compactable.class));
        Store second = mock(Store.class, withSettings().extraInterfaces(Compactable.class));
        Store notCompactable = member();
        when(first.entityTypes()).thenReturn(types);
        when(second.entityTypes()).thenReturn(types);
        StoreUnavailableException failure = new StoreUnavailableException("disk full");
        doThrow(failure).when((Compactable) first).compact("ns");

        try (UnionStore union = UnionStore.builder().member("file", first).member("other", second)
                .member("plain", notCompactable).build()) {
            assertThatThrownBy(() -> union.compact("ns")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("compaction of namespace 'ns' failed on union member 'file'")
                    .hasCause(failure);
            verify((Compactable) second).compact("ns");
        }
    }

    // ---- entity types --------------------------------------------------------------------------------------

    @Test
    void registerEntityTypeRegistersOnEveryMember() {
        MemoryStore a = MemoryStore.create(TestEntities.registry());
        MemoryStore b = MemoryStore.create(TestEntities.registry());
        try (UnionStore union = UnionStore.of(a, b)) {
            union.registerEntityType("unregistered-type", Unregistered.class);
            union.registerEntityType("other-type", () -> new Unregistered("sample"));

            assertThat(a.entityTypes().registeredTypes()).contains("unregistered-type", "other-type");
            assertThat(b.entityTypes().registeredTypes()).contains("unregistered-type", "other-type");
            union.save(Changes.builder("ns").set(new Unregistered("u1"), T0).build());
            assertThat(b.load("ns")).hasSize(1);
        }
    }

    @Test
    void conflictingRegistrationNamesTheMember() {
        MemoryStore a = MemoryStore.create(TestEntities.registry());
        MemoryStore b = MemoryStore.create(EntityTypes.create().register("unregistered-type", Gadget.class));
        try (UnionStore union = UnionStore.builder().member("a", a).member("b", b).build()) {
            assertThatThrownBy(() -> union.registerEntityType("unregistered-type", Unregistered.class))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("union member 'b'");
        }
    }

    @Test
    void entityTypesIsTheFirstMembersRegistry() {
        try (UnionStore union = UnionStore.of(MemoryStore.create(types), MemoryStore.create(types))) {
            assertThat(union.entityTypes()).isSameAs(types);
        }
    }

    // ---- builder -------------------------------------------------------------------------------------------

    @Test
    void membersWithoutNamesAreNamedByIndexAndType() {
        try (UnionStore union = UnionStore.builder().member(MemoryStore.create(types)).member("named", member())
                .member(MemoryStore.create(types)).build()) {
            assertThat(union.memberNames()).containsExactly("#0 MemoryStore", "named", "#2 MemoryStore");
            assertThat(union).hasToString("UnionStore['#0 MemoryStore', 'named', '#2 MemoryStore';"
                    + " writePolicy all, memberTimeout 30s, readRepair OFF]");
        }
    }

    @Test
    void repeatedSettingFailsNamingTheEarlierValue() {
        UnionStoreBuilder builder = UnionStore.builder().writePolicy(WritePolicy.atLeast(1))
                .memberTimeout(Duration.ofSeconds(5)).readRepair(ReadRepair.INLINE);

        assertThatThrownBy(() -> builder.writePolicy(WritePolicy.all())).isInstanceOf(IllegalStateException.class)
                .hasMessage("writePolicy was already set to atLeast:1");
        assertThatThrownBy(() -> builder.memberTimeout(Duration.ofSeconds(1)))
                .hasMessage("memberTimeout was already set to 'PT5S'");
        assertThatThrownBy(() -> builder.readRepair(ReadRepair.OFF)).hasMessage("readRepair was already set to INLINE");
    }

    @Test
    void builderRefusesBadMembersAndSettings() {
        Store store = member();
        UnionStoreBuilder builder = UnionStore.builder().member("a", store);

        assertThatThrownBy(() -> builder.member("a", member())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already named 'a'");
        assertThatThrownBy(() -> builder.member("b", store)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already union member 'a'");
        assertThatThrownBy(() -> builder.member(" ", member())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.memberTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnionStore.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least one member");
        assertThatThrownBy(() -> UnionStore.builder().member(member()).writePolicy(WritePolicy.atLeast(2)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("write policy atLeast:2 needs 2 members to succeed but the union has 1");
    }

    @Test
    void writePolicyParsesTheUriForms() {
        assertThat(WritePolicy.parse("all")).isEqualTo(WritePolicy.all());
        assertThat(WritePolicy.parse("atLeast:2")).isEqualTo(WritePolicy.atLeast(2));
        assertThat(WritePolicy.parse("ATLEAST:1").requiredSuccesses(5)).isEqualTo(1);
        assertThat(WritePolicy.all().requiredSuccesses(3)).isEqualTo(3);
        assertThatThrownBy(() -> WritePolicy.parse("most")).hasMessageContaining("'all' or 'atLeast:N'");
        assertThatThrownBy(() -> WritePolicy.parse("atLeast:x")).hasMessageContaining("'x' is not a number");
        assertThatThrownBy(() -> WritePolicy.atLeast(0)).hasMessageContaining("n >= 1");
    }

    @Test
    void executorGivenByTheUserRunsTheMemberCallsAndIsNotShutDown() {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            MemoryStore a = MemoryStore.create(types);
            try (UnionStore union = UnionStore.builder().member(a).member(MemoryStore.create(types))
                    .executor(executor).build()) {
                union.save(Changes.builder("ns").set(Widget.of("w", 1), T0).build());
                assertThat(union.load("ns")).hasSize(1);
            }
            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void membersFromTheSeedShortFormShareTheDefaults() {
        try (UnionStore union = UnionStore.of(MemoryStore.create(types))) {
            assertThat(union.toString()).contains("writePolicy all", "readRepair OFF");
            assertThat(union.memberNames()).isEqualTo(List.of("#0 MemoryStore"));
        }
    }
}
