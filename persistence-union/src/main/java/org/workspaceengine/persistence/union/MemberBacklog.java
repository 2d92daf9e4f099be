package org.workspaceengine.persistence.union;

import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;

/**
 * The changes a union acknowledged that one member missed, in the order the union acknowledged them, waiting to be
 * handed to that member ({@link MemberHandoff}). Changes are numbered from 0 in that order; the backlog hands them
 * out from the first one not yet {@linkplain #delivered delivered}. Delivering a change twice is harmless: a store
 * keeps one version per entity and timestamp, so the contract's latest-wins rule makes a repeated change a no-op.
 *
 * <p>Implementations are thread-safe for one deliverer ({@link #next}, {@link #delivered}) and any number of
 * appenders.
 */
interface MemberBacklog extends AutoCloseable {

    /**
     * The next undelivered changes, in order, up to {@code maxChanges}; none when nothing is pending. Records that
     * cannot be read back (a damaged line) are skipped, and logged, but still counted in {@link Batch#count()}.
     *
     * @throws org.workspaceengine.persistence.UnknownEntityTypeException if a change's type is not registered (yet)
     */
    Batch next(int maxChanges);

    /** Marks {@code batch}, the last one {@link #next} returned, as delivered. */
    void delivered(Batch batch);

    /**
     * Appends {@code changes} after everything held, durably if the backlog is (the union acknowledges the save only
     * after this returns).
     *
     * @return false, with nothing appended, if the changes would take the backlog past its limit (namespace
     *     deletions alone are always appended: a member must never miss one)
     * @throws org.workspaceengine.persistence.PersistenceException if the changes cannot be written
     */
    boolean append(Changes changes);

    /** How many changes wait to be delivered. */
    long pending();

    /**
     * The namespaces whose deletion waits among the changes to deliver, once per deletion: read when the backlog is
     * opened, for a backlog kept from an earlier union.
     */
    List<String> pendingDeletions();

    /** Whether {@code changes} are namespace deletions only, which a backlog takes even past its limit. */
    static boolean onlyDeletions(Changes changes) {
        for (Change change : changes) {
            if (!NamespaceDeletionMark.is(change)) {
                return false;
            }
        }
        return true;
    }

    /** The namespaces of the deletions among {@code changes}, in order. */
    static List<String> namespaces(List<Change> changes) {
        List<String> namespaces = new ArrayList<>();
        for (Change change : changes) {
            if (NamespaceDeletionMark.is(change)) {
                namespaces.add(change.namespace());
            }
        }
        return namespaces;
    }

    /** The most changes the backlog holds. */
    long limit();

    /** Whether the backlog survives a restart (it has a directory). */
    boolean durable();

    /** Releases the backlog's files; what is pending stays pending for the next union opened on them. */
    @Override
    void close();

    /**
     * Changes handed out by {@link MemberBacklog#next}.
     *
     * @param first the number of the first change (or skipped record) in the batch
     * @param count how many numbers the batch covers: its changes and any damaged records skipped among them
     * @param changes the changes to deliver, in order
     */
    record Batch(long first, long count, List<Change> changes) {

        /** Whether there is nothing to deliver and nothing to skip. */
        boolean isEmpty() {
            return count == 0;
        }
    }
}
