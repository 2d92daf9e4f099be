package org.workspaceengine.persistence.union;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.union.SegmentLines.Cursor;

/**
 * The changes a {@link FileBacklog} appended in this process, kept in memory up to a number of bytes of their lines,
 * so that delivering them decodes nothing: a run of consecutive change numbers, from {@link #first()}. A change that
 * does not extend the run, or would pass the limit, is not kept (it is read back from its segment); once the run is
 * delivered, the next append starts a new one. Not thread-safe: the backlog guards it.
 */
final class AppendedChanges {

    /** A change, with the size of its line and where that line ends. */
    private record Kept(Change change, int bytes, long segment, long end) {
    }

    /** The changes handed out, and where reading resumes after them. */
    record Taken(List<Change> changes, Cursor after) {
    }

    private final long limit;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private long first;
    private long bytes;

    AppendedChanges(long limit) {
        this.limit = limit;
    }

    /** Keeps change number {@code number}, whose line of {@code lineBytes} ends at {@code end} of {@code segment}. */
    void add(long number, Change change, int lineBytes, long segment, long end) {
        if (kept.isEmpty()) {
            if (lineBytes > limit) {
                return;
            }
            first = number;
        } else if (first + kept.size() != number || bytes + lineBytes > limit) {
            return;
        }
        kept.addLast(new Kept(change, lineBytes, segment, end));
        bytes += lineBytes;
    }

    /** Whether none is kept. */
    boolean isEmpty() {
        return kept.isEmpty();
    }

    /** The number of the first change kept (meaningful when not {@linkplain #isEmpty() empty}). */
    long first() {
        return first;
    }

    /** Up to {@code count} changes from the first kept one, which must be the first undelivered. */
    Taken take(int count) {
        int taken = Math.min(count, kept.size());
        List<Change> changes = new ArrayList<>(taken);
        Kept last = null;
        Iterator<Kept> iterator = kept.iterator();
        for (int i = 0; i < taken; i++) {
            last = iterator.next();
            changes.add(last.change());
        }
        return new Taken(changes, new Cursor(first + taken, last.segment(), last.end()));
    }

    /** Forgets the changes numbered below {@code delivered}. */
    void dropBefore(long delivered) {
        while (!kept.isEmpty() && first < delivered) {
            bytes -= kept.pollFirst().bytes();
            first++;
        }
    }
}
