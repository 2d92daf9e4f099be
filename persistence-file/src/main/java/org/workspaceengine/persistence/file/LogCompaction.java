package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Compaction;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.file.LogScan.Winner;

/**
 * The compaction of one namespace file: scans a snapshot of it, writes its latest line per entity (dropping deletion
 * markers older than the retention) to a temporary file in file order, and has the log swap that file in with
 * whatever was saved meanwhile. Saves go on during the scan and the copy.
 */
final class LogCompaction {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LogCompaction.class);
    }

    private final NamespaceLog log;
    private final StoreConfig config;

    LogCompaction(NamespaceLog log, StoreConfig config) {
        this.log = log;
        this.config = config;
    }

    /**
     * Compacts the file.
     *
     * @param minRatio rewrite only if lines per entity reach this ratio (0: always, when anything would shrink)
     * @return the file before and after, as this compaction counted it
     */
    Compaction run(ProgressListener progress, double minRatio) throws IOException {
        long start = System.nanoTime();
        NamespaceLog.Snapshot snapshot = log.snapshot(true);
        long length = snapshot == null ? 0 : snapshot.length();
        ProgressListener.Task task = new ProgressListener.Task("compact", log.namespace(),
                ProgressListener.Unit.BYTES, length);
        progress.onStart(task);
        if (snapshot == null || length == 0) {
            if (snapshot != null) {
                log.recordCounts(snapshot, 0, 0);
                snapshot.channel().close();
            }
            progress.onEnd(task, 0);
            StorageStats empty = new StorageStats(log.namespace(), 0, 0, 0, 0);
            return new Compaction(empty, empty);
        }
        try {
            return compact(snapshot, task, progress, minRatio, start);
        } finally {
            snapshot.channel().close();
        }
    }

    private Compaction compact(NamespaceLog.Snapshot snapshot, ProgressListener.Task task, ProgressListener progress,
                               double minRatio, long start) throws IOException {
        long length = snapshot.length();
        LogProblems.Reading problems = LogProblems.reading(log.path(), config.lenient());
        LogScan scan = new LogScan(log.namespace(), log.path(), config, problems, task, progress);
        long lines = scan.read(snapshot.channel(), length);
        problems.finish(log.namespace());
        WinnerTable latest = scan.latest;
        int keys = latest.size();
        long unsets = latest.count(Winner::unset);
        StorageStats before = new StorageStats(log.namespace(), scan.records, length, keys - unsets, unsets);
        if (config.unsetRetention() != null) {
            Instant horizon = config.clock().instant().minus(config.unsetRetention());
            latest.removeIf(winner -> winner.unset() && winner.timestamp().isBefore(horizon));
        }
        List<Winner> winners = latest.inReplayOrder();
        boolean shrinks = winners.size() < lines || !problems.rejected.isEmpty();
        if (!shrinks || (minRatio > 0 && lines < minRatio * Math.max(1, keys))) {
            log.recordCounts(snapshot, lines, keys);
            progress.onEnd(task, length);
            return new Compaction(before, before);
        }
        long written;
        try (FileChannel temp = config.files().createReplacement(log.tempPath(), log.path())) {
            written = writeLines(snapshot.channel(), temp, winners);
            log.swap(snapshot, temp, written, problems.rejected, winners.size());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(log.tempPath());
            throw e;
        }
        Log.LOG.info("compacted {}: {} lines to {} ({} bytes before)", log.path(), lines, winners.size(), length);
        config.observer().onCompaction(log.namespace(), length, written, System.nanoTime() - start);
        progress.onEnd(task, length);
        long unsetsKept = unsets - (keys - winners.size());
        return new Compaction(before, new StorageStats(log.namespace(), winners.size(), written, keys - unsets,
                unsetsKept));
    }

    /**
     * Copies the winning lines to {@code temp} in file order: a filter of the file that keeps every line as stored.
     * Loading gives the same result as in replay order, since ties keep their file order either way.
     */
    private static long writeLines(FileChannel source, FileChannel temp, List<Winner> winners) throws IOException {
        List<Winner> inFileOrder = new ArrayList<>(winners);
        inFileOrder.sort(Comparator.comparingLong(Winner::offset));
        RangeReader ranges = new RangeReader(source);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long position = 0;
        for (Winner winner : inFileOrder) {
            ByteBuffer line = ranges.read(winner.offset(), winner.length());
            if (line.remaining() + 1 > buffer.remaining()) {
                buffer.flip();
                position += FileIo.writeFully(temp, buffer, position);
                buffer.clear();
            }
            if (line.remaining() + 1 > buffer.capacity()) {
                position += FileIo.writeFully(temp, line, position);
                position += FileIo.writeFully(temp, ByteBuffer.wrap(new byte[] {'\n'}), position);
            } else {
                buffer.put(line).put((byte) '\n');
            }
        }
        buffer.flip();
        position += FileIo.writeFully(temp, buffer, position);
        return position;
    }
}
