package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;
import org.workspaceengine.persistence.wire.WireFormat;

/** The Kafka store tells its {@link StoreObserver} of each save, with its records' bytes, and each load. */
class KafkaStoreObserverTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    /** What the store reported, in order. */
    private static final class Recording implements StoreObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile long savedBytes;

        @Override
        public void onSave(int changes, long bytes, long nanos) {
            events.add("save " + changes);
            savedBytes = bytes;
        }

        @Override
        public void onLoad(String namespace, int changes, long bytes, long nanos) {
            events.add("load " + namespace + " " + changes + " " + bytes);
        }

        @Override
        public void onLocalStateLag(long records) {
            events.add("lag " + records);
        }
    }

    @Test
    void savesAndLoadsAreReportedWithTheBytesOfTheSavedRecords() {
        Recording observer = new Recording();
        Change change = Change.set("ws-1", Widget.of("w1", 1), T0);
        try (KafkaStore store = Brokers.storeOnFreshTopic("observed").entityTypes(TestEntities.registry())
                .observer(observer).build()) {
            store.save(Changes.of(change));
            store.load("ws-1");
        }

        assertThat(observer.events).containsExactly("save 1", "load ws-1 1 -1");
        byte[] value = WireFormat.create(TestEntities.registry()).encode(change);
        byte[] key = RecordKeys.encode("ws-1", "widget", "w1");
        assertThat(observer.savedBytes).isEqualTo(key.length + value.length);
    }

    @Test
    void aLocalStateReportsHowManyRecordsEachCatchUpFoundItLacking(@TempDir Path state) {
        Recording observer = new Recording();
        try (KafkaStore store = Brokers.storeOnFreshTopic("observed-state").entityTypes(TestEntities.registry())
                .localState(state).observer(observer).build()) {
            store.save(Changes.of(Change.set("ws-1", Widget.of("w1", 1), T0),
                    Change.set("ws-1", Widget.of("w2", 1), T0)));
            store.save(Changes.of(Change.set("ws-1", Widget.of("w1", 2), T0.plusSeconds(1))));
            store.load("ws-1");
            store.load("ws-1");
        }

        assertThat(observer.events).containsExactly("save 2", "save 1", "lag 3", "load ws-1 2 -1", "lag 0",
                "load ws-1 2 -1");
    }
}
