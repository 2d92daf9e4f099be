package org.workspaceengine.persistence.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.spi.PreparedSaves;

/**
 * A {@link Store} on one compacted Kafka topic: the path for services that outgrow one machine.
 *
 * <pre>{@code
 * try (KafkaStore store = KafkaStore.builder()
 *         .bootstrapServers("broker-1:9092,broker-2:9092")
 *         .topic("workspace-state")
 *         .replicationFactor(3)
 *         .minInsyncReplicas(2)
 *         .build()) {
 *     store.registerEntityType("system", SystemEntity.class);
 *     store.save(Changes.builder("workspace-1").set(new SystemEntity("sys-1", "Production")).build());
 *     Changes state = store.load("workspace-1");
 * }
 * }</pre>
 *
 * <h2>Layout</h2>
 * Every change is one record. Its key is the JSON array {@code ["namespace","entityType","entityID"]} (UTF-8,
 * minimal escaping), so Kafka's compaction keeps one record per entity; its value is the change in the
 * {@link WireFormat} (the same bytes as a line of the file store), whose last field is the timestamp, so that
 * loads apply latest-wins from keys and the ends of values ({@link WireFormat#trailingTimestamp}) and parse only the
 * winners; nothing else is written. A namespace lives in one partition,
 * {@code (murmur2(utf8(namespace)) & 0x7fffffff) % partitions} (the hash of Kafka's default partitioner, so any
 * client can compute it); never add partitions to the topic, since that moves namespaces away from their records.
 * The topic is created if absent with {@code cleanup.policy=compact}; an existing topic whose policy is not
 * exactly {@code compact} is refused ({@link IncompatibleTopicException}) unless
 * {@link Builder#allowNonCompactedTopic(boolean)} opts out.
 *
 * <h2>Opening never waits for the cluster</h2>
 * Building a store contacts nothing, as a {@code KafkaProducer} constructor does: a service starts while Kafka is
 * down. The topic is checked (and created if absent) by the first operation that needs it, within that operation's
 * own timeout; until a check succeeds each later operation tries again, and while the cluster is unreachable each
 * fails with a {@link StoreUnavailableException} within its timeout. {@link #checkTopic()} checks it at once for a
 * service that wants to know at startup.
 *
 * <h2>Read-only</h2>
 * A store built with {@link Builder#readOnly(boolean) readOnly(true)} (URI option {@code readOnly=true}) never
 * creates or modifies anything: it does not create the topic (a missing topic reads as empty: {@link #load}
 * returns {@link Changes#empty()} and {@link #listNamespaces()} an empty list), it creates no producer, and
 * {@link #save} and {@link #compact} throw a {@link PersistenceException} naming the topic. An existing topic's
 * cleanup policy is checked as for a writable store. Whether the topic exists is decided when the store first
 * reaches it: a topic created afterwards is seen by a store opened afterwards.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #save} uses an idempotent producer with {@code acks=all} and returns only when every record is
 *       acknowledged by all in-sync replicas. It fails within about the save timeout when the cluster is
 *       unreachable, hung or dies during the save, with a {@link SaveTimeoutException} naming each namespace and
 *       how many of its records were not acknowledged (those may still be written later; saving them again is
 *       safe).</li>
 *   <li>In {@linkplain Builder#transactional(boolean) transactional mode} a save is all-or-nothing and loads read
 *       committed data only; saves are then serialized through the store's one transactional producer.</li>
 *   <li>{@link #load} takes the end offset of the namespace's partition when it starts and reads the partition
 *       from its beginning to that offset, so it sees every save that returned before it started. It applies the
 *       shared latest-wins rule ({@link LatestWins}) and deserializes only each entity's winning version. It fails
 *       with a {@link LoadTimeoutException} when it cannot finish within the load timeout.</li>
 *   <li>Kafka's compaction keeps the last-<em>written</em> record per key. A change saved after a newer version
 *       of the same entity (an older timestamp saved later) wins a load only until the broker compacts that
 *       segment; save the changes of an entity in timestamp order (as {@link Changes#builder} stamps them) and
 *       compaction never changes a load.</li>
 *   <li>An unset is an ordinary record whose change type is {@code unset}, returned by loads as a deletion
 *       marker. With {@link Builder#tombstonesForUnsets(boolean)} an unset is written as a null-value tombstone
 *       instead, which lets the broker reclaim the entity entirely; loads then return nothing for it, so a union
 *       that also holds an older {@code set} of that entity in another store would bring it back.</li>
 * </ul>
 *
 * <p>Any Kafka client property (TLS, SASL, {@code client.id}...) passes through
 * {@link Builder#clientProperty(String, Object)}; secrets ({@code sasl.jaas.config}, passwords, keys) never
 * appear in logs, exception messages or {@link #toString()}. A store is thread-safe; concurrent loads share a
 * small pool of consumers.
 */
public final class KafkaStore implements Store, NamespaceListing, Compactable, PreparedSaves {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStore.class);
    private static final int MAX_IDLE_CONSUMERS = 8;

    private final String topic;
    private final boolean readOnly;
    private final Duration loadTimeout;
    private final EntityTypes entityTypes;
    private final TopicSetup topicSetup;
    private final ConsumerPool consumers;
    private final PartitionReader reader;
    private final RecordWriter writer;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaStore(Builder builder, Map<String, Object> adminConfig, Map<String, Object> producerConfig,
                       Map<String, Object> consumerConfig) {
        this.topic = builder.topic;
        this.readOnly = Boolean.TRUE.equals(builder.readOnly);
        this.entityTypes = builder.entityTypes != null ? builder.entityTypes : EntityTypes.create();
        String servers = builder.bootstrapServers;
        Duration saveTimeout = builder.saveTimeout();
        this.loadTimeout = builder.loadTimeout();
        boolean transactional = Boolean.TRUE.equals(builder.transactional);
        boolean tombstonesForUnsets = Boolean.TRUE.equals(builder.tombstonesForUnsets);
        int partitionsToCreate = builder.partitions != null ? builder.partitions : Builder.DEFAULT_PARTITIONS;
        this.description = "KafkaStore[topic=" + topic + ", bootstrapServers=" + servers + ", transactional="
                + transactional + ", tombstonesForUnsets=" + tombstonesForUnsets
                + (readOnly ? ", readOnly=true" : "") + ", saveTimeout=" + saveTimeout + ", loadTimeout="
                + loadTimeout + ", clientProperties=" + ClientProperties.redacted(builder.clientProperties) + "]";
        WireFormat wireFormat = WireFormat.create(entityTypes,
                builder.objectMapper != null ? builder.objectMapper : WireFormat.defaultObjectMapper());
        TopicSetup.Creation creation = readOnly ? null : new TopicSetup.Creation(partitionsToCreate,
                builder.replicationFactor, builder.minInsyncReplicas, builder.maxRecordBytes());
        this.topicSetup = new TopicSetup(topic, servers, adminConfig, creation,
                Boolean.TRUE.equals(builder.allowNonCompactedTopic));
        this.consumers = new ConsumerPool(consumerConfig, MAX_IDLE_CONSUMERS);
        this.reader = new PartitionReader(topic, topicSetup, servers, loadTimeout, wireFormat, consumers);
        RecordWriter.RecordLimit limit = new RecordWriter.RecordLimit(builder.maxRecordBytes(), "maxRecordBytes");
        Object maxRequestSize = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (maxRequestSize != null && Integer.parseInt(String.valueOf(maxRequestSize).trim()) < limit.bytes()) {
            limit = new RecordWriter.RecordLimit(Integer.parseInt(String.valueOf(maxRequestSize).trim()),
                    "the producer's max.request.size");
        }
        this.writer = new RecordWriter(topic, topicSetup, servers, saveTimeout, transactional, tombstonesForUnsets,
                wireFormat, Map.copyOf(producerConfig), consumers, description, limit);
    }

    /** A builder of a Kafka store; {@link Builder#bootstrapServers} and {@link Builder#topic} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The topic this store keeps its changes on. */
    public String topic() {
        return topic;
    }

    /**
     * The number of partitions of the topic, once the store has reached it: the first save, load or listing (or
     * {@link #checkTopic()}) checks the topic, creating it if absent. 0 before that, and for a
     * {@linkplain Builder#readOnly(boolean) read-only} store whose topic did not exist then. Never contacts the
     * cluster.
     */
    public int partitions() {
        TopicSetup.Topic known = topicSetup.known();
        return known == null ? 0 : known.partitions();
    }

    /**
     * Reaches the cluster now and checks the topic (creating it if absent, unless the store is read-only), as the
     * first operation does otherwise; for a service that wants to know at startup whether Kafka answers. Does
     * nothing once a check has succeeded.
     *
     * @throws StoreUnavailableException if the cluster does not answer within the load timeout
     * @throws IncompatibleTopicException if the topic exists with a cleanup policy other than {@code compact}
     * @throws StoreClosedException if the store is closed
     */
    public void checkTopic() {
        ensureOpen();
        topicSetup.require(Deadlines.after(loadTimeout), loadTimeout);
    }

    /**
     * The largest record a save writes, in bytes: {@link Builder#maxRecordBytes}, or less when the producer's
     * {@code max.request.size} is less, or, once the store has reached its topic, the topic's
     * {@code max.message.bytes}. A record is its key ({@code ["namespace","type","id"]}), its value (the change's
     * JSON) and about 90 bytes of Kafka's record format; a save refuses a change whose record would be larger,
     * before anything is sent.
     */
    public int maxRecordBytes() {
        return writer.limit().bytes();
    }

    /** Whether this store is {@linkplain Builder#readOnly(boolean) read-only}: it never writes or creates anything. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * The partition that holds {@code namespace}: {@code (murmur2(utf8(namespace)) & 0x7fffffff) % partitions}.
     *
     * @throws IllegalStateException if the store has not reached its topic yet (see {@link #partitions()}), or is
     *     read-only and its topic did not exist
     */
    public int partitionOf(String namespace) {
        Namespaces.requireValid(namespace);
        TopicSetup.Topic known = topicSetup.known();
        if (known == null) {
            throw new IllegalStateException("the store has not reached Kafka topic '" + topic + "' yet: its "
                    + "partition count is known after the first save, load or checkTopic()");
        }
        if (known.partitions() == 0) {
            throw new IllegalStateException("Kafka topic '" + topic + "' did not exist when the read-only store "
                    + "reached it: it has no partitions");
        }
        return NamespacePartitioner.partition(namespace, known.partitions());
    }

    @Override
    public EntityTypes entityTypes() {
        return entityTypes;
    }

    // ---- save --------------------------------------------------------------------------------------------------

    /**
     * Writes every change and returns once all of its records are acknowledged by all in-sync replicas.
     *
     * @throws org.workspaceengine.persistence.UnknownEntityTypeException if an entity's type is not registered
     *         (nothing is written)
     * @throws org.workspaceengine.persistence.RejectedChangeException if a change does not encode exactly, or its
     *         record would be larger than {@link #maxRecordBytes()} (nothing is written)
     * @throws SaveTimeoutException if some records were not acknowledged within the save timeout
     * @throws StoreUnavailableException if the cluster reported a retriable error
     * @throws PersistenceException if the cluster refused the records, or if the
     *         store is {@linkplain Builder#readOnly(boolean) read-only} (even for empty changes; nothing is written)
     * @throws StoreClosedException if the store is closed
     */
    @Override
    public void save(Changes changes) {
        prepareSave(changes).commit();
    }

    /** Everything {@link #save} checks and encodes, without contacting the cluster; the commit sends. */
    @Override
    public PreparedSave prepareSave(Changes changes) {
        Objects.requireNonNull(changes, "changes");
        ensureOpen();
        if (readOnly) {
            ensureWritable("save " + RecordWriter.describeNamespaces(changes));
        }
        if (changes.isEmpty()) {
            return () -> { };
        }
        entityTypes.checkSavable(changes);
        RecordWriter.Prepared prepared = writer.prepare(changes);
        return () -> {
            ensureOpen();
            writer.commit(prepared);
        };
    }

    // ---- load --------------------------------------------------------------------------------------------------

    /**
     * The current state of {@code namespace}: reads its partition from the beginning to the end offset taken when
     * the load starts. A {@linkplain Builder#readOnly(boolean) read-only} store whose topic did not exist returns
     * {@link Changes#empty()}.
     *
     * @throws LoadTimeoutException if the partition could not be read to that offset within the load timeout
     * @throws CorruptDataException naming the topic, partition and offset of a record that cannot be read
     * @throws StoreClosedException if the store is closed
     */
    @Override
    public Changes load(String namespace) {
        return load(namespace, ProgressListener.NONE);
    }

    /**
     * Like {@link #load(String)}, reporting progress in {@linkplain ProgressListener.Unit#RECORDS records} (offsets)
     * of the namespace's partition: the expected total is the number of offsets to read, each batch the offsets
     * read so far.
     */
    @Override
    public Changes load(String namespace, ProgressListener progress) {
        Namespaces.requireValid(namespace);
        Objects.requireNonNull(progress, "progress");
        ensureOpen();
        return reader.load(namespace, progress);
    }

    /**
     * Every namespace with at least one record on the topic, sorted. Reads every partition to its end offset (each
     * within the load timeout). A namespace whose entities were all deleted by tombstones is listed until the
     * broker compacts them away. Empty for a {@linkplain Builder#readOnly(boolean) read-only} store whose topic did
     * not exist.
     */
    @Override
    public List<String> listNamespaces() {
        ensureOpen();
        return reader.listNamespaces();
    }

    // ---- the rest ----------------------------------------------------------------------------------------------

    /**
     * Does nothing but check its arguments: compaction is the broker's job. Its log cleaner keeps the last record
     * per key of each closed segment once the dirty ratio exceeds {@code min.cleanable.dirty.ratio} (tune
     * {@code segment.ms}, {@code min.cleanable.dirty.ratio} and {@code delete.retention.ms} on the topic), and a
     * load returns the same state before and after it (see the class comment for the one exception).
     *
     * @throws PersistenceException if the store is {@linkplain Builder#readOnly(boolean) read-only}
     */
    @Override
    public void compact(String namespace) {
        Namespaces.requireValid(namespace);
        ensureOpen();
        ensureWritable("compact namespace '" + namespace + "'");
        LOG.debug("compact('{}') on Kafka topic '{}': the broker's log cleaner compacts the topic", namespace, topic);
    }

    /**
     * Closes the producer (waiting up to the save timeout for records still in flight) and the consumers.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            topicSetup.close();
            writer.close();
        } finally {
            consumers.close();
        }
        LOG.debug("closed {}", description);
    }

    /** The topic, servers and settings, with secret client properties shown as {@code [hidden]}. */
    @Override
    public String toString() {
        return description;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreClosedException(description);
        }
    }

    private void ensureWritable(String what) {
        if (readOnly) {
            throw new PersistenceException("cannot " + what + ": the Kafka store on topic '" + topic
                    + "' is read-only (opened with readOnly=true)");
        }
    }

    /**
     * Builds a {@link KafkaStore}. Every setting may be given once (again with the same value is fine; a different
     * value is an error naming the earlier one). {@link #build()} does not contact the cluster: the first operation
     * checks or creates the topic.
     */
    public static final class Builder {

        private static final Duration DEFAULT_SAVE_TIMEOUT = Duration.ofSeconds(30);
        private static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(60);
        static final int DEFAULT_PARTITIONS = 6;
        private static final int DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

        private String bootstrapServers;
        private String topic;
        private Integer partitions;
        private Integer replicationFactor;
        private Integer minInsyncReplicas;
        private Duration saveTimeout;
        private Duration loadTimeout;
        private Boolean transactional;
        private Boolean tombstonesForUnsets;
        private Boolean allowNonCompactedTopic;
        private Boolean readOnly;
        private Integer maxRecordBytes;
        private EntityTypes entityTypes;
        private ObjectMapper objectMapper;
        private final Map<String, Object> clientProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The cluster to connect to: {@code host:port[,host:port...]}. Required. */
        public Builder bootstrapServers(String servers) {
            Objects.requireNonNull(servers, "bootstrapServers");
            if (servers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must not be blank");
            }
            bootstrapServers = once("bootstrapServers", bootstrapServers, servers.trim());
            return this;
        }

        /** The topic holding the changes: 1-249 characters of {@code [a-zA-Z0-9._-]}. Required. */
        public Builder topic(String topic) {
            Objects.requireNonNull(topic, "topic");
            if (!topic.matches("[a-zA-Z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
                throw new IllegalArgumentException("invalid Kafka topic name '" + topic
                        + "': use 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not '.' or '..')");
            }
            this.topic = once("topic", this.topic, topic);
            return this;
        }

        /** The number of partitions when the store creates the topic (default 6). An existing topic keeps its own. */
        public Builder partitions(int partitions) {
            this.partitions = once("partitions", this.partitions, positive("partitions", partitions));
            return this;
        }

        /** The replication factor when the store creates the topic (default: the broker's default). */
        public Builder replicationFactor(int replicationFactor) {
            positive("replicationFactor", replicationFactor);
            if (replicationFactor > Short.MAX_VALUE) {
                throw new IllegalArgumentException("replicationFactor must be at most " + Short.MAX_VALUE
                        + ", got " + replicationFactor);
            }
            this.replicationFactor = once("replicationFactor", this.replicationFactor, replicationFactor);
            return this;
        }

        /**
         * The topic's {@code min.insync.replicas} when the store creates it (default: the broker's default). With
         * {@code acks=all}, a save then needs this many replicas; use 2 with a replication factor of 3.
         */
        public Builder minInsyncReplicas(int minInsyncReplicas) {
            this.minInsyncReplicas = once("minInsyncReplicas", this.minInsyncReplicas,
                    positive("minInsyncReplicas", minInsyncReplicas));
            return this;
        }

        /** How long a save may wait for acknowledgements before it fails (default 30 s). */
        public Builder saveTimeout(Duration timeout) {
            saveTimeout = once("saveTimeout", saveTimeout, positive("saveTimeout", timeout));
            return this;
        }

        /** How long a load may take before it fails (default 60 s). Also bounds each partition of a listing. */
        public Builder loadTimeout(Duration timeout) {
            loadTimeout = once("loadTimeout", loadTimeout, positive("loadTimeout", timeout));
            return this;
        }

        /**
         * Whether each save is one Kafka transaction, all-or-nothing (default false). Loads then read committed
         * records only, and saves are serialized through one transactional producer.
         */
        public Builder transactional(boolean transactional) {
            this.transactional = once("transactional", this.transactional, transactional);
            return this;
        }

        /**
         * Whether an unset is written as a null-value tombstone (default false: as an ordinary {@code unset}
         * record). Tombstones let the broker reclaim deleted entities entirely, but loads no longer return their
         * deletion markers, so a union holding an older version of the entity elsewhere brings it back.
         */
        public Builder tombstonesForUnsets(boolean tombstones) {
            tombstonesForUnsets = once("tombstonesForUnsets", tombstonesForUnsets, tombstones);
            return this;
        }

        /**
         * Whether to accept an existing topic whose {@code cleanup.policy} is not exactly {@code compact} (default
         * false). With {@code delete}, the broker drops saved changes after the retention time.
         */
        public Builder allowNonCompactedTopic(boolean allow) {
            allowNonCompactedTopic = once("allowNonCompactedTopic", allowNonCompactedTopic, allow);
            return this;
        }

        /**
         * Whether the store only reads (default false). A read-only store never creates the topic (a missing topic
         * reads as empty), creates no producer, and refuses {@link KafkaStore#save} and {@link KafkaStore#compact}
         * with a {@link PersistenceException}; an existing topic's cleanup policy is still checked. The creation
         * settings ({@link #partitions}, {@link #replicationFactor}, {@link #minInsyncReplicas}) then have no effect.
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = once("readOnly", this.readOnly, readOnly);
            return this;
        }

        /**
         * The largest record the store writes, in bytes (default 8 MiB): the producer's {@code max.request.size}
         * and, when the store creates the topic, its {@code max.message.bytes}.
         */
        public Builder maxRecordBytes(int bytes) {
            maxRecordBytes = once("maxRecordBytes", maxRecordBytes, positive("maxRecordBytes", bytes));
            return this;
        }

        /** The entity types to save and load (default: a new, empty registry). */
        public Builder entityTypes(EntityTypes types) {
            entityTypes = once("entityTypes", entityTypes, Objects.requireNonNull(types, "entityTypes"));
            return this;
        }

        /** The Jackson mapper entities are (de)serialized with (default {@link WireFormat#defaultObjectMapper()}). */
        public Builder objectMapper(ObjectMapper mapper) {
            objectMapper = once("objectMapper", objectMapper, Objects.requireNonNull(mapper, "objectMapper"));
            return this;
        }

        /**
         * A Kafka client property for the producer, the consumers and the admin client (each gets the properties
         * it knows, and those none knows), such as {@code security.protocol}, {@code sasl.jaas.config} or
         * {@code client.id}. Secret values never appear in logs, messages or {@code toString()}. The store sets
         * {@code acks=all}, idempotence, serializers and the isolation level itself and refuses contrary values.
         */
        public Builder clientProperty(String key, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, () -> "value of client property '" + key + "'");
            Object earlier = clientProperties.get(key);
            if (earlier != null && !earlier.equals(value)) {
                throw new IllegalStateException("client property '" + key + "' was already set to "
                        + (ClientProperties.isSecret(key) ? ClientProperties.HIDDEN : "'" + earlier + "'"));
            }
            clientProperties.put(key, value);
            return this;
        }

        /** {@link #clientProperty(String, Object) Adds} every entry of {@code properties}. */
        public Builder clientProperties(Map<String, ?> properties) {
            properties.forEach(this::clientProperty);
            return this;
        }

        /**
         * The store, at once: nothing contacts the cluster until the first operation, which checks the topic and
         * creates it if absent (a {@linkplain #readOnly(boolean) read-only} store only checks).
         *
         * @throws IllegalStateException if a required setting is missing, client properties contradict the store,
         *     or a client property has an invalid value
         */
        public KafkaStore build() {
            resolveBootstrapServers();
            if (topic == null) {
                throw new IllegalStateException("topic is required: KafkaStore.builder().topic(\"...\")");
            }
            checkClientProperties();
            Map<String, Object> common = new HashMap<>();
            common.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);

            Map<String, Object> admin = new HashMap<>(ClientProperties.forAdmin(clientProperties));
            admin.putAll(common);

            Map<String, Object> producer = new HashMap<>(ClientProperties.forProducer(clientProperties));
            producer.putAll(common);
            producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer.put(ProducerConfig.ACKS_CONFIG, "all");
            producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, saveTimeout().toMillis());
            producer.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes());
            if (Boolean.TRUE.equals(transactional)) {
                producer.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "workspace-store-" + topic + "-" + UUID.randomUUID());
            }

            Map<String, Object> consumer = new HashMap<>(ClientProperties.forConsumer(clientProperties));
            consumer.putAll(common);
            // Keys and values as buffers over the fetched data: a load copies only what wins.
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
            consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // A load never waits for new records; a short wait keeps the fetch a finished load left in flight from
            // delaying the next load on the same consumer.
            consumer.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
            // A load reads one partition from its start: larger fetches than the default 1 MiB take fewer round trips.
            consumer.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
            consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    Boolean.TRUE.equals(transactional) ? "read_committed" : "read_uncommitted");

            // The clients are created when first needed (creating one does not contact the cluster either); their
            // settings are checked now, so that a wrong value fails the build rather than the first save.
            checkClientConfig("producer", ProducerConfig.configDef(), producer);
            checkClientConfig("consumer", ConsumerConfig.configDef(), consumer);
            checkClientConfig("admin client", AdminClientConfig.configDef(), admin);

            KafkaStore store = new KafkaStore(this, admin, producer, consumer);
            LOG.info("opened {}", store);
            return store;
        }

        private void checkClientConfig(String client, ConfigDef definition, Map<String, Object> config) {
            try {
                definition.parse(config);
            } catch (ConfigException e) {
                throw new IllegalStateException("invalid setting for the Kafka " + client + " of topic '" + topic
                        + "': " + e.getMessage(), e);
            }
        }

        private void resolveBootstrapServers() {
            Object fromProperties = clientProperties.remove(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
            if (fromProperties != null) {
                String servers = fromProperties instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(fromProperties);
                bootstrapServers(servers);
            }
            if (bootstrapServers == null) {
                throw new IllegalStateException(
                        "bootstrapServers is required: KafkaStore.builder().bootstrapServers(\"host:9092\")");
            }
        }

        private void checkClientProperties() {
            Object acks = clientProperties.get(ProducerConfig.ACKS_CONFIG);
            if (acks != null && !"all".equals(String.valueOf(acks)) && !"-1".equals(String.valueOf(acks))) {
                throw contrary(ProducerConfig.ACKS_CONFIG, "the store writes with acks=all");
            }
            Object idempotence = clientProperties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
            if (idempotence != null && !"true".equals(String.valueOf(idempotence).toLowerCase(Locale.ROOT))) {
                throw contrary(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "the store uses an idempotent producer");
            }
            for (String key : List.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
                if (clientProperties.containsKey(key)) {
                    throw contrary(key, "records are the store's own bytes");
                }
            }
            if (clientProperties.containsKey(ConsumerConfig.ISOLATION_LEVEL_CONFIG)) {
                throw contrary(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "loads read committed records in transactional mode and all records otherwise");
            }
            if (clientProperties.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
                throw contrary(ConsumerConfig.GROUP_ID_CONFIG,
                        "loads read partitions directly and use no consumer group");
            }
            if (clientProperties.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
                    && !Boolean.TRUE.equals(transactional)) {
                throw contrary(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "set transactional(true) to use transactions");
            }
        }

        private IllegalStateException contrary(String key, String why) {
            return new IllegalStateException("client property '" + key + "' cannot be set here: " + why);
        }

        private Duration saveTimeout() {
            return saveTimeout != null ? saveTimeout : DEFAULT_SAVE_TIMEOUT;
        }

        private Duration loadTimeout() {
            return loadTimeout != null ? loadTimeout : DEFAULT_LOAD_TIMEOUT;
        }

        private int maxRecordBytes() {
            return maxRecordBytes != null ? maxRecordBytes : DEFAULT_MAX_RECORD_BYTES;
        }

        private static <T> T once(String setting, T earlier, T value) {
            if (earlier != null && !earlier.equals(value)) {
                throw new IllegalStateException(setting + " was already set to " + describe(earlier));
            }
            return value;
        }

        private static String describe(Object value) {
            return value instanceof String || value instanceof Duration ? "'" + value + "'" : String.valueOf(value);
        }

        private static int positive(String setting, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(setting + " must be at least 1, got " + value);
            }
            return value;
        }

        private static Duration positive(String setting, Duration value) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive, got " + value);
            }
            return value;
        }
    }
}
