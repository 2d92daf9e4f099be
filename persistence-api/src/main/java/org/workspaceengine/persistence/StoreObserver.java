package org.workspaceengine.persistence;

/**
 * Receives what a store does, for metrics: each save, load and compaction with its size and duration, and the lag of
 * a store that keeps a local copy of its data. Give one to a store's builder ({@code observer(...)}; the memory
 * store takes it in {@code MemoryStore.create}); {@code persistence-micrometer} binds it to a Micrometer registry.
 *
 * <p>Callbacks run on the thread that did the work (the caller's, or a store's background thread for an automatic
 * compaction), after the work succeeded; failed operations are not reported (they throw to their caller). They
 * should return quickly and must not throw. Every method defaults to doing nothing.
 */
public interface StoreObserver {

    /** An observer that ignores everything. */
    StoreObserver NONE = new StoreObserver() {
    };

    /**
     * A save persisted {@code changes} changes, for any mix of namespaces.
     *
     * @param changes how many changes were saved
     * @param bytes the bytes stored (file lines, Kafka keys and values), or -1 for a store that stores no bytes (the
     *     memory store) or does not measure them
     * @param nanos how long the save took, in nanoseconds; a save made in two steps ({@code PreparedSaves}, as a union
     *     does) is timed from its preparation to the end of its commit
     */
    default void onSave(int changes, long bytes, long nanos) {
    }

    /**
     * A load of {@code namespace} returned {@code changes} changes.
     *
     * @param namespace the namespace loaded
     * @param changes how many changes the load returned
     * @param bytes the stored bytes read (a file's length), or -1 for a store that does not measure them
     * @param nanos how long the load took, in nanoseconds
     */
    default void onLoad(String namespace, int changes, long bytes, long nanos) {
    }

    /**
     * A compaction (manual or automatic) rewrote the data of {@code namespace}. Not called when there was nothing to
     * rewrite, nor by stores whose compaction is immediate (memory) or done elsewhere (Kafka's broker).
     *
     * @param namespace the namespace compacted
     * @param bytesBefore the stored bytes before
     * @param bytesAfter the stored bytes the compaction wrote
     * @param nanos how long the compaction took, in nanoseconds
     */
    default void onCompaction(String namespace, long bytesBefore, long bytesAfter, long nanos) {
    }

    /**
     * A store that keeps a local state of data held elsewhere (such as a Kafka store's local copy of its topic) is
     * {@code records} records behind its source.
     *
     * @param records how many records the local state lacks, 0 when it is up to date
     */
    default void onLocalStateLag(long records) {
    }
}
