package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class LoadProgressTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path directory;

    /** Every call, as text, in order. */
    private static final class Recorder implements ProgressListener {
        final List<String> events = new ArrayList<>();
        final List<Long> decoded = new ArrayList<>();

        @Override
        public void onStart(Task task) {
            events.add("start " + task.operation() + " " + task.unit() + " " + task.expectedTotal());
        }

        @Override
        public void onBatch(Task task, long completed) {
            if (task.operation().equals("decode")) {
                decoded.add(completed);
            }
        }

        @Override
        public void onEnd(Task task, long completed) {
            events.add("end " + task.operation() + " " + completed);
        }
    }

    @Test
    void aLoadReportsTheScanAndThenTheDecodingOfTheWinners() {
        int entities = 5_000;
        try (FileStore store = FileStore.builder(directory).entityTypes(TestEntities.registry())
                .durability(Durability.FLUSH).build()) {
            for (int version = 0; version < 2; version++) {
                ChangesBuilder changes = Changes.builder("ns");
                for (int e = 0; e < entities; e++) {
                    changes.set(Widget.of("w" + e, version), T0.plusSeconds(version));
                }
                store.save(changes.build());
            }
            long bytes = store.storageStats("ns").bytes();
            Recorder recorder = new Recorder();

            assertThat(store.load("ns", recorder)).hasSize(entities);

            assertThat(recorder.events).containsExactly("start load BYTES " + bytes, "end load " + bytes,
                    "start decode CHANGES " + entities, "end decode " + entities);
            assertThat(recorder.decoded).isNotEmpty().isSorted().last().isEqualTo((long) entities);
        }
    }
}
