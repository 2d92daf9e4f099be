package org.workspaceengine.persistence.union;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;

/**
 * A {@link MemberBacklog} held in memory, for a union given no backlog directory: it costs no I/O, and what it holds
 * is lost when the process ends (the member then catches up through read-repair only).
 */
final class MemoryBacklog implements MemberBacklog {

    private final long limit;
    private final ArrayDeque<Change> changes = new ArrayDeque<>(); // guarded by this
    private long delivered; // guarded by this: the number of the first change in changes

    MemoryBacklog(long limit) {
        this.limit = limit;
    }

    @Override
    public synchronized Batch next(int maxChanges) {
        int count = Math.min(maxChanges, changes.size());
        List<Change> batch = new ArrayList<>(count);
        var iterator = changes.iterator();
        for (int i = 0; i < count; i++) {
            batch.add(iterator.next());
        }
        return new Batch(delivered, count, batch);
    }

    @Override
    public synchronized void delivered(Batch batch) {
        if (batch.first() != delivered) {
            throw new IllegalStateException("batch " + batch.first() + " is not the next one (" + delivered + ")");
        }
        for (long i = 0; i < batch.count(); i++) {
            changes.pollFirst();
        }
        delivered += batch.count();
    }

    @Override
    public synchronized boolean append(Changes appended) {
        if (changes.size() + (long) appended.size() > limit && !MemberBacklog.onlyDeletions(appended)) {
            return false;
        }
        changes.addAll(appended.asList());
        return true;
    }

    @Override
    public synchronized long pending() {
        return changes.size();
    }

    @Override
    public synchronized List<String> pendingDeletions() {
        return MemberBacklog.namespaces(new ArrayList<>(changes));
    }

    @Override
    public long limit() {
        return limit;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        // Nothing to release; what is pending is lost with the process.
    }
}
