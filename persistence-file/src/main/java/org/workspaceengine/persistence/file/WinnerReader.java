package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.file.LogScan.Winner;

/**
 * The second step of a load: reads the winning lines of a {@link LogScan} again, in file order, and deserializes
 * only them, in batches on the read pool when there are many. An entity that cannot be read goes to the
 * {@link LogProblems}.
 */
final class WinnerReader {

    /** How many winners one deserialization task takes. */
    private static final int WINNER_BATCH = 1024;

    private final StoreConfig config;
    private final LogProblems problems;

    WinnerReader(StoreConfig config, LogProblems problems) {
        this.config = config;
        this.problems = problems;
    }

    /**
     * The changes of {@code winners} (in replay order), read from {@code channel}; those that cannot be read left out.
     * Reports each batch decoded to {@code progress} as {@code task}, in changes.
     */
    List<Change> read(FileChannel channel, List<Winner> winners, ProgressListener.Task task,
                      ProgressListener progress) throws IOException {
        Change[] changes = new Change[winners.size()];
        readInto(channel, winners, changes, new Decoded(task, progress));
        List<Change> result = new ArrayList<>(changes.length);
        for (Change change : changes) {
            if (change != null) {
                result.add(change);
            }
        }
        return result;
    }

    /** Counts the winners decoded, for progress. */
    private static final class Decoded {
        final ProgressListener.Task task;
        final ProgressListener progress;
        long count;

        Decoded(ProgressListener.Task task, ProgressListener progress) {
            this.task = task;
            this.progress = progress;
        }

        void add(int winners) {
            count += winners;
            progress.onBatch(task, count);
        }
    }

    /** A winner whose entity could not be read. */
    private record Failure(Winner winner, CorruptDataException problem) {
    }

    /** What a batch did: how many winners it decoded, and those it could not. */
    private record Decoding(int winners, List<Failure> failures) {
    }

    /** The bytes of a batch of winners, to deserialize on a pool thread into their slots of the result. */
    private final class WinnerBatch implements Callable<Decoding> {
        final int[] indices = new int[WINNER_BATCH];
        final int[] starts = new int[WINNER_BATCH + 1];
        byte[] bytes = new byte[WINNER_BATCH * 384];
        int size;
        private final List<Winner> winners;
        private final Change[] changes;

        WinnerBatch(List<Winner> winners, Change[] changes) {
            this.winners = winners;
            this.changes = changes;
        }

        boolean isFull() {
            return size == WINNER_BATCH;
        }

        void add(int index, ByteBuffer line) {
            int length = line.remaining();
            int start = starts[size];
            if (start + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + length));
            }
            line.get(bytes, start, length);
            indices[size] = index;
            starts[++size] = start + length;
        }

        @Override
        public Decoding call() {
            List<Failure> failures = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                try {
                    changes[indices[k]] = config.wireFormat().decode(bytes, starts[k], starts[k + 1] - starts[k]);
                } catch (CorruptDataException e) {
                    failures.add(new Failure(winners.get(indices[k]), e));
                }
            }
            return new Decoding(size, failures);
        }
    }

    /** Deserializes the winners into {@code changes} (by their replay index), in batches read in file order. */
    private void readInto(FileChannel channel, List<Winner> winners, Change[] changes, Decoded decoded)
            throws IOException {
        Integer[] byOffset = new Integer[winners.size()];
        for (int i = 0; i < byOffset.length; i++) {
            byOffset[i] = i;
        }
        Arrays.sort(byOffset, Comparator.comparingLong(i -> winners.get(i).offset()));
        Executor executor = config.readPool().threads() > 1 && winners.size() > 2 * WINNER_BATCH
                ? config.readPool().executor() : null;
        ArrayDeque<Future<Decoding>> inFlight = new ArrayDeque<>();
        int maxInFlight = Math.max(2, config.readPool().threads() * 2);
        RangeReader ranges = new RangeReader(channel);
        try {
            WinnerBatch batch = new WinnerBatch(winners, changes);
            for (int index : byOffset) {
                Winner winner = winners.get(index);
                batch.add(index, ranges.read(winner.offset(), winner.length()));
                if (batch.isFull()) {
                    inFlight.add(submit(executor, batch));
                    batch = new WinnerBatch(winners, changes);
                    while (inFlight.size() >= maxInFlight) {
                        report(inFlight.removeFirst(), decoded);
                    }
                }
            }
            inFlight.add(submit(executor, batch));
            while (!inFlight.isEmpty()) {
                report(inFlight.removeFirst(), decoded);
            }
        } finally {
            for (Future<Decoding> pending : inFlight) {
                pending.cancel(false);
            }
        }
    }

    private static Future<Decoding> submit(Executor executor, WinnerBatch batch) {
        FutureTask<Decoding> task = new FutureTask<>(batch);
        if (executor == null) {
            task.run();
        } else {
            executor.execute(task);
        }
        return task;
    }

    /** Hands the failures of a batch to the problems, which fail the read or skip them. */
    private void report(Future<Decoding> future, Decoded decoded) throws IOException {
        Decoding decoding;
        try {
            decoding = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading " + problems.path);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        }
        for (Failure failure : decoding.failures()) {
            problems.unreadableEntity(failure.winner().line(), failure.problem());
        }
        decoded.add(decoding.winners());
    }
}
