package org.workspaceengine.persistence.union;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.workspaceengine.persistence.spi.StoreOption;
import org.workspaceengine.persistence.spi.StoreOptions;

/**
 * The options of a {@link UnionStore}, declared once: the builder's methods of the same names check and set them,
 * {@code union:} URIs take them in their query (besides the {@code member} URIs), and the README's table is this one
 * (a test compares them).
 */
final class UnionStoreOptions {

    static final StoreOption<UnionStoreBuilder, WritePolicy> WRITE_POLICY = StoreOption.of("writePolicy",
            "all, atLeast:N", WritePolicy.all(), "all", "how many members must persist a save for it to succeed",
            UnionStoreOptions::parseWritePolicy, policy -> null, UnionStoreBuilder::writePolicy);
    static final StoreOption<UnionStoreBuilder, Duration> MEMBER_TIMEOUT = StoreOption.duration("memberTimeout",
            Duration.ofSeconds(30), "30s", false, "how long the union waits for each member in an operation; set it "
                    + "above the members' own timeouts (a Kafka store's saveTimeout) so they report their own errors",
            UnionStoreBuilder::memberTimeout);
    static final StoreOption<UnionStoreBuilder, DegradedLoads> DEGRADED_LOADS = StoreOption.choice("degradedLoads",
            DegradedLoads.class, DegradedLoads.ALLOWED, "whether a load is answered by the members that answer when "
                    + "others fail (allowed) or fails (fail)", UnionStoreBuilder::degradedLoads);
    static final StoreOption<UnionStoreBuilder, ReadRepair> READ_REPAIR = StoreOption.choice("readRepair",
            ReadRepair.class, ReadRepair.OFF, "whether and when a load writes the winners back to members that lacked "
                    + "them: before it returns (inline) or after (background)", UnionStoreBuilder::readRepair);
    static final StoreOption<UnionStoreBuilder, Path> BACKLOG = StoreOption.of("backlog", "directory", null,
            "none: in memory", "a directory for the members' backlogs of missed changes, which then survive a "
                    + "restart (one union at a time; it is locked)", UnionStoreOptions::parseDirectory, path -> null,
            UnionStoreBuilder::backlog);
    static final StoreOption<UnionStoreBuilder, Long> BACKLOG_LIMIT = StoreOption.count("backlogLimit", null,
            String.format(Locale.ROOT, "%,d with a backlog directory, %,d in memory",
                    HintedHandoff.DEFAULT_DURABLE_LIMIT, HintedHandoff.DEFAULT_MEMORY_LIMIT), 1, "the most changes each member's backlog holds; "
                    + "beyond it the member catches up through read-repair only", UnionStoreBuilder::backlogLimit);
    static final StoreOption<UnionStoreBuilder, Boolean> READ_ONLY = StoreOption.flag("readOnly", false,
            "save and compact throw; a backlog directory is only counted, neither locked nor delivered (members keep "
                    + "their own options)", UnionStoreBuilder::readOnly);

    static final StoreOptions<UnionStoreBuilder> ALL = StoreOptions.of(WRITE_POLICY, MEMBER_TIMEOUT, DEGRADED_LOADS,
            READ_REPAIR, BACKLOG, BACKLOG_LIMIT, READ_ONLY);

    private UnionStoreOptions() {
    }

    private static WritePolicy parseWritePolicy(String text) {
        try {
            return WritePolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be all or atLeast:N with N >= 1");
        }
    }

    private static Path parseDirectory(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must name a directory");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path (" + e.getMessage() + ")");
        }
    }
}
