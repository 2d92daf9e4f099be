package org.workspaceengine.persistence.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints measurements side by side: each case with its median, throughput, spread and its time relative to a
 * named baseline measured in the same run (a ratio above 1 means slower than the baseline).
 */
public final class ResultTable {

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    /** An empty table titled {@code title}. */
    public ResultTable(String title) {
        this.title = title;
    }

    /** Adds {@code measurement} as a baseline row. */
    public ResultTable baseline(Measurement measurement) {
        rows.add(new Row(measurement, null));
        return this;
    }

    /** Adds {@code measurement} compared with {@code baseline}. */
    public ResultTable compare(Measurement measurement, Measurement baseline) {
        rows.add(new Row(measurement, baseline));
        return this;
    }

    /** Prints the table. */
    public void print(PrintStream out) {
        out.println();
        out.println("## " + title);
        out.println();
        out.println("| case | median ms | units/s | min..max ms | time vs baseline |");
        out.println("|---|---:|---:|---:|---:|");
        for (Row row : rows) {
            Measurement m = row.measurement();
            String ratio = row.baseline() == null ? "baseline"
                    : String.format(Locale.ROOT, "%.2fx %s", (double) m.medianNanos() / row.baseline().medianNanos(),
                            row.baseline().name());
            out.printf(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f..%.1f | %s |%n", m.name(), m.medianMillis(),
                    m.unitsPerSecond(), m.minNanos() / 1e6, m.maxNanos() / 1e6, ratio);
        }
        out.flush();
    }

    private record Row(Measurement measurement, Measurement baseline) {
    }
}
