package org.workspaceengine.persistence.file;

import java.time.Duration;
import org.workspaceengine.persistence.spi.StoreOption;
import org.workspaceengine.persistence.spi.StoreOptions;

/**
 * The options of a {@link FileStore}, declared once: the builder's methods of the same names check and set them,
 * {@code file:} URIs take them in their query, and the README's table is this one (a test compares them).
 */
final class FileStoreOptions {

    static final StoreOption<FileStoreBuilder, Durability> DURABILITY = StoreOption.choice("durability",
            Durability.class, Durability.FSYNC, "how far a save pushes its lines before it returns: into the store's "
                    + "buffer, to the OS, or to the disk (see Durability)", FileStoreBuilder::durability);
    static final StoreOption<FileStoreBuilder, Boolean> LENIENT = StoreOption.flag("lenient", false,
            "skip corrupt lines with a warning instead of failing loads and compactions", FileStoreBuilder::lenient);
    static final StoreOption<FileStoreBuilder, Boolean> READ_ONLY = StoreOption.flag("readOnly", false,
            "only read: take no directory lock, never write, repair or clean up", FileStoreBuilder::readOnly);
    static final StoreOption<FileStoreBuilder, Boolean> GROUP_ACCESS = StoreOption.flag("groupAccess", false,
            "create files rw-rw---- and the directory rwxrwx---, shared with the group, instead of owner-only",
            FileStoreBuilder::groupAccess);
    static final StoreOption<FileStoreBuilder, Boolean> AUTO_COMPACTION = StoreOption.flag("autoCompaction", true,
            "compact a namespace in the background when its file passes compactionRatio and compactionMinBytes",
            FileStoreBuilder::autoCompaction);
    static final StoreOption<FileStoreBuilder, Double> COMPACTION_RATIO = StoreOption.decimal("compactionRatio",
            4.0, "4", 1.0, "lines per live entity from which a file is compacted automatically",
            FileStoreBuilder::compactionRatio);
    static final StoreOption<FileStoreBuilder, Long> COMPACTION_MIN_BYTES = StoreOption.bytes(
            "compactionMinBytes", 16L << 20, "16 MiB", 0, "the smallest file compacted automatically",
            FileStoreBuilder::compactionMinBytes);
    static final StoreOption<FileStoreBuilder, Duration> UNSET_RETENTION = StoreOption.duration("unsetRetention",
            null, "forever", true, "how long compaction keeps deletion markers (a union needs them)",
            FileStoreBuilder::unsetRetention);
    static final StoreOption<FileStoreBuilder, Integer> READ_THREADS = StoreOption.integer("readThreads",
            Math.min(4, Runtime.getRuntime().availableProcessors()), "processors, at most 4", 1,
            "threads that decode the lines of a large file during a load or compaction",
            FileStoreBuilder::readThreads);

    static final StoreOptions<FileStoreBuilder> ALL = StoreOptions.of(DURABILITY, LENIENT, READ_ONLY, GROUP_ACCESS,
            AUTO_COMPACTION, COMPACTION_RATIO, COMPACTION_MIN_BYTES, UNSET_RETENTION, READ_THREADS);

    private FileStoreOptions() {
    }
}
