package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The durable backlog on its own, with small segments and cache so that every path is taken: order across segments,
 * the cache and reopening; a crash's torn line and lost checkpoint; damaged lines; the limit; deletion of what was
 * delivered.
 */
class FileBacklogTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final WireFormat WIRE = WireFormat.create(TestEntities.registry());
    private static final long SEGMENT_BYTES = 4_096;
    private static final long CACHE_BYTES = 2_048;

    @TempDir
    Path directory;
    private int made;

    private FileBacklog open(long limit) {
        return FileBacklog.open(directory, "member", WIRE, WIRE, limit, SEGMENT_BYTES, CACHE_BYTES);
    }

    private Changes changes(int count) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = made++;
            changes.add(Change.set("ns-" + n % 3, Widget.of("w" + n % 17, n), T0.plusMillis(n)));
        }
        return Changes.of(changes);
    }

    /** Delivers everything pending in batches of {@code batch}; returns what was handed out. */
    private static List<Change> drain(FileBacklog backlog, int batch) {
        List<Change> delivered = new ArrayList<>();
        while (true) {
            MemberBacklog.Batch next = backlog.next(batch);
            if (next.isEmpty()) {
                return delivered;
            }
            delivered.addAll(next.changes());
            backlog.delivered(next);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @Test
    void namespaceDeletionsAreKeptInOrderWithChangesAcrossAReopenAndTakenPastTheLimit() {
        String odd = "tenant \"1\" \u00e9\u2028\ud83d\ude00";
        Changes before = changes(2);
        try (FileBacklog backlog = open(3)) {
            assertThat(backlog.append(before)).isTrue();
            assertThat(backlog.append(NamespaceDeletionMark.of(odd))).isTrue();
            assertThat(backlog.append(changes(1))).isFalse();
            assertThat(backlog.append(NamespaceDeletionMark.of("ns-1"))).as("past the limit").isTrue();
        }

        try (FileBacklog reopened = open(3)) {
            assertThat(reopened.pending()).isEqualTo(4);
            assertThat(reopened.pendingDeletions()).containsExactly(odd, "ns-1");
            List<Change> delivered = drain(reopened, 10);
            assertThat(delivered.subList(0, 2)).containsExactlyElementsOf(before);
            assertThat(delivered.subList(2, 4)).allMatch(NamespaceDeletionMark::is)
                    .extracting(Change::namespace).containsExactly(odd, "ns-1");
            assertThat(reopened.pendingDeletions()).isEmpty();
        }
    }

    @Test
    void changesComeBackInTheOrderTheyWereAppendedAcrossSegmentsTheCacheAndReopens() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Change> appended = new ArrayList<>();
        List<Change> delivered = new ArrayList<>();
        FileBacklog backlog = open(1_000_000);
        try {
            for (int step = 0; step < 400; step++) {
                int action = random.nextInt(10);
                if (action < 5) {
                    Changes batch = changes(1 + random.nextInt(20));
                    assertThat(backlog.append(batch)).isTrue();
                    appended.addAll(batch.asList());
                } else if (action < 9) {
                    MemberBacklog.Batch next = backlog.next(1 + random.nextInt(30));
                    delivered.addAll(next.changes());
                    backlog.delivered(next);
                } else {
                    backlog.close();
                    backlog = open(1_000_000);
                }
                assertThat(backlog.pending()).as("seed %d, step %d", seed, step)
                        .isEqualTo(appended.size() - delivered.size());
            }
            delivered.addAll(drain(backlog, 7));
        } finally {
            backlog.close();
        }
        assertThat(delivered).as("seed %d", seed).containsExactlyElementsOf(appended);
    }

    @Test
    void afterACrashDeliveryResumesAtTheCheckpointAndATornLastLineIsCut() throws Exception {
        FileBacklog crashed = open(1_000);
        List<Change> appended = new ArrayList<>(changes(50).asList());
        crashed.append(Changes.of(appended));
        // A batch may be shorter than asked (it ends where the cache of appended changes ends).
        MemberBacklog.Batch first = crashed.next(10);
        crashed.delivered(first);
        Thread.sleep(250); // checkpoints are written at most every 200 ms: this one is
        MemberBacklog.Batch second = crashed.next(10);
        crashed.delivered(second);
        crashed.delivered(crashed.next(10)); // too soon: not checkpointed, delivered again after the crash
        int checkpointed = (int) (second.first() + second.count());
        Path last = segments().get(segments().size() - 1);
        Files.writeString(last, "{\"namespace\":\"ns-0\",\"changeType\":\"se", StandardOpenOption.APPEND);

        // The process dies: crashed is never closed. The next process opens the backlog.
        FileBacklog reopened = open(1_000);
        try {
            assertThat(reopened.pending()).isEqualTo(50 - checkpointed);
            assertThat(Files.readString(last)).endsWith("}\n");
            assertThat(Files.readAllLines(last)).hasSize(50);
            assertThat(drain(reopened, 8)).containsExactlyElementsOf(appended.subList(checkpointed, 50));
        } finally {
            reopened.close();
        }
    }

    @Test
    void deliveredSegmentsAreDeletedAndAnEmptiedBacklogLeavesNone() throws Exception {
        FileBacklog backlog = open(1_000_000);
        try {
            for (int i = 0; i < 20; i++) {
                backlog.append(changes(10));
            }
            assertThat(segments()).hasSizeGreaterThan(2);

            drain(backlog, 1_000);

            assertThat(segments()).isEmpty();
            assertThat(backlog.pending()).isZero();
            backlog.append(changes(3));
            assertThat(segments()).singleElement().satisfies(segment ->
                    assertThat(segment.getFileName().toString()).isEqualTo("changes-00000000000000000200.jsonl"));
        } finally {
            backlog.close();
        }
        assertThat(new BacklogCheckpoint(directory.resolve(FileBacklog.CHECKPOINT_FILE)).read()).isEqualTo(200);
    }

    @Test
    void aDamagedLineIsSkippedAndEveryOtherChangeDelivered() throws Exception {
        FileBacklog backlog = open(1_000);
        List<Change> appended = new ArrayList<>(changes(5).asList());
        backlog.append(Changes.of(appended));
        backlog.close();
        Path segment = segments().get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(segment, StandardCharsets.UTF_8));
        lines.set(2, "not json at all");
        Files.write(segment, lines, StandardCharsets.UTF_8);

        FileBacklog reopened = open(1_000);
        try {
            MemberBacklog.Batch batch = reopened.next(100);
            assertThat(batch.count()).isEqualTo(5);
            assertThat(batch.changes()).containsExactly(appended.get(0), appended.get(1), appended.get(3),
                    appended.get(4));
            reopened.delivered(batch);
            assertThat(reopened.pending()).isZero();
        } finally {
            reopened.close();
        }
    }

    @Test
    void anAppendThatWouldPassTheLimitIsRefusedWhole() {
        FileBacklog backlog = open(5);
        try {
            assertThat(backlog.append(changes(3))).isTrue();
            assertThat(backlog.append(changes(3))).isFalse();
            assertThat(backlog.pending()).isEqualTo(3);
            assertThat(backlog.append(changes(2))).isTrue();
            assertThat(backlog.pending()).isEqualTo(5);
        } finally {
            backlog.close();
        }
    }

    @Test
    void pendingInCountsABacklogWithoutChangingIt() throws Exception {
        FileBacklog backlog = open(1_000);
        backlog.append(changes(30));
        MemberBacklog.Batch batch = backlog.next(12);
        backlog.delivered(batch);
        backlog.close();
        Path last = segments().get(segments().size() - 1);
        Files.writeString(last, "{\"torn", StandardOpenOption.APPEND);
        long size = Files.size(last);

        assertThat(FileBacklog.pendingIn(directory)).isEqualTo(30 - batch.count());
        assertThat(Files.size(last)).isEqualTo(size);
        assertThat(FileBacklog.pendingIn(directory.resolve("missing"))).isZero();
    }

    @Test
    void aCheckpointIsReplacedWholeAndAStaleTemporaryFileIsIgnored() throws Exception {
        Path file = directory.resolve("delivered");
        BacklogCheckpoint checkpoint = new BacklogCheckpoint(file);
        assertThat(checkpoint.read()).isEqualTo(-1);
        checkpoint.write(42);
        Files.writeString(directory.resolve("delivered.tmp"), "1\n99"); // a crash while writing the next one

        assertThat(checkpoint.read()).isEqualTo(42);
        assertThat(Files.readString(file)).isEqualTo("1\n42\n");
        checkpoint.deleteStaleTemp();
        assertThat(directory.resolve("delivered.tmp")).doesNotExist();
        Files.writeString(file, "7\n42\n");
        assertThatThrownBy(checkpoint::read).isInstanceOf(IOException.class).hasMessageContaining("version");
    }
}
