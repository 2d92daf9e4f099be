package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * A union's namespace deletion with members down or behind: a member that misses it gets it from its backlog, in
 * order with the saves it missed, even from a full backlog and after a restart, and until then no load, listing,
 * count or read-repair brings the deleted namespace back from it. (The contract is in the TCK's suite.)
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnionNamespaceDeletionTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final EntityTypes types = TestEntities.registry();
    private final SwitchableStore primary = new SwitchableStore("primary", types);
    private final SwitchableStore backup = new SwitchableStore("backup", types);
    private final RecordingListener listener = new RecordingListener();
    private UnionStore union;

    @TempDir
    Path directory;

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

    private void save(String namespace, String id, Instant at) {
        union.save(Changes.builder(namespace).set(Widget.of(id, 1), at).build());
    }

    @Test
    void aMemberDownDuringTheDeletionGetsItFromItsBacklogOnceItAnswers() {
        union = builder().build();
        save("ns", "w1", T0);
        backup.down();

        union.deleteNamespace("ns");

        assertThat(union.pendingChanges()).containsEntry("backup", 1L);
        assertThat(listener.failures).filteredOn(f -> f.operation() == Operation.DELETE_NAMESPACE)
                .singleElement().satisfies(f -> assertThat(f.member()).isEqualTo("backup"));
        assertThat(backup.held("ns")).hasSize(1);
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);

        assertThat(backup.held("ns")).isEmpty();
        assertThat(union.load("ns")).isEmpty();
    }

    @Test
    void aLaggingMemberThatStillAnswersReadsNeverBringsTheDeletedNamespaceBack() {
        union = builder().readRepair(ReadRepair.INLINE).build();
        save("ns", "w1", T0);
        save("other", "w1", T0);
        backup.savesDown();

        union.deleteNamespace("ns");

        assertThat(backup.held("ns")).as("not delivered yet").hasSize(1);
        assertThat(union.load("ns")).isEmpty();
        assertThat(union.listNamespaces()).containsExactly("other");
        assertThat(union.countEntities("ns")).isEqualTo(new EntityCounts("ns", 0, 0));
        assertThat(primary.held("ns")).as("no read-repair from the lagging member").isEmpty();
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);
        assertThat(backup.held("ns")).isEmpty();
        assertThat(union.load("other")).hasSize(1);
    }

    @Test
    void savesMissedAroundADeletionAreDeliveredInOrderWithIt() {
        union = builder().build();
        backup.down();
        save("ns", "before", T0.plusSeconds(60));
        union.deleteNamespace("ns");
        save("ns", "after", T0);

        assertThat(union.pendingChanges()).containsEntry("backup", 3L);
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);

        assertThat(backup.held("ns")).containsExactly(Change.set("ns", Widget.of("after", 1), T0));
        assertThat(union.load("ns")).containsExactly(Change.set("ns", Widget.of("after", 1), T0));
    }

    @Test
    void aDeletionWaitingInABacklogDirectoryIsKeptAndHonouredAfterARestart() {
        primary.durable();
        backup.durable();
        union = builder().backlog(directory).build();
        save("ns", "w1", T0);
        backup.savesDown();
        union.deleteNamespace("ns");
        union.close();

        union = builder().backlog(directory).build();

        assertThat(union.pendingChanges()).containsEntry("backup", 1L);
        assertThat(union.load("ns")).isEmpty();
        assertThat(union.listNamespaces()).doesNotContain("ns");
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);
        assertThat(backup.held("ns")).isEmpty();
    }

    @Test
    void aFullBacklogStillTakesADeletion() {
        union = builder().backlogLimit(2).build();
        backup.down();
        save("ns", "w1", T0);
        save("ns", "w2", T0);
        save("ns", "w3", T0);

        union.deleteNamespace("ns");

        assertThat(union.pendingChanges()).containsEntry("backup", 3L);
        backup.up();
        Await.until("the backup caught up", () -> union.pendingChanges().get("backup") == 0);
        assertThat(backup.held("ns")).isEmpty();
    }

    @Test
    void aDeletionThatMissesTheWritePolicyFailsNamingTheMember() {
        union = UnionStore.builder().member("primary", primary).member("backup", backup).build();
        backup.down();

        assertThatThrownBy(() -> union.deleteNamespace("ns")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("deletion of namespace 'ns'").hasMessageContaining("backup");
    }

    @Test
    void aUnionWithAMemberThatCannotDeleteRefusesNamingIt() {
        Store plain = mock(Store.class);
        when(plain.entityTypes()).thenReturn(types);
        union = UnionStore.builder().member("primary", primary).member("plain", plain).build();

        assertThatThrownBy(() -> union.deleteNamespace("ns")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'plain'").hasMessageContaining("cannot delete namespaces");
    }

    @Test
    void aReadOnlyUnionRefusesToDelete() {
        union = builder().readOnly(true).build();

        assertThatThrownBy(() -> union.deleteNamespace("ns")).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("delete namespace 'ns'").hasMessageContaining("read-only");
    }

    @Test
    void entitiesAreCountedFromTheMergedStateWhenAMemberIsBehind() {
        union = builder().build();
        save("ns", "w1", T0);
        backup.savesDown(); // behind from now on, but answering: its own count would be stale
        save("ns", "w2", T0);
        union.save(Changes.builder("ns").unset(Widget.of("w3", 1), T0).build());

        assertThat(union.countEntities("ns")).isEqualTo(new EntityCounts("ns", 2, 1));
        assertThat(union.countNamespaces()).isEqualTo(1);
    }
}
