package org.workspaceengine.persistence.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.workspaceengine.persistence.Changes;

/**
 * What orders a {@link KafkaStore}'s saves and namespace deletions: a save holds a shared lock on each of its
 * namespaces from before it sends its first record until every record is acknowledged, and a deletion holds its
 * namespace's exclusive lock from before it reads the namespace's keys until every tombstone is acknowledged. So a
 * save through the same store lands wholly before a deletion (its records are read and tombstoned) or wholly after it
 * (its records follow the tombstones). Saves from other store instances or processes are not ordered by it.
 *
 * <p>The locks are striped: {@value #STRIPES} read-write locks, a namespace taking the one its hash picks, so that a
 * deletion holds back the saves of its own namespace and of the few that share its stripe, not all of them. A save
 * takes the stripes of its namespaces in ascending order, a deletion one stripe, so no two of them wait for each other
 * in a cycle. Every wait is bounded by the caller's deadline.
 */
final class NamespaceLocks {

    /** The number of stripes: one bit each of a {@code long} mask. */
    static final int STRIPES = 64;

    private final ReentrantReadWriteLock[] locks = new ReentrantReadWriteLock[STRIPES];

    NamespaceLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    /** Held locks, released by {@link #close()}. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** The stripe of {@code namespace}, as a mask of one bit. */
    static long stripeOf(String namespace) {
        int hash = namespace.hashCode();
        return 1L << ((hash ^ (hash >>> 16)) & (STRIPES - 1));
    }

    /** The stripes of the namespaces of {@code changes}, as a mask. */
    static long stripesOf(Changes changes) {
        long stripes = 0;
        String last = null;
        for (int i = 0, size = changes.size(); i < size; i++) {
            String namespace = changes.get(i).namespace();
            if (!namespace.equals(last)) {
                stripes |= stripeOf(namespace);
                last = namespace;
            }
        }
        return stripes;
    }

    /**
     * Takes the shared locks of {@code stripes} (a mask), in ascending order, waiting until {@code deadline} (a
     * {@link System#nanoTime()}) at most.
     *
     * @return the held locks, or null if a deletion held one of them past the deadline (none is then held)
     * @throws InterruptedException if interrupted while waiting (none is then held)
     */
    Held shared(long stripes, long deadline) throws InterruptedException {
        Lock[] held = new Lock[Long.bitCount(stripes)];
        int count = 0;
        boolean done = false;
        try {
            for (long rest = stripes; rest != 0; rest &= rest - 1) {
                Lock lock = locks[Long.numberOfTrailingZeros(rest)].readLock();
                if (!lock.tryLock(Math.max(0, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS)) {
                    return null;
                }
                held[count++] = lock;
            }
            done = true;
        } finally {
            if (!done) {
                unlock(held, count);
            }
        }
        return () -> unlock(held, held.length);
    }

    /**
     * Takes the exclusive lock of {@code namespace}'s stripe, once the saves holding it have finished, waiting until
     * {@code deadline} at most.
     *
     * @return the held lock, or null if saves held it past the deadline
     * @throws InterruptedException if interrupted while waiting
     */
    Held exclusive(String namespace, long deadline) throws InterruptedException {
        Lock lock = locks[Long.numberOfTrailingZeros(stripeOf(namespace))].writeLock();
        if (!lock.tryLock(Math.max(0, Deadlines.remainingNanos(deadline)), TimeUnit.NANOSECONDS)) {
            return null;
        }
        return lock::unlock;
    }

    private static void unlock(Lock[] held, int count) {
        for (int i = count - 1; i >= 0; i--) {
            held[i].unlock();
        }
    }
}
