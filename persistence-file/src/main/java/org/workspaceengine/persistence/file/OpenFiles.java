package org.workspaceengine.persistence.file;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the number of namespace files a store holds open for appending below a limit, so a store with thousands of
 * namespaces does not run out of file descriptors: when a file opens past the limit, the least recently used idle
 * ones are closed (after their buffered lines are written, and forced to disk under {@link Durability#FSYNC}); they
 * reopen on their next use.
 */
final class OpenFiles {

    /** How many namespace files a store keeps open for appending. */
    static final int DEFAULT_LIMIT = 128;

    private final int limit;
    private final Collection<NamespaceLog> logs;
    private final AtomicInteger open = new AtomicInteger();

    OpenFiles(int limit, Collection<NamespaceLog> logs) {
        this.limit = limit;
        this.logs = logs;
    }

    /** How many files are open. */
    int count() {
        return open.get();
    }

    /** {@code log} opened its file; closes others if that passes the limit. */
    void opened(NamespaceLog log) {
        if (open.incrementAndGet() <= limit) {
            return;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (NamespaceLog candidate : logs) {
            if (candidate != log && candidate.hasOpenFile()) {
                candidates.add(new Candidate(candidate, candidate.lastUsed())); // a stable key to sort by
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::lastUsed));
        for (Candidate candidate : candidates) {
            if (open.get() <= limit) {
                return;
            }
            candidate.log().closeIfIdle(); // skipped if busy: its lock is only tried, so evictions never deadlock
        }
    }

    private record Candidate(NamespaceLog log, long lastUsed) {
    }

    /** A log closed its file. */
    void closed() {
        open.decrementAndGet();
    }
}
