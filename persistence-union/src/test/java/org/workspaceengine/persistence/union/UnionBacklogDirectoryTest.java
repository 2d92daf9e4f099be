package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.tck.Await;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/** A union given a backlog directory: what it holds outlives the union, one union uses it at a time, tools read it. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnionBacklogDirectoryTest {

    private static final Instant T1 = Instant.parse("2025-10-25T12:00:00Z");

    private final EntityTypes types = TestEntities.registry();
    @TempDir
    Path directory;

    private UnionStore union(SwitchableStore primary, SwitchableStore backup) {
        return UnionStore.builder().member("primary", primary).member("backup", backup)
                .writePolicy(WritePolicy.atLeast(1)).backlog(directory).build();
    }

    private static Changes saveEach(UnionStore union, int count) {
        Changes all = Changes.empty();
        for (int i = 0; i < count; i++) {
            Changes one = Changes.of(Change.set("ns", Widget.of("w" + i % 4, i), T1.plusMillis(i)));
            union.save(one);
            all = all.concat(one);
        }
        return all;
    }

    @Test
    void aUnionOpenedOnAnExistingBacklogDeliversItAtOnceWithoutALoad() {
        SwitchableStore backup = new SwitchableStore("backup", types);
        backup.down();
        Changes saved;
        try (UnionStore first = union(new SwitchableStore("primary", types), backup)) {
            saved = saveEach(first, 10);
            assertThat(first.pendingChanges()).containsEntry("backup", 10L);
        }

        SwitchableStore restarted = new SwitchableStore("backup", types);
        try (UnionStore second = union(new SwitchableStore("primary", types), restarted)) {
            Await.until("the backlog is delivered", () -> restarted.received().size() == 10);
            assertThat(restarted.received()).containsExactlyElementsOf(saved);
            assertThat(second.pendingChanges()).containsEntry("backup", 0L);
        }
    }

    @Test
    void aSecondUnionCannotUseABacklogDirectoryInUse() {
        try (UnionStore first = union(new SwitchableStore("primary", types), new SwitchableStore("backup", types))) {
            assertThat(first.pendingChanges()).containsEntry("backup", 0L);
            assertThatThrownBy(() -> union(new SwitchableStore("a", types), new SwitchableStore("b", types)))
                    .isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("backlog directory")
                    .hasMessageContaining("in use by another union");
        }
        union(new SwitchableStore("primary", types), new SwitchableStore("backup", types)).close();
    }

    @Test
    void aReadOnlyUnionCountsABacklogInUseWithoutDeliveringOrWriting() {
        SwitchableStore backup = new SwitchableStore("backup", types);
        backup.down();
        try (UnionStore running = union(new SwitchableStore("primary", types), backup)) {
            saveEach(running, 5);
            SwitchableStore looking = new SwitchableStore("backup", types);
            try (UnionStore readOnly = UnionStore.builder().member("primary", new SwitchableStore("primary", types))
                    .member("backup", looking).backlog(directory).readOnly(true).build()) {
                assertThat(readOnly.pendingChanges()).containsExactly(Map.entry("primary", 0L),
                        Map.entry("backup", 5L));
                assertThatThrownBy(() -> readOnly.save(Changes.of(Change.set("ns", Widget.of("x", 1), T1))))
                        .isInstanceOf(PersistenceException.class).hasMessageContaining("read-only");
                assertThat(looking.attempts()).isZero();
            }
            assertThat(running.pendingChanges()).containsEntry("backup", 5L);
        }
    }

    @Test
    void unionUrisTakeTheBacklogItsLimitAndReadOnly() {
        String members = "member=" + URLEncoder.encode("memory:", StandardCharsets.UTF_8) + "&member="
                + URLEncoder.encode("memory:", StandardCharsets.UTF_8);
        String backlog = URLEncoder.encode(directory.toString(), StandardCharsets.UTF_8);
        try (Store store = Stores.open("union:?" + members + "&writePolicy=atLeast:1&backlog=" + backlog
                + "&backlogLimit=10", types)) {
            assertThat(store.toString()).contains("backlog " + directory);
            assertThat(((UnionStore) store).pendingChanges()).containsOnlyKeys("#0 MemoryStore", "#1 MemoryStore");
        }
        try (Store store = Stores.open("union:?" + members + "&backlog=" + backlog + "&readOnly=true", types)) {
            assertThat(store.toString()).contains("readOnly");
        }
        assertThatThrownBy(() -> Stores.open("union:?" + members + "&backlogLimit=0", types))
                .hasMessageContaining("backlogLimit must be at least 1");
        assertThatThrownBy(() -> Stores.open("union:?" + members + "&readOnly=true&readRepair=inline", types))
                .hasMessageContaining("read-only union cannot do read-repair");
    }
}
