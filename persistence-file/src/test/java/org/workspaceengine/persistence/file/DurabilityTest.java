package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Unserializable;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class DurabilityTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path directory;

    private FileStore open(Durability durability) {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).durability(durability).build();
    }

    private FileStore reader() {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).readOnly(true).build();
    }

    private static Changes widget(int i) {
        return Changes.builder("ns").set(Widget.of("w" + i, i), T0.plusSeconds(i)).build();
    }

    @Test
    void flushedSavesAreVisibleToAnotherReaderAtOnce() {
        try (FileStore store = open(Durability.FLUSH); FileStore reader = reader()) {
            store.save(widget(1));
            assertThat(reader.load("ns")).hasSize(1);
        }
    }

    @Test
    void bufferedSavesReachTheFileOnLoadAndClose() {
        try (FileStore reader = reader()) {
            try (FileStore store = open(Durability.NONE)) {
                store.save(widget(1));
                assertThat(reader.load("ns")).as("still in the writer's buffer").isEmpty();
                assertThat(store.load("ns")).hasSize(1);
                assertThat(reader.load("ns")).as("a load hands the buffer to the OS").hasSize(1);
                store.save(widget(2));
            }
            assertThat(reader.load("ns")).as("close writes the buffer").hasSize(2);
        }
    }

    @Test
    void bufferedSavesLargerThanTheBufferGoStraightToTheFile() {
        try (FileStore store = open(Durability.NONE); FileStore reader = reader()) {
            var changes = Changes.builder("ns");
            for (int i = 0; i < 1000; i++) {
                changes.set(Widget.of("w" + i, i), T0);
            }
            store.save(changes.build());
            assertThat(reader.load("ns")).hasSize(1000);
        }
    }

    @Test
    void concurrentFsyncSavesShareFsyncs() throws Exception {
        int writers = 8;
        int rounds = 40;
        try (FileStore store = open(Durability.FSYNC)) {
            store.save(widget(-1)); // creates the file
            long before = store.logOf("ns").fsyncs();
            CyclicBarrier together = new CyclicBarrier(writers);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        for (int round = 0; round < rounds; round++) {
                            together.await(60, TimeUnit.SECONDS);
                            store.save(widget(writer * rounds + round));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            long fsyncs = store.logOf("ns").fsyncs() - before;
            assertThat(fsyncs).as("fsyncs for %d saves", writers * rounds).isBetween(1L, writers * rounds - 1L);
            assertThat(store.logOf("ns").savesComing()).isZero();
        }
        try (FileStore reopened = open(Durability.FSYNC)) {
            assertThat(reopened.load("ns")).hasSize(writers * rounds + 1);
        }
    }

    @Test
    void aSaveThatCannotBeEncodedLeavesNoSaveForAnFsyncToWaitFor() {
        EntityTypes types = TestEntities.registry().register(TestEntities.UNSERIALIZABLE, Unserializable.class);
        try (FileStore store = FileStore.builder(directory).entityTypes(types).durability(Durability.FSYNC).build()) {
            store.save(widget(1));
            Changes bad = Changes.builder("ns").set(Widget.of("w2", 2), T0).set(new Unserializable("x"), T0).build();

            assertThatThrownBy(() -> store.save(bad)).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("unserializable/x");
            assertThat(store.logOf("ns").savesComing()).isZero();
            assertThat(store.load("ns")).extracting(change -> change.entityId()).containsExactly("w1");
        }
    }

    @Test
    void interruptedSaverFailsButTheStoreKeepsWorking() throws Exception {
        try (FileStore store = open(Durability.FSYNC)) {
            store.save(widget(1));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    store.save(widget(2));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            interrupted.start();
            interrupted.join(60_000);

            assertThat(failure.get()).isInstanceOf(PersistenceException.class);
            store.save(widget(3));
            assertThat(store.load("ns")).extracting(change -> change.entityId()).contains("w1", "w3");
        }
        try (FileStore reopened = open(Durability.FSYNC)) {
            assertThat(reopened.load("ns")).extracting(change -> change.entityId()).contains("w1", "w3");
        }
    }

    @Test
    void closedStoreRefusesEverythingAndReleasesTheDirectory() {
        FileStore store = open(Durability.FSYNC);
        store.save(widget(1));
        store.close();
        assertThatThrownBy(() -> store.save(widget(2))).hasMessageContaining("closed");
        try (FileStore again = open(Durability.FSYNC)) {
            assertThat(again.load("ns")).hasSize(1);
        }
    }
}
