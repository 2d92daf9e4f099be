package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.NamespaceStats;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.VerificationReport.Problem;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class InspectionTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    private FileStore open() {
        return FileStore.builder(dir).entityTypes(TestEntities.registry()).disableAutoCompaction().build();
    }

    @Test
    void statsCountLinesBytesLiveEntitiesAndUnsetMarkers() throws Exception {
        try (FileStore store = open()) {
            for (int version = 0; version < 3; version++) {
                store.save(Changes.builder("ns").set(Widget.of("w1", version), T0.plusSeconds(version)).build());
            }
            store.save(Changes.builder("ns").set(Widget.of("w2", 1), T0).unset(Widget.of("w3", 1), T0).build());

            NamespaceStats stats = store.stats("ns");

            assertThat(stats).isEqualTo(new NamespaceStats("ns", 5, Files.size(dir.resolve("ns.jsonl")), 2, 1));
            assertThat(stats.garbageRatio()).isEqualTo(5.0 / 3);
        }
    }

    @Test
    void statsOfAnUnknownNamespaceAreZero() {
        try (FileStore store = open()) {
            assertThat(store.stats("nothing")).isEqualTo(new NamespaceStats("nothing", 0, 0, 0, 0));
        }
    }

    @Test
    void statsIncludeLinesStillBufferedInMemory() {
        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry())
                .durability(Durability.NONE).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());

            assertThat(store.stats("ns").records()).isEqualTo(1);
        }
    }

    @Test
    void verifyOfACleanNamespaceFindsNothing() {
        try (FileStore store = open()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).unset(Widget.of("w2", 1), T0).build());

            VerificationReport report = store.verify("ns");

            assertThat(report.isClean()).isTrue();
            assertThat(report.records()).isEqualTo(2);
        }
    }

    @Test
    void verifyReportsEveryCorruptLineAndATornTailWithTheirLineNumbers() throws Exception {
        try (FileStore store = open()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }
        Path file = dir.resolve("ns.jsonl");
        String good = Files.readString(file);
        Files.writeString(file, "{not json\n" + good + good.replace("\"version\":1", "\"version\":\"many\"")
                + "\n" + good + "{\"namespace\":\"ns\",\"chan", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true).build()) {
            VerificationReport report = store.verify("ns");

            assertThat(report.records()).isEqualTo(6);
            assertThat(report.problems()).extracting(Problem::position, Problem::kind).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, Kind.CORRUPT),
                    org.assertj.core.groups.Tuple.tuple(4L, Kind.CORRUPT),
                    org.assertj.core.groups.Tuple.tuple(7L, Kind.TORN));
            assertThat(report.problems().get(0).location()).endsWith("ns.jsonl");
            assertThat(report.problems().get(0).description()).contains("malformed JSON", "{not json");
            assertThat(report.problems().get(1).description()).contains("widget/w1");
        }
    }

    @Test
    void aReadOnlyStoreInspectsADirectoryThatAWriterHolds() {
        try (FileStore writer = open()) {
            writer.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());

            try (FileStore reader = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true)
                    .build()) {
                assertThat(reader.stats("ns").liveEntities()).isEqualTo(1);
                assertThat(reader.verify("ns").isClean()).isTrue();
            }
        }
    }
}
