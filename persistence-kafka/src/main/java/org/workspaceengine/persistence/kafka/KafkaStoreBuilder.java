package org.workspaceengine.persistence.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.spi.OptionValues;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * Builds a {@link KafkaStore}. Every setting may be given once (again with the same value is fine; a different
 * value is an error naming the earlier one). {@link #build()} does not contact the cluster: the first operation
 * checks or creates the topic.
 */
public final class KafkaStoreBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStoreBuilder.class);


    private final OptionValues options = new OptionValues();
    private String bootstrapServers;
    private String topic;
    private EntityTypes entityTypes;
    private ObjectMapper objectMapper;
    private StoreObserver observer;
    private final Map<String, Object> clientProperties = new LinkedHashMap<>();

    KafkaStoreBuilder() {
    }

    /**
     * The cluster to connect to: {@code host:port[,host:port...]}. Required.
     *
     * @param servers the servers
     * @return this builder
     */
    public KafkaStoreBuilder bootstrapServers(String servers) {
        Objects.requireNonNull(servers, "bootstrapServers");
        if (servers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        bootstrapServers = OptionValues.once("bootstrapServers", bootstrapServers, servers.trim());
        return this;
    }

    /**
     * The topic holding the changes: 1-249 characters of {@code [a-zA-Z0-9._-]}. Required.
     *
     * @param topic the topic
     * @return this builder
     */
    public KafkaStoreBuilder topic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("invalid Kafka topic name '" + topic
                    + "': use 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (not '.' or '..')");
        }
        this.topic = OptionValues.once("topic", this.topic, topic);
        return this;
    }

    /**
     * The number of partitions when the store creates the topic (default 6). An existing topic keeps its own.
     *
     * @param partitions the partitions
     * @return this builder
     */
    public KafkaStoreBuilder partitions(int partitions) {
        options.set(KafkaStoreOptions.PARTITIONS, partitions);
        return this;
    }

    /**
     * The replication factor when the store creates the topic (default: the broker's default).
     *
     * @param replicationFactor the replication factor
     * @return this builder
     */
    public KafkaStoreBuilder replicationFactor(int replicationFactor) {
        options.set(KafkaStoreOptions.REPLICATION_FACTOR, replicationFactor);
        return this;
    }

    /**
     * The topic's {@code min.insync.replicas} when the store creates it (default: the broker's default). With
     * {@code acks=all}, a save then needs this many replicas; use 2 with a replication factor of 3.
     *
     * @param minInsyncReplicas the min insync replicas
     * @return this builder
     */
    public KafkaStoreBuilder minInsyncReplicas(int minInsyncReplicas) {
        options.set(KafkaStoreOptions.MIN_INSYNC_REPLICAS, minInsyncReplicas);
        return this;
    }

    /**
     * How long a save may wait for acknowledgements before it fails (default 30 s).
     *
     * @param timeout how long to wait
     * @return this builder
     */
    public KafkaStoreBuilder saveTimeout(Duration timeout) {
        options.set(KafkaStoreOptions.SAVE_TIMEOUT, timeout);
        return this;
    }

    /**
     * How long a load may take before it fails (default 60 s). Also bounds each partition of a listing.
     *
     * @param timeout how long to wait
     * @return this builder
     */
    public KafkaStoreBuilder loadTimeout(Duration timeout) {
        options.set(KafkaStoreOptions.LOAD_TIMEOUT, timeout);
        return this;
    }

    /**
     * Whether each save is one Kafka transaction, all-or-nothing (default false). Loads then read committed
     * records only, and saves are serialized through one transactional producer.
     *
     * @param transactional whether saves are transactions
     * @return this builder
     */
    public KafkaStoreBuilder transactional(boolean transactional) {
        options.set(KafkaStoreOptions.TRANSACTIONAL, transactional);
        return this;
    }

    /**
     * Whether an unset is written as a null-value tombstone (default false: as an ordinary {@code unset}
     * record). Tombstones let the broker reclaim deleted entities entirely, but loads no longer return their
     * deletion markers, so a union holding an older version of the entity elsewhere brings it back.
     *
     * @param tombstones whether unsets are written as tombstones
     * @return this builder
     */
    public KafkaStoreBuilder tombstonesForUnsets(boolean tombstones) {
        options.set(KafkaStoreOptions.TOMBSTONES_FOR_UNSETS, tombstones);
        return this;
    }

    /**
     * Whether to accept an existing topic whose {@code cleanup.policy} is not exactly {@code compact} (default
     * false). With {@code delete}, the broker drops saved changes after the retention time.
     *
     * @param allow whether a non-compacted topic is accepted
     * @return this builder
     */
    public KafkaStoreBuilder allowNonCompactedTopic(boolean allow) {
        options.set(KafkaStoreOptions.ALLOW_NON_COMPACTED_TOPIC, allow);
        return this;
    }

    /**
     * Whether the store only reads (default false). A read-only store never creates the topic (a missing topic
     * reads as empty), creates no producer, and refuses {@link KafkaStore#save} and {@link KafkaStore#compact}
     * with a {@link PersistenceException}; an existing topic's cleanup policy is still checked. The creation
     * settings ({@link #partitions}, {@link #replicationFactor}, {@link #minInsyncReplicas}) then have no effect.
     *
     * @param readOnly whether the store only reads
     * @return this builder
     */
    public KafkaStoreBuilder readOnly(boolean readOnly) {
        options.set(KafkaStoreOptions.READ_ONLY, readOnly);
        return this;
    }

    /**
     * The largest record the store writes, in bytes (default 8 MiB): the producer's {@code max.request.size}
     * and, when the store creates the topic, its {@code max.message.bytes}.
     *
     * @param bytes the bytes
     * @return this builder
     */
    public KafkaStoreBuilder maxRecordBytes(int bytes) {
        options.set(KafkaStoreOptions.MAX_RECORD_BYTES, bytes);
        return this;
    }

    /**
     * A local directory for the store's view of each partition it reads (default: none). With it, a load reads only
     * the records written since the partition's last checkpoint and answers from the view on disk; listings and
     * counts too. The view holds the latest change per entity per namespace, so it takes about as much disk as the
     * partitions it covers once compacted. One store (one process) at a time may use a directory; see the README for
     * when the view is rebuilt from the log.
     *
     * @param directory the state directory, created if absent
     * @return this builder
     */
    public KafkaStoreBuilder localState(Path directory) {
        options.set(KafkaStoreOptions.LOCAL_STATE, directory);
        return this;
    }

    /**
     * The entity types to save and load (default: a new, empty registry).
     *
     * @param types the entity-type registry
     * @return this builder
     */
    public KafkaStoreBuilder entityTypes(EntityTypes types) {
        entityTypes = OptionValues.once("entityTypes", entityTypes, types);
        return this;
    }

    /**
     * The Jackson mapper entities are (de)serialized with (default {@link WireFormat#defaultObjectMapper()}).
     *
     * @param mapper the Jackson mapper for entities
     * @return this builder
     */
    public KafkaStoreBuilder objectMapper(ObjectMapper mapper) {
        objectMapper = OptionValues.once("objectMapper", objectMapper, mapper);
        return this;
    }

    /**
     * Told of each save (with the bytes of its records' keys and values) and load, with their durations: for
     * metrics ({@code persistence-micrometer}); default {@link StoreObserver#NONE}.
     *
     * @param storeObserver told of each save and load
     * @return this builder
     */
    public KafkaStoreBuilder observer(StoreObserver storeObserver) {
        observer = OptionValues.once("observer", observer, storeObserver);
        return this;
    }

    /**
     * A Kafka client property for the producer, the consumers and the admin client (each gets the properties
     * it knows, and those none knows), such as {@code security.protocol}, {@code sasl.jaas.config} or
     * {@code client.id}. Secret values never appear in logs, messages or {@code toString()}. The store sets
     * {@code acks=all}, idempotence, serializers and the isolation level itself and refuses contrary values.
     *
     * @param key the client property's name
     * @param value the value
     * @return this builder
     */
    public KafkaStoreBuilder clientProperty(String key, Object value) {
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

    /**
     * {@link #clientProperty(String, Object) Adds} every entry of {@code properties}.
     *
     * @param properties the client properties
     * @return this builder
     */
    public KafkaStoreBuilder clientProperties(Map<String, ?> properties) {
        properties.forEach(this::clientProperty);
        return this;
    }

    /**
     * The store, at once: nothing contacts the cluster until the first operation, which checks the topic and
     * creates it if absent (a {@linkplain #readOnly(boolean) read-only} store only checks).
     *
     * @return the store
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
        if (transactional()) {
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
                transactional() ? "read_committed" : "read_uncommitted");

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
                && !transactional()) {
            throw contrary(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "set transactional(true) to use transactions");
        }
    }

    private IllegalStateException contrary(String key, String why) {
        return new IllegalStateException("client property '" + key + "' cannot be set here: " + why);
    }

    // What the store reads of its settings.

    String topicName() {
        return topic;
    }

    String servers() {
        return bootstrapServers;
    }

    <T> T get(org.workspaceengine.persistence.spi.StoreOption<KafkaStoreBuilder, T> option) {
        return options.get(option);
    }

    boolean transactional() {
        return options.get(KafkaStoreOptions.TRANSACTIONAL);
    }

    Duration saveTimeout() {
        return options.get(KafkaStoreOptions.SAVE_TIMEOUT);
    }

    Duration loadTimeout() {
        return options.get(KafkaStoreOptions.LOAD_TIMEOUT);
    }

    int maxRecordBytes() {
        return options.get(KafkaStoreOptions.MAX_RECORD_BYTES);
    }

    EntityTypes entityTypes() {
        return entityTypes != null ? entityTypes : EntityTypes.create();
    }

    StoreObserver observer() {
        return observer != null ? observer : StoreObserver.NONE;
    }

    ObjectMapper objectMapper() {
        return objectMapper != null ? objectMapper : WireFormat.defaultObjectMapper();
    }

    Map<String, Object> clientProperties() {
        return clientProperties;
    }
}
