package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.file.LogScan.Winner;
import org.workspaceengine.persistence.wire.EntityDecoder;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The second step of a load: reads the winning lines of a {@link LogScan} again, in file order, and deserializes
 * only them, in batches on the read pool when there are many. An entity that cannot be read goes to the
 * {@link LogProblems}.
 */
final class WinnerReader {

    /** How many winners one deserialization task takes. */
    private static final int WINNER_BATCH = 1024;

    private final String namespace;
    private final StoreConfig config;
    private final LogProblems problems;

    WinnerReader(String namespace, StoreConfig config, LogProblems problems) {
        this.namespace = namespace;
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
    private record Decoding(WinnerBatch batch, int winners, List<Failure> failures) {
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

        /** Empties the batch, decoded and reported, for the next winners: its buffer is reused. */
        WinnerBatch clear() {
            size = 0;
            return this;
        }

        /**
         * Adds the {@code length} bytes at {@code offset} of the file, a line or an entity, each followed by a newline
         * (the {@link EntityDecoder} needs it).
         */
        void add(int index, RangeReader ranges, long offset, int length) throws IOException {
            int start = starts[size];
            if (start + length + 1 > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + length + 1));
            }
            ranges.copy(offset, length, bytes, start);
            bytes[start + length] = '\n';
            indices[size] = index;
            starts[++size] = start + length + 1;
        }

        @Override
        public Decoding call() {
            List<Failure> failures = new ArrayList<>();
            WireFormat wire = config.wireFormat();
            try (EntityDecoder entities = wire.entityDecoder(bytes, 0, starts[size])) {
                for (int k = 0; k < size; k++) {
                    Winner winner = winners.get(indices[k]);
                    int start = starts[k];
                    int length = starts[k + 1] - start - 1;
                    try {
                        changes[indices[k]] = winner.entityOffset < 0 ? wire.decode(bytes, start, length)
                                : entities.decode(namespace, winner.unset ? ChangeType.UNSET : ChangeType.SET,
                                        winner.entityType, winner.entityId, winner.timestamp(), start, length);
                    } catch (CorruptDataException e) {
                        failures.add(new Failure(winner, e));
                    }
                }
            }
            return new Decoding(this, size, failures);
        }
    }

    /** Deserializes the winners into {@code changes} (by their replay index), in batches read in file order. */
    private void readInto(FileChannel channel, List<Winner> winners, Change[] changes, Decoded decoded)
            throws IOException {
        int[] byOffset = inFileOrder(winners);
        Executor executor = config.readPool().threads() > 1 && winners.size() > 2 * WINNER_BATCH
                ? config.readPool().executor() : null;
        InFlight<Decoding> inFlight = new InFlight<>(executor);
        int maxInFlight = Math.max(2, config.readPool().threads() * 2);
        RangeReader ranges = new RangeReader(channel);
        try {
            WinnerBatch batch = new WinnerBatch(winners, changes);
            for (int index : byOffset) {
                Winner winner = winners.get(index);
                // A line the scan read in the canonical shape is decoded from its entity alone.
                long offset = winner.entityOffset < 0 ? winner.offset() : winner.offset() + winner.entityOffset;
                int length = winner.entityOffset < 0 ? winner.length() : winner.entityLength;
                batch.add(index, ranges, offset, length);
                if (batch.isFull()) {
                    inFlight.submit(batch);
                    WinnerBatch reusable = null;
                    while (inFlight.size() >= maxInFlight) {
                        reusable = report(inFlight, decoded);
                    }
                    batch = reusable != null ? reusable.clear() : new WinnerBatch(winners, changes);
                }
            }
            inFlight.submit(batch);
            while (!inFlight.isEmpty()) {
                report(inFlight, decoded);
            }
        } finally {
            inFlight.cancelAll();
        }
    }

    /** The indices of {@code winners} in file order; most often their own order, which needs no sort. */
    private static int[] inFileOrder(List<Winner> winners) {
        boolean sorted = true;
        for (int i = 1; i < winners.size() && sorted; i++) {
            sorted = winners.get(i - 1).offset() < winners.get(i).offset();
        }
        if (sorted) {
            int[] identity = new int[winners.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return identity;
        }
        Integer[] byOffset = new Integer[winners.size()];
        for (int i = 0; i < byOffset.length; i++) {
            byOffset[i] = i;
        }
        Arrays.sort(byOffset, Comparator.comparingLong(i -> winners.get(i).offset()));
        return Arrays.stream(byOffset).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Hands the failures of the oldest batch to the problems, which fail the read or skip them; returns the batch.
     */
    private WinnerBatch report(InFlight<Decoding> inFlight, Decoded decoded) throws IOException {
        Decoding decoding;
        try {
            decoding = inFlight.takeOldest();
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
        return decoding.batch();
    }
}
