package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.ProgressListener.Task;
import org.workspaceengine.persistence.ProgressListener.Unit;

class ProgressReporterTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private long now;

    private ProgressReporter reporter(boolean terminal) {
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new ProgressReporter(new Io(new ByteArrayInputStream(new byte[0]), stream, stream, terminal,
                () -> now));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickWorkPrintsNothingWhenNotATerminal() {
        ProgressReporter progress = reporter(false);
        Task task = new Task("copy", "ws", Unit.CHANGES, 10);
        progress.onStart(task);
        now += 1_000_000;
        progress.onBatch(task, 5);
        progress.onEnd(task, 10);

        assertThat(err()).isEmpty();
    }

    @Test
    void longWorkPrintsALineEachIntervalAndAtTheEnd() {
        ProgressReporter progress = reporter(false);
        Task task = new Task("copy", "ws", Unit.CHANGES, 4000);
        progress.onStart(task);
        for (int done = 1000; done <= 4000; done += 1000) {
            now += ProgressReporter.LINE_INTERVAL_NANOS / 2;
            progress.onBatch(task, done);
        }
        progress.onEnd(task, 4000);

        assertThat(err()).isEqualTo("copy ws: 2,000/4,000 changes (50%), 1,000 changes/s, 2 s left\n"
                + "copy ws: 4,000/4,000 changes (100%), 1,000 changes/s\n"
                + "copy ws: done, 4,000 changes in 4.0 s, 1,000 changes/s\n");
    }

    @Test
    void unknownTotalPrintsCountsOnly() {
        ProgressReporter progress = reporter(false);
        Task task = new Task("load", "ws", Unit.BYTES, -1);
        progress.onStart(task);
        now += ProgressReporter.LINE_INTERVAL_NANOS;
        progress.onBatch(task, 123);

        assertThat(err()).isEqualTo("load ws: 123 bytes, 61 bytes/s\n");
    }

    @Test
    void terminalRedrawsABarInPlace() {
        ProgressReporter progress = reporter(true);
        Task task = new Task("copy", "ws", Unit.CHANGES, 10);
        progress.onStart(task);
        now += ProgressReporter.LINE_INTERVAL_NANOS;
        progress.onBatch(task, 5);
        progress.onEnd(task, 10);

        assertThat(err()).isEqualTo("\rcopy ws [------------------------------] 0/10 changes (0%)"
                + "\rcopy ws [###############---------------] 5/10 changes (50%), 2 changes/s, 2 s left"
                + "\rcopy ws [##############################] 10/10 changes (100%), 5 changes/s        \n");
    }

    @Test
    void storageIsCountedInDecimalUnitsWithRateAndTimeLeft() {
        Task task = new Task("load", "ws", Unit.BYTES, 30_400_000);

        assertThat(ProgressReporter.amount(task, 12_300_000, 1_000_000_000L))
                .isEqualTo("12.3/30.4 MB (40%), 12.3 MB/s, 1 s left");
        assertThat(ProgressReporter.amount(new Task("load", "ws", Unit.BYTES, 3_000_000_000L), 1_000_000_000L,
                200_000_000_000L)).isEqualTo("1.0/3.0 GB (33%), 5.0 MB/s, 6 min 40 s left");
        assertThat(ProgressReporter.amount(new Task("load", "ws", Unit.RECORDS, -1), 1_234_567, 100_000_000L))
                .isEqualTo("1,234,567 records");
    }
}
