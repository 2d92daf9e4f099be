package org.workspaceengine.persistence;

import java.util.Objects;

/**
 * Receives progress of long work (loading or compacting a large namespace, copying between stores), in the manner
 * of Kafka Streams' restore listener: one {@link #onStart}, any number of {@link #onBatch}, one {@link #onEnd}.
 *
 * <p>Callbacks run on the working thread and should return quickly. All methods default to doing nothing.
 */
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * One piece of work being reported.
     *
     * @param operation what is done, such as {@code "load"}, {@code "compact"} or {@code "copy"}
     * @param namespace the namespace worked on
     * @param unit what {@code expectedTotal} and the completed counts measure
     * @param expectedTotal the expected total in {@code unit}, or -1 when unknown
     */
    record Task(String operation, String namespace, Unit unit, long expectedTotal) {
        /**
         * Validates the components.
         *
         * @param operation the operation
         * @param namespace the namespace
         * @param unit the unit
         * @param expectedTotal the expected total
         */
        public Task {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(unit, "unit");
            if (expectedTotal < -1) {
                throw new IllegalArgumentException("expectedTotal must be -1 (unknown) or >= 0: " + expectedTotal);
            }
        }
    }

    /** What progress counts. */
    enum Unit {
        /** Bytes of storage read or written. */
        BYTES,
        /** Stored records (file lines, Kafka records, offsets). */
        RECORDS,
        /** Changes (entities). */
        CHANGES
    }

    /**
     * The work started.
     *
     * @param task the task
     */
    default void onStart(Task task) {
    }

    /**
     * {@code completed} units of the task are done so far (a cumulative count).
     *
     * @param task the task
     * @param completed how much is done, in the task's unit
     */
    default void onBatch(Task task, long completed) {
    }

    /**
     * The work ended successfully after {@code completed} units.
     *
     * @param task the task
     * @param completed how much is done, in the task's unit
     */
    default void onEnd(Task task, long completed) {
    }
}
