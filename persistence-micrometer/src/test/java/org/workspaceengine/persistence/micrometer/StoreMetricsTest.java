package org.workspaceengine.persistence.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.union.UnionStore;
import org.workspaceengine.persistence.union.WritePolicy;

class StoreMetricsTest {

    record Item(String id, String name) implements Entity {
        @Override
        public String entityType() {
            return "item";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private static EntityTypes types() {
        return EntityTypes.create().register("item", Item.class);
    }

    private static Changes twoItems() {
        return Changes.builder("ws-1").set(new Item("a", "first")).set(new Item("b", "second")).build();
    }

    private Timer timer(String name, String store) {
        return registry.get(name).tag("store", store).timer();
    }

    private double counter(String name, String store, String tag, String value) {
        return registry.get(name).tag("store", store).tag(tag, value).counter().count();
    }

    @Test
    void metersAreRegisteredAtZeroWhenCreated() {
        StoreMetrics.create(registry, "orders");

        assertThat(timer("persistence.save", "orders").count()).isZero();
        assertThat(timer("persistence.load", "orders").count()).isZero();
        assertThat(timer("persistence.compaction", "orders").count()).isZero();
        assertThat(counter("persistence.changes", "orders", "operation", "save")).isZero();
        assertThat(registry.get("persistence.local.state.lag").tag("store", "orders").gauge().value()).isZero();
    }

    @Test
    void memoryStoreSavesAndLoadsAreTimedAndTheirChangesCounted() {
        try (MemoryStore store = MemoryStore.create(types(), StoreMetrics.create(registry, "memory"))) {
            store.save(twoItems());
            store.load("ws-1");
            store.load("unknown");
        }

        assertThat(timer("persistence.save", "memory").count()).isEqualTo(1);
        assertThat(timer("persistence.load", "memory").count()).isEqualTo(2);
        assertThat(counter("persistence.changes", "memory", "operation", "save")).isEqualTo(2);
        assertThat(counter("persistence.changes", "memory", "operation", "load")).isEqualTo(2);
        assertThat(counter("persistence.bytes", "memory", "operation", "save")).isZero();
    }

    @Test
    void fileStoreCountsTheBytesItWritesAndReads(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.builder(dir).entityTypes(types())
                .observer(StoreMetrics.create(registry, "file")).build()) {
            store.save(twoItems());
            store.load("ws-1");
        }

        long fileBytes = Files.size(dir.resolve("ws-1.jsonl"));
        assertThat(counter("persistence.bytes", "file", "operation", "save")).isEqualTo(fileBytes);
        assertThat(counter("persistence.bytes", "file", "operation", "load")).isEqualTo(fileBytes);
        assertThat(counter("persistence.changes", "file", "operation", "load")).isEqualTo(2);
        assertThat(timer("persistence.save", "file").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    @Test
    void fileStoreCompactionIsTimedWithTheBytesItReclaimed(@TempDir Path dir) throws Exception {
        try (FileStore store = FileStore.builder(dir).entityTypes(types()).autoCompaction(false)
                .observer(StoreMetrics.create(registry, "file")).build()) {
            store.save(twoItems());
            store.save(Changes.builder("ws-1").set(new Item("a", "renamed"), Instant.now()).build());
            long before = Files.size(dir.resolve("ws-1.jsonl"));
            store.compact("ws-1");
            long after = Files.size(dir.resolve("ws-1.jsonl"));

            assertThat(timer("persistence.compaction", "file").count()).isEqualTo(1);
            assertThat(counter("persistence.bytes", "file", "operation", "compaction")).isEqualTo(after);
            assertThat(registry.get("persistence.compaction.reclaimed").tag("store", "file").counter().count())
                    .isEqualTo(before - after);
        }
    }

    @Test
    void unionCountsDegradedLoadsAndMemberFailuresPerMember() {
        StoreMetrics metrics = StoreMetrics.create(registry, "union");
        EntityTypes types = types();
        try (UnionStore union = UnionStore.builder().member("up", MemoryStore.create(types))
                .member("down", new DownStore(types)).listener(metrics).observer(metrics).build()) {
            union.load("ws-1");
        }

        assertThat(registry.get("persistence.union.degraded.loads").tag("store", "union").counter().count())
                .isEqualTo(1);
        assertThat(counter("persistence.union.member.failures", "union", "member", "down")).isEqualTo(1);
        assertThat(timer("persistence.load", "union").count()).isEqualTo(1);
    }

    @Test
    void unionBacklogGaugeShowsTheChangesAMemberMissed() {
        StoreMetrics metrics = StoreMetrics.create(registry, "union");
        EntityTypes types = types();
        try (UnionStore union = UnionStore.builder().member("up", MemoryStore.create(types))
                .member("down", new DownStore(types)).writePolicy(WritePolicy.atLeast(1)).listener(metrics)
                .observer(metrics).build()) {
            metrics.bindBacklog(union);
            union.save(twoItems());

            assertThat(registry.get("persistence.union.backlog").tag("store", "union").tag("member", "down")
                    .gauge().value()).isEqualTo(2);
            assertThat(registry.get("persistence.union.backlog").tag("store", "union").tag("member", "up")
                    .gauge().value()).isZero();
            assertThat(counter("persistence.changes", "union", "operation", "save")).isEqualTo(2);
        }
    }

    @Test
    void localStateLagGaugeShowsTheLastReportedLag() {
        StoreMetrics metrics = StoreMetrics.create(registry, "kafka");

        metrics.onLocalStateLag(120);
        metrics.onLocalStateLag(7);

        assertThat(registry.get("persistence.local.state.lag").tag("store", "kafka").gauge().value()).isEqualTo(7);
    }

    /** A member whose backend is unreachable: every save and load fails. */
    private static final class DownStore implements Store {
        private final EntityTypes types;

        DownStore(EntityTypes types) {
            this.types = types;
        }

        @Override
        public void save(Changes changes) {
            throw new StoreUnavailableException("down");
        }

        @Override
        public Changes load(String namespace) {
            throw new StoreUnavailableException("down");
        }

        @Override
        public EntityTypes entityTypes() {
            return types;
        }

        @Override
        public void close() {
        }
    }
}
