package org.workspaceengine.persistence.kafka;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import org.workspaceengine.persistence.spi.StoreOption;
import org.workspaceengine.persistence.spi.StoreOptions;

/**
 * The options of a {@link KafkaStore}, declared once: the builder's methods of the same names check and set them,
 * {@code kafka:} URIs take them in their query (besides the client properties, whose names have dots), and the
 * README's table is this one (a test compares them).
 */
final class KafkaStoreOptions {

    static final StoreOption<KafkaStoreBuilder, Integer> PARTITIONS = StoreOption.integer("partitions", 6, "6", 1,
            "partitions when the store creates the topic; an existing topic keeps its own",
            KafkaStoreBuilder::partitions);
    static final StoreOption<KafkaStoreBuilder, Integer> REPLICATION_FACTOR = StoreOption.integer(
            "replicationFactor", null, "broker default", 1, Short.MAX_VALUE,
            "replication factor when the store creates the topic", KafkaStoreBuilder::replicationFactor);
    static final StoreOption<KafkaStoreBuilder, Integer> MIN_INSYNC_REPLICAS = StoreOption.integer(
            "minInsyncReplicas", null, "broker default", 1, "min.insync.replicas when the store creates the topic; "
                    + "use 2 with 3 replicas", KafkaStoreBuilder::minInsyncReplicas);
    static final StoreOption<KafkaStoreBuilder, Duration> SAVE_TIMEOUT = StoreOption.duration("saveTimeout",
            Duration.ofSeconds(30), "30s", false, "how long a save or a namespace deletion may take, topic check and "
                    + "acknowledgements included", KafkaStoreBuilder::saveTimeout);
    static final StoreOption<KafkaStoreBuilder, Duration> LOAD_TIMEOUT = StoreOption.duration("loadTimeout",
            Duration.ofSeconds(60), "60s", false, "how long a load may take, topic check included (also bounds "
                    + "listNamespaces, all partitions together)", KafkaStoreBuilder::loadTimeout);
    static final StoreOption<KafkaStoreBuilder, Boolean> TRANSACTIONAL = StoreOption.flag("transactional", false,
            "each save is one Kafka transaction, all-or-nothing; loads read committed records",
            KafkaStoreBuilder::transactional);
    static final StoreOption<KafkaStoreBuilder, Boolean> TOMBSTONES_FOR_UNSETS = StoreOption.flag(
            "tombstonesForUnsets", false, "write unsets as null tombstones the broker can reclaim (loads then "
                    + "return no deletion markers)", KafkaStoreBuilder::tombstonesForUnsets);
    static final StoreOption<KafkaStoreBuilder, Boolean> ALLOW_NON_COMPACTED_TOPIC = StoreOption.flag(
            "allowNonCompactedTopic", false, "accept an existing topic whose cleanup.policy is not exactly compact",
            KafkaStoreBuilder::allowNonCompactedTopic);
    static final StoreOption<KafkaStoreBuilder, Boolean> READ_ONLY = StoreOption.flag("readOnly", false,
            "never create the topic or write anything", KafkaStoreBuilder::readOnly);
    static final StoreOption<KafkaStoreBuilder, Integer> MAX_RECORD_BYTES = StoreOption.integer("maxRecordBytes",
            8 << 20, "8 MiB", 1, "the largest record a save writes (the producer's max.request.size and, on "
                    + "creation, the topic's max.message.bytes)", KafkaStoreBuilder::maxRecordBytes);

    static final StoreOption<KafkaStoreBuilder, Path> LOCAL_STATE = StoreOption.of("localState", "directory path",
            null, "none", "a local directory for a view of each partition read and its checkpoint: loads, listings "
                    + "and counts then read only the records after the checkpoint", KafkaStoreOptions::path,
            value -> null, KafkaStoreBuilder::localState);

    static final StoreOptions<KafkaStoreBuilder> ALL = StoreOptions.of(PARTITIONS, REPLICATION_FACTOR,
            MIN_INSYNC_REPLICAS, SAVE_TIMEOUT, LOAD_TIMEOUT, TRANSACTIONAL, TOMBSTONES_FOR_UNSETS,
            ALLOW_NON_COMPACTED_TOPIC, READ_ONLY, MAX_RECORD_BYTES, LOCAL_STATE);

    private KafkaStoreOptions() {
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must be a directory path");
        }
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a directory path", e);
        }
    }
}
