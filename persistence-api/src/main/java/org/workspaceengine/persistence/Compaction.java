package org.workspaceengine.persistence;

import java.util.Objects;

/**
 * What a compaction of one namespace did, as the compaction itself counted it while reading and writing (no extra
 * pass over the data).
 *
 * @param before how the namespace was stored when the compaction began
 * @param after how the compacted part is stored: equal to {@code before} when nothing would shrink; saves made while
 *     the compaction ran come on top of it
 */
public record Compaction(StorageStats before, StorageStats after) {

    /**
     * Validates that both describe the same namespace.
     *
     * @param before how the namespace was stored when the compaction began
     * @param after how the compacted part is stored
     */
    public Compaction {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (!before.namespace().equals(after.namespace())) {
            throw new IllegalArgumentException("a compaction of '" + before.namespace() + "' cannot end as '"
                    + after.namespace() + "'");
        }
    }

    /**
     * The namespace compacted.
     *
     * @return the namespace of {@code before} and {@code after}
     */
    public String namespace() {
        return before.namespace();
    }

    /**
     * Whether the compaction rewrote the storage.
     *
     * @return false when nothing would have shrunk
     */
    public boolean rewritten() {
        return !before.equals(after);
    }
}
