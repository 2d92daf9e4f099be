package org.workspaceengine.persistence.union;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Orders a union's writes around its namespace deletions, so that every member (and every backlog) sees a save that
 * races a deletion on the same side of it: saves and read-repairs write under the shared lock, a deletion under the
 * exclusive one. A read-repair computed before a deletion is dropped rather than written after it: it could bring
 * the deleted namespace back.
 */
final class WriteOrder {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong deletions = new AtomicLong();

    /** How many deletions have begun so far: what a read-repair compares with {@link #writeIfNoDeletionSince}. */
    long deletions() {
        return deletions.get();
    }

    /** Runs a save. */
    void write(Runnable save) {
        lock.readLock().lock();
        try {
            save.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a read-repair computed when {@link #deletions()} was {@code deletionsSeen}, unless a deletion has begun
     * since.
     *
     * @return whether it ran
     */
    boolean writeIfNoDeletionSince(long deletionsSeen, Runnable repair) {
        lock.readLock().lock();
        try {
            if (deletions.get() != deletionsSeen) {
                return false;
            }
            repair.run();
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a deletion, alone. */
    void delete(Runnable deletion) {
        lock.writeLock().lock();
        try {
            deletions.incrementAndGet();
            deletion.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
