package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.StorageStats;
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
        return FileStore.builder(dir).entityTypes(TestEntities.registry()).autoCompaction(false).build();
    }

    @Test
    void statsCountLinesBytesLiveEntitiesAndUnsetMarkers() throws Exception {
        try (FileStore store = open()) {
            for (int version = 0; version < 3; version++) {
                store.save(Changes.builder("ns").set(Widget.of("w1", version), T0.plusSeconds(version)).build());
            }
            store.save(Changes.builder("ns").set(Widget.of("w2", 1), T0).unset(Widget.of("w3", 1), T0).build());

            StorageStats stats = store.storageStats("ns");

            assertThat(stats).isEqualTo(new StorageStats("ns", 5, Files.size(dir.resolve("ns.jsonl")), 2, 1));
            assertThat(stats.garbageRatio()).isEqualTo(5.0 / 3);
        }
    }

    @Test
    void statsOfAnUnknownNamespaceAreZero() {
        try (FileStore store = open()) {
            assertThat(store.storageStats("nothing")).isEqualTo(new StorageStats("nothing", 0, 0, 0, 0));
        }
    }

    @Test
    void statsIncludeLinesStillBufferedInMemory() {
        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry())
                .durability(Durability.NONE).build()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());

            assertThat(store.storageStats("ns").records()).isEqualTo(1);
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
        String laterBad = good.replace("\"version\":1", "\"version\":\"many\"").replace("12:00:00Z", "12:00:09Z");
        String otherNamespace = good.replace("\"namespace\":\"ns\"", "\"namespace\":\"elsewhere\"");
        Files.writeString(file, "{not json\n" + good + laterBad + "\n" + otherNamespace + good
                + "{\"namespace\":\"ns\",\"chan", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true).build()) {
            VerificationReport report = store.verify("ns");

            assertThat(report.records()).isEqualTo(7);
            assertThat(report.problems()).extracting(Problem::position, Problem::kind).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, Kind.CORRUPT),
                    org.assertj.core.groups.Tuple.tuple(4L, Kind.CORRUPT), // w1's winner, whose entity does not fit
                    org.assertj.core.groups.Tuple.tuple(6L, Kind.CORRUPT),
                    org.assertj.core.groups.Tuple.tuple(8L, Kind.TORN));
            assertThat(report.isClean()).isFalse();
            assertThat(report.problems().get(0).location()).endsWith("ns.jsonl");
            assertThat(report.problems().get(0).description()).contains("malformed JSON", "{not json");
            assertThat(report.problems().get(1).description()).contains("widget/w1");
            assertThat(report.problems().get(2).description()).contains("namespace 'elsewhere'");
        }
    }

    @Test
    void aTornLastLineIsReportedButLeavesTheNamespaceClean() throws Exception {
        try (FileStore store = open()) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        }
        Files.writeString(dir.resolve("ns.jsonl"), "{\"namespace\":\"ns\",\"chan", StandardOpenOption.APPEND);

        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true).build()) {
            VerificationReport report = store.verify("ns");

            assertThat(report.isClean()).isTrue();
            assertThat(report.problems()).singleElement().extracting(Problem::kind).isEqualTo(Kind.TORN);
            assertThat(store.load("ns")).hasSize(1);
        }
    }

    @Test
    void aLineLongerThanTheLimitIsCorruptForVerifyAsForLoad() throws Exception {
        Path file = dir.resolve("ns.jsonl");
        try (var out = Files.newOutputStream(file)) {
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i <= FileStore.MAX_LINE_BYTES >> 20; i++) {
                out.write(chunk);
            }
            out.write('\n');
        }

        try (FileStore store = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true).build()) {
            VerificationReport report = store.verify("ns");

            assertThat(report.isClean()).isFalse();
            assertThat(report.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.position()).isEqualTo(1);
                assertThat(problem.description()).contains("more than the " + FileStore.MAX_LINE_BYTES);
            });
            assertThat(store.storageStats("ns").records()).isEqualTo(1);
            assertThatThrownBy(() -> store.load("ns")).hasMessageContaining("ns.jsonl line 1")
                    .hasMessageContaining("more than the " + FileStore.MAX_LINE_BYTES);
        }
    }

    @Test
    void aReadOnlyStoreInspectsADirectoryThatAWriterHolds() {
        try (FileStore writer = open()) {
            writer.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());

            try (FileStore reader = FileStore.builder(dir).entityTypes(TestEntities.registry()).readOnly(true)
                    .build()) {
                assertThat(reader.storageStats("ns").liveEntities()).isEqualTo(1);
                assertThat(reader.verify("ns").isClean()).isTrue();
            }
        }
    }
}
