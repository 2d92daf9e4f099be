package org.workspaceengine.persistence.union;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.union.SegmentLines.Cursor;

/**
 * Reads the next batch of a {@link FileBacklog}'s segments on a thread of its own while the member saves the current
 * one, so that reading and decoding a backlog after a restart overlaps with delivering it. It reads through channels
 * of its own (a delivered segment deleted meanwhile stays readable through an open channel, and nothing it reads is
 * delivered yet). A batch read ahead is used only if it starts where the next delivery does; a failure to read it
 * ahead is left to the synchronous read, which reports it.
 *
 * <p>Used by the backlog's one deliverer thread; the thread is created on first use and ends on {@link #close()}.
 */
final class ReadAhead implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    /** Changes read ahead from {@code from}, and where reading resumes after them. */
    record Result(long from, List<Change> changes, Cursor after) {
    }

    private final SegmentLines.Source source;
    private final LongFunction<Path> segmentFiles;
    private final String name;
    private ExecutorService executor;
    private CompletableFuture<Result> pending;
    private long pendingFrom = -1;

    /**
     * @param source the backlog: segment ends and decoding (its channel is not used)
     * @param segmentFiles the file of a segment, by the number of its first change
     */
    ReadAhead(SegmentLines.Source source, LongFunction<Path> segmentFiles, String name) {
        this.source = source;
        this.segmentFiles = segmentFiles;
        this.name = name;
    }

    /** Starts reading the changes {@code from} up to {@code to}, from {@code at}, in the background. */
    void start(long from, long to, Cursor at) {
        cancel();
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
        pendingFrom = from;
        pending = CompletableFuture.supplyAsync(() -> read(from, to, at), executor);
    }

    /** What was read ahead from {@code from}, waiting for it if it is still being read; null if nothing was. */
    Result take(long from) {
        CompletableFuture<Result> future = pending;
        long futureFrom = pendingFrom;
        pending = null;
        pendingFrom = -1;
        if (future == null) {
            return null;
        }
        if (futureFrom != from) {
            future.cancel(false);
            return null;
        }
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            LOG.debug("reading a backlog ahead failed; reading it again", e);
            return null;
        }
    }

    /** Stops the thread; a read in progress ends on its own. */
    @Override
    public void close() {
        cancel();
        if (executor != null) {
            executor.shutdown();
        }
    }

    private void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
            pendingFrom = -1;
        }
    }

    private Result read(long from, long to, Cursor at) {
        try (Channels channels = new Channels()) {
            List<Change> changes = new ArrayList<>((int) Math.min(to - from, 4096));
            Cursor after = SegmentLines.read(channels, at, from, to, changes);
            return new Result(from, changes, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The backlog as a source, but reading through channels of its own. */
    private final class Channels implements SegmentLines.Source, AutoCloseable {
        private final Map<Long, FileChannel> open = new HashMap<>();

        @Override
        public FileChannel channel(long segment) throws IOException {
            FileChannel channel = open.get(segment);
            if (channel == null) {
                Path file = segmentFiles.apply(segment);
                if (file == null) {
                    throw new IOException("segment of change " + segment + " is gone");
                }
                channel = FileChannel.open(file, StandardOpenOption.READ);
                open.put(segment, channel);
            }
            return channel;
        }

        @Override
        public long segmentEnd(long segment) {
            return source.segmentEnd(segment);
        }

        @Override
        public Change decode(byte[] bytes, int offset, int length, long segment, long number) {
            return source.decode(bytes, offset, length, segment, number);
        }

        @Override
        public void close() throws IOException {
            for (FileChannel channel : open.values()) {
                channel.close();
            }
        }
    }
}
