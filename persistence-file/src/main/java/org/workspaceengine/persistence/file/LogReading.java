package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.file.LogScan.Winner;

/**
 * The reads of one namespace file: a load ({@link LogScan}, then {@link WinnerReader} for the winners), and the
 * inspections that run the same two steps on the whole file as it is, recording problems instead of failing
 * (verification) or counting (statistics).
 */
final class LogReading {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LogReading.class);
    }

    private final NamespaceLog log;
    private final StoreConfig config;

    LogReading(NamespaceLog log, StoreConfig config) {
        this.log = log;
        this.config = config;
    }

    /** The latest change per entity, in replay order, deserializing only the winners. */
    Changes load(ProgressListener progress) {
        return scanAsLoad("load", progress, Changes.empty(), (snapshot, scan, problems) -> {
            List<Winner> winners = scan.latest.inReplayOrder();
            scan.latest.clear(); // free the key map before the entities are built
            // Decoding the winners is a phase of its own: on a large file it takes as long as the scan.
            ProgressListener.Task decoding = new ProgressListener.Task("decode", log.namespace(),
                    ProgressListener.Unit.CHANGES, winners.size());
            progress.onStart(decoding);
            List<Change> changes = new WinnerReader(log.namespace(), config, problems).read(snapshot.channel(),
                    winners, decoding, progress);
            progress.onEnd(decoding, winners.size());
            return Changes.of(changes);
        });
    }

    /**
     * What a load would return, counted: the load's own scan (a corrupt line fails it, or is skipped in lenient mode,
     * as in a load), then each winner's change type; no entity is deserialized.
     */
    EntityCounts count() {
        String namespace = log.namespace();
        return scanAsLoad("count", ProgressListener.NONE, new EntityCounts(namespace, 0, 0), (snapshot, scan, p) -> {
            long unsets = scan.latest.count(Winner::unset);
            return new EntityCounts(namespace, scan.latest.size() - unsets, unsets);
        });
    }

    /** What a load or a count makes of the winners of its scan. */
    @FunctionalInterface
    private interface AfterScan<T> {
        T of(NamespaceLog.Snapshot snapshot, LogScan scan, LogProblems.Reading problems) throws IOException;
    }

    /**
     * The scan a load runs (on the file up to its last whole line, a corrupt line failing it or, in lenient mode,
     * skipped), then {@code after} of its winners; {@code ifNoFile} when there is no file.
     */
    private <T> T scanAsLoad(String operation, ProgressListener progress, T ifNoFile, AfterScan<T> after) {
        String namespace = log.namespace();
        Path path = log.path();
        try {
            NamespaceLog.Snapshot snapshot = log.snapshot(false);
            long length = snapshot == null ? 0 : snapshot.length();
            ProgressListener.Task task = new ProgressListener.Task(operation, namespace, ProgressListener.Unit.BYTES,
                    length);
            progress.onStart(task);
            if (snapshot == null) {
                progress.onEnd(task, 0);
                return ifNoFile;
            }
            try {
                LogProblems.Reading problems = LogProblems.reading(path, config.lenient());
                LogScan scan = new LogScan(namespace, path, config, problems, task, progress);
                long lines = scan.read(snapshot.channel(), length);
                progress.onEnd(task, length);
                int keys = scan.latest.size();
                T result = after.of(snapshot, scan, problems);
                problems.finish(namespace);
                if (problems.skipped > 0) {
                    Log.LOG.warn("{}: skipped {} corrupt line(s) in the {} of namespace '{}' (lenient mode)", path,
                            problems.skipped, operation, namespace);
                }
                log.recordCounts(snapshot, lines, keys);
                return result;
            } finally {
                snapshot.channel().close();
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + path + " (namespace '" + namespace + "'): " + e, e);
        }
    }

    /**
     * Reads the file exactly as a strict load does (the same scan, the same decoding of the winners), recording
     * each problem instead of failing: the report is clean exactly when a strict load succeeds. A last line without
     * newline that is not a complete change is reported as torn (a load ignores it). Repairs nothing.
     */
    VerificationReport verify() {
        String namespace = log.namespace();
        Path path = log.path();
        return inspect(new VerificationReport(namespace, 0, List.of()), snapshot -> {
            LogProblems.Recorded problems = LogProblems.recorded(path);
            LogScan scan = scanWhole(problems, snapshot);
            List<Winner> winners = scan.latest.inReplayOrder();
            ProgressListener.Task decoding = new ProgressListener.Task("verify", namespace,
                    ProgressListener.Unit.CHANGES, winners.size());
            new WinnerReader(namespace, config, problems).read(snapshot.channel(), winners, decoding,
                    ProgressListener.NONE);
            List<VerificationReport.Problem> inFileOrder = new ArrayList<>(problems.problems);
            inFileOrder.sort(Comparator.comparingLong(VerificationReport.Problem::position));
            return new VerificationReport(namespace, scan.records + problems.torn, inFileOrder);
        });
    }

    /** Lines, bytes, live entities and deletion markers, from the scan of a load (entities are not read). */
    StorageStats stats() {
        String namespace = log.namespace();
        Path path = log.path();
        return inspect(new StorageStats(namespace, 0, 0, 0, 0), snapshot -> {
            LogScan scan = scanWhole(LogProblems.recorded(path), snapshot);
            long unsets = scan.latest.count(Winner::unset);
            return new StorageStats(namespace, scan.records, snapshot.length(), scan.latest.size() - unsets, unsets);
        });
    }

    /** What an inspection reads of a snapshot of the whole file. */
    @FunctionalInterface
    private interface Inspection<T> {
        T of(NamespaceLog.Snapshot whole) throws IOException;
    }

    /** {@code inspection} of the whole file as it is, or {@code ifNoFile}. */
    private <T> T inspect(T ifNoFile, Inspection<T> inspection) {
        try {
            NamespaceLog.Snapshot snapshot = log.wholeFile();
            if (snapshot == null) {
                return ifNoFile;
            }
            try {
                return inspection.of(snapshot);
            } finally {
                snapshot.channel().close();
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + log.path() + " (namespace '" + log.namespace() + "'): "
                    + e, e);
        }
    }

    private LogScan scanWhole(LogProblems problems, NamespaceLog.Snapshot snapshot) throws IOException {
        ProgressListener.Task task = new ProgressListener.Task("verify", log.namespace(),
                ProgressListener.Unit.BYTES, snapshot.length());
        LogScan scan = new LogScan(log.namespace(), log.path(), config, problems, task, ProgressListener.NONE);
        scan.read(snapshot.channel(), snapshot.length());
        return scan;
    }
}
