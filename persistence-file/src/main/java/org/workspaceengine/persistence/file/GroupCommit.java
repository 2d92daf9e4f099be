package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.workspaceengine.persistence.PersistenceException;

/**
 * The fsyncs of one namespace file under {@link Durability#FSYNC}, shared by concurrent saves: one caller at a time
 * forces the file, covering everything written before it started; callers whose bytes it covered return without an
 * fsync of their own, the others elect the next one.
 *
 * <p>Before forcing, the elected caller gives the saves that have {@linkplain #beginSave() begun}, or as many as the
 * last fsync covered (concurrent writers tend to come back), a moment to append: at most {@link #GATHER_NANOS}. One
 * fsync then covers a whole wave of concurrent saves rather than the few that happened to be written. A lone writer
 * never waits.
 */
final class GroupCommit {

    private static final long SPIN_NANOS = 200_000;
    /** The longest an fsync waits for concurrent saves about to append, so that it covers them too. */
    private static final long GATHER_NANOS = 200_000;

    private final Path path;
    private final String namespace;
    // Saves begun but not yet appended, appends so far, and how many the last fsync covered.
    private final AtomicInteger savesComing = new AtomicInteger();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private long appendsSynced; // written by the caller running an fsync, under the segment's monitor
    private long lastGroup; // idem

    GroupCommit(Path path, String namespace) {
        this.path = path;
        this.namespace = namespace;
    }

    /** A save to this namespace has begun: it will append soon. Pair with {@link #endSave()}. */
    void beginSave() {
        savesComing.incrementAndGet();
    }

    /** A save {@linkplain #beginSave() begun} has appended its lines, or failed before. */
    void endSave() {
        savesComing.decrementAndGet();
    }

    /** The saves {@linkplain #beginSave() begun} that have not appended yet. */
    int savesComing() {
        return savesComing.get();
    }

    /** An append happened. */
    void appended() {
        appends.incrementAndGet();
    }

    /** The fsyncs {@link #sync} ran so far. */
    long fsyncs() {
        return fsyncs.get();
    }

    /** Forces the bytes of {@code target} up to {@code end} to the disk, sharing the fsync with concurrent callers. */
    void sync(Segment target, long end) {
        if (target.synced >= end || target.retired) {
            return;
        }
        // While another caller's fsync runs, yield for a moment before parking: an fsync often takes only tens of
        // microseconds, less than a park and wake-up, and the next fsync may cover this caller's bytes too.
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (target.syncing && System.nanoTime() < spinUntil) {
            Thread.yield();
            if (target.synced >= end || target.retired) {
                return;
            }
        }
        long gathered;
        long sinceSynced;
        synchronized (target) {
            while (target.syncing) {
                try {
                    target.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PersistenceException("interrupted while waiting for the fsync of " + path
                            + " (namespace '" + namespace + "'); the save may not be durable", e);
                }
                if (target.synced >= end || target.retired) {
                    return;
                }
            }
            if (target.synced >= end || target.retired) {
                return;
            }
            target.syncing = true;
            gathered = lastGroup;
            sinceSynced = appendsSynced;
        }
        long gatherUntil = System.nanoTime() + GATHER_NANOS;
        while ((savesComing.get() > 0 || appends.get() - sinceSynced < gathered)
                && System.nanoTime() < gatherUntil) {
            Thread.yield(); // the saves coming need this core more than a spin does
        }
        long appendsCovered = appends.get();
        long upTo = target.written;
        boolean done = false;
        try {
            target.channel.force(false);
            fsyncs.incrementAndGet();
            done = true;
        } catch (IOException e) {
            throw new PersistenceException("cannot fsync " + path + " (namespace '" + namespace + "'): " + e, e);
        } finally {
            synchronized (target) {
                target.syncing = false;
                if (done && upTo > target.synced) {
                    target.synced = upTo;
                }
                lastGroup = appendsCovered - sinceSynced;
                appendsSynced = appendsCovered;
                target.notifyAll();
            }
        }
    }
}
