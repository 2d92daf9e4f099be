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
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.StoreObserver;
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
 * {@link KafkaStoreBuilder#allowNonCompactedTopic(boolean)} opts out.
 *
 * <h2>Opening never waits for the cluster</h2>
 * Building a store contacts nothing, as a {@code KafkaProducer} constructor does: a service starts while Kafka is
 * down. The topic is checked (and created if absent) by the first operation that needs it, within that operation's
 * own timeout; until a check succeeds each later operation tries again, and while the cluster is unreachable each
 * fails with a {@link StoreUnavailableException} within its timeout. {@link #checkTopic()} checks it at once for a
 * service that wants to know at startup.
 *
 * <h2>Read-only</h2>
 * A store built with {@link KafkaStoreBuilder#readOnly(boolean) readOnly(true)} (URI option {@code readOnly=true})
 * never creates or modifies anything: it does not create the topic (a missing topic reads as empty: {@link #load}
 * returns {@link Changes#empty()} and {@link #listNamespaces()} an empty list), it creates no producer, and
 * {@link #save}, {@link #compact} and {@link #deleteNamespace} throw a {@link PersistenceException} naming the topic.
 * An existing topic's cleanup policy is checked as for a writable store. Whether the topic exists is decided when the
 * store first reaches it: a topic created afterwards is seen by a store opened afterwards.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #save} uses an idempotent producer with {@code acks=all} and returns only when every record is
 *       acknowledged by all in-sync replicas. It fails within about the save timeout when the cluster is
 *       unreachable, hung or dies during the save, with a {@link SaveTimeoutException} naming each namespace and
 *       how many of its records were not acknowledged (those may still be written later; saving them again is
 *       safe).</li>
 *   <li>In {@linkplain KafkaStoreBuilder#transactional(boolean) transactional mode} a save is all-or-nothing and
 *       loads read committed data only; saves are then serialized through the store's one transactional producer,
 *       and a {@linkplain #deleteNamespace namespace deletion} writes its tombstones in one transaction.</li>
 *   <li>{@link #load} takes the end offset of the namespace's partition when it starts and reads the partition
 *       from its beginning to that offset, so it sees every save that returned before it started. It applies the
 *       shared latest-wins rule ({@link LatestWins}) and deserializes only each entity's winning version. It fails
 *       with a {@link LoadTimeoutException} when it cannot finish within the load timeout.</li>
 *   <li>Kafka's compaction keeps the last-<em>written</em> record per key. A change saved after a newer version
 *       of the same entity (an older timestamp saved later) wins a load only until the broker compacts that
 *       segment; save the changes of an entity in timestamp order (as {@link Changes#builder} stamps them) and
 *       compaction never changes a load.</li>
 *   <li>An unset is an ordinary record whose change type is {@code unset}, returned by loads as a deletion
 *       marker. With {@link KafkaStoreBuilder#tombstonesForUnsets(boolean)} an unset is written as a null-value
 *       tombstone instead, which lets the broker reclaim the entity entirely; loads then return nothing for it, so a
 *       union that also holds an older {@code set} of that entity in another store would bring it back.</li>
 *   <li>A load treats a tombstone as the end of its entity: the versions before it are gone, and a version written
 *       after it starts fresh, whatever its timestamp (as the broker's compaction, which keeps the last record,
 *       sees it).</li>
 * </ul>
 *
 * <h2>Local state</h2>
 * With {@link KafkaStoreBuilder#localState(java.nio.file.Path)} (URI option {@code localState=./kafka-state}) the
 * store keeps, in a local directory, a view of each partition it has read (its records sorted per namespace) and a
 * checkpoint of the offset the view covers. A load, count or listing then reads only the records after the
 * checkpoint (still up to the end offset taken when it starts, so read-your-writes holds) and answers from the view
 * with the same rule and the same result; a view that cannot be trusted is rebuilt from the log. One store (one
 * process) at a time may use a directory. See the README.
 *
 * <p>Any Kafka client property (TLS, SASL, {@code client.id}...) passes through
 * {@link KafkaStoreBuilder#clientProperty(String, Object)}; secrets ({@code sasl.jaas.config}, passwords, keys) never
 * appear in logs, exception messages or {@link #toString()}. A store is thread-safe; concurrent loads share a
 * small pool of consumers.
 */
public final class KafkaStore implements Store, NamespaceListing, NamespaceDeletion, EntityCounting, Compactable,
        PreparedSaves {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStore.class);
    private static final int MAX_IDLE_CONSUMERS = 8;

    private final String topic;
    private final boolean readOnly;
    private final Duration loadTimeout;
    private final EntityTypes entityTypes;
    private final TopicSetup topicSetup;
    private final ConsumerPool consumers;
    private final PartitionReader reader;
    private final NamespaceIndex index;
    private final LocalState localState; // null without a local state directory
    private final RecordWriter writer;
    private final NamespaceEraser eraser;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StoreObserver observer;

    KafkaStore(KafkaStoreBuilder builder, Map<String, Object> adminConfig, Map<String, Object> producerConfig,
                       Map<String, Object> consumerConfig) {
        this.topic = builder.topicName();
        this.readOnly = builder.get(KafkaStoreOptions.READ_ONLY);
        this.entityTypes = builder.entityTypes();
        this.observer = builder.observer();
        String servers = builder.servers();
        Duration saveTimeout = builder.saveTimeout();
        this.loadTimeout = builder.loadTimeout();
        boolean transactional = builder.transactional();
        boolean tombstonesForUnsets = builder.get(KafkaStoreOptions.TOMBSTONES_FOR_UNSETS);
        int partitionsToCreate = builder.get(KafkaStoreOptions.PARTITIONS);
        this.description = "KafkaStore[topic=" + topic + ", bootstrapServers=" + servers + ", transactional="
                + transactional + ", tombstonesForUnsets=" + tombstonesForUnsets
                + (readOnly ? ", readOnly=true" : "")
                + (builder.get(KafkaStoreOptions.LOCAL_STATE) == null ? "" : ", localState="
                        + builder.get(KafkaStoreOptions.LOCAL_STATE)) + ", saveTimeout=" + saveTimeout + ", loadTimeout="
                + loadTimeout + ", clientProperties=" + ClientProperties.redacted(builder.clientProperties()) + "]";
        WireFormat wireFormat = WireFormat.create(entityTypes,
                builder.objectMapper());
        TopicSetup.Creation creation = readOnly ? null : new TopicSetup.Creation(partitionsToCreate,
                builder.get(KafkaStoreOptions.REPLICATION_FACTOR), builder.get(KafkaStoreOptions.MIN_INSYNC_REPLICAS),
                builder.maxRecordBytes());
        this.topicSetup = new TopicSetup(topic, servers, adminConfig, creation,
                builder.get(KafkaStoreOptions.ALLOW_NON_COMPACTED_TOPIC));
        this.consumers = new ConsumerPool(consumerConfig, MAX_IDLE_CONSUMERS);
        java.nio.file.Path localStateDirectory = builder.get(KafkaStoreOptions.LOCAL_STATE);
        this.localState = localStateDirectory == null ? null
                : LocalState.open(localStateDirectory, topic, transactional, observer);
        this.reader = new PartitionReader(topic, topicSetup, servers, loadTimeout, "load timeout", wireFormat,
                consumers, localState);
        this.index = new NamespaceIndex(reader, loadTimeout);
        RecordWriter.RecordLimit limit = new RecordWriter.RecordLimit(builder.maxRecordBytes(), "maxRecordBytes");
        Object maxRequestSize = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (maxRequestSize != null && Integer.parseInt(String.valueOf(maxRequestSize).trim()) < limit.bytes()) {
            limit = new RecordWriter.RecordLimit(Integer.parseInt(String.valueOf(maxRequestSize).trim()),
                    "the producer's max.request.size");
        }
        NamespaceLocks locks = new NamespaceLocks();
        this.writer = new RecordWriter(topic, topicSetup, servers, saveTimeout, transactional, tombstonesForUnsets,
                wireFormat, Map.copyOf(producerConfig), consumers, description, limit, locks);
        this.eraser = new NamespaceEraser(topic, servers, saveTimeout, new PartitionReader(topic, topicSetup, servers,
                saveTimeout, "save timeout", wireFormat, consumers, null), writer, locks);
    }

    /**
     * A builder of a Kafka store; {@link KafkaStoreBuilder#bootstrapServers} and {@link KafkaStoreBuilder#topic} are
     * required.
     *
     * @return a builder of a Kafka store; {@link KafkaStoreBuilder#bootstrapServers} and {@link
     *     KafkaStoreBuilder#topic} are required
     */
    public static KafkaStoreBuilder builder() {
        return new KafkaStoreBuilder();
    }

    /**
     * The topic this store keeps its changes on.
     *
     * @return the topic this store keeps its changes on
     */
    public String topic() {
        return topic;
    }

    /**
     * The number of partitions of the topic, once the store has reached it: the first save, load or listing (or
     * {@link #checkTopic()}) checks the topic, creating it if absent. 0 before that, and for a
     * {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only} store whose topic did not exist then. Never contacts
     * the cluster.
     *
     * @return the number of partitions of the topic, once the store has reached it: the first save, load or listing (or
     *     {@link #checkTopic()}) checks the topic, creating it if absent
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
     * The largest record a save writes, in bytes: {@link KafkaStoreBuilder#maxRecordBytes}, or less when the producer's
     * {@code max.request.size} is less, or, once the store has reached its topic, the topic's
     * {@code max.message.bytes}. A record is its key ({@code ["namespace","type","id"]}), its value (the change's
     * JSON) and about 90 bytes of Kafka's record format; a save refuses a change whose record would be larger,
     * before anything is sent.
     *
     * @return the largest record a save writes, in bytes: {@link KafkaStoreBuilder#maxRecordBytes}, or less when the
     *     producer's {@code max.request.size} is less, or, once the store has reached its topic, the topic's {@code
     *     max.message.bytes}
     */
    public int maxRecordBytes() {
        return writer.limit().bytes();
    }

    /**
     * Whether this store is {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only}: it never writes or creates
     * anything.
     *
     * @return whether this store is {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only}: it never writes or
     *     creates anything
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * The partition that holds {@code namespace}: {@code (murmur2(utf8(namespace)) & 0x7fffffff) % partitions}.
     *
     * @param namespace the namespace
     * @return the partition that holds {@code namespace}: {@code (murmur2(utf8(namespace)) & 0x7fffffff) % partitions}
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

    /** The local state, or null without a local state directory. */
    LocalState localState() {
        return localState;
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
     * store is {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only} (even for empty changes; nothing is written)
     * 
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
        long start = System.nanoTime();
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
            observer.onSave(changes.size(), RecordWriter.bytes(prepared), System.nanoTime() - start);
        };
    }

    // ---- load --------------------------------------------------------------------------------------------------

    /**
     * The current state of {@code namespace}: reads its partition from the beginning to the end offset taken when
     * the load starts (with a {@linkplain KafkaStoreBuilder#localState local state directory}, only the records after
     * the partition's checkpoint, then the namespace's view). A {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only} store whose topic did not exist
     * returns {@link Changes#empty()}.
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
        long start = System.nanoTime();
        ensureOpen();
        Changes changes = reader.load(namespace, progress);
        observer.onLoad(namespace, changes.size(), -1, System.nanoTime() - start);
        return changes;
    }

    /**
     * Every namespace with at least one entity on the topic (a key whose latest record is not a tombstone), sorted:
     * a {@linkplain #deleteNamespace deleted} namespace is not listed, before or after the broker compacts it. Reads
     * every partition to its end offset, all within the load timeout; a partition holding tombstones of a namespace
     * is read a second time, from that namespace's first record (see the README). Empty for a
     * {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only} store whose topic did not exist.
     */
    @Override
    public List<String> listNamespaces() {
        ensureOpen();
        return index.listNamespaces();
    }

    /**
     * Counts the entities of {@code namespace} as a {@link #load} returns them, reading its partition as a load does
     * (within the load timeout) but deserializing no entity: each winner's change type is read from its envelope.
     *
     * @throws LoadTimeoutException if the partition could not be read within the load timeout
     * @throws CorruptDataException naming the topic, partition and offset of a record that cannot be read
     * @throws StoreClosedException if the store is closed
     */
    @Override
    public EntityCounts countEntities(String namespace) {
        Namespaces.requireValid(namespace);
        ensureOpen();
        return reader.count(namespace);
    }

    /** As many namespaces as {@link #listNamespaces()} names, read the same way. */
    @Override
    public long countNamespaces() {
        ensureOpen();
        return index.listNamespaces().size();
    }

    /**
     * Deletes {@code namespace}: writes a tombstone (a record without a value) to the namespace's partition for each
     * of its keys whose latest record is not one already, found by reading the partition to its end offset (keys
     * only), and returns when all are acknowledged, within the save timeout. In transactional mode the tombstones are
     * one transaction. Loads and listings that start afterwards see nothing of the namespace; the broker's compaction
     * then removes its records, and the tombstones after {@code delete.retention.ms}. An entity saved again
     * afterwards starts fresh, whatever its timestamp. Deleting an unknown or deleted namespace writes nothing.
     *
     * <p>Saves through this store that race the deletion land wholly before it (deleted) or wholly after it (kept):
     * the deletion waits for saves of the namespace in flight and holds back new ones until its tombstones are
     * acknowledged. Saves from other store instances or processes are not ordered with it: one that races the
     * deletion may be partly deleted.
     *
     * @throws SaveTimeoutException if some tombstones were not acknowledged within the save timeout; outside a
     *     transaction the namespace may then be partly deleted, and deleting it again finishes the deletion
     * @throws StoreUnavailableException if its keys could not be read, or saves held it back, within the save timeout
     *     (nothing was deleted)
     * @throws PersistenceException if the cluster refused the tombstones, or the store is
     *     {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only} (nothing is read or written)
     * @throws StoreClosedException if the store is closed
     */
    @Override
    public void deleteNamespace(String namespace) {
        Namespaces.requireValid(namespace);
        ensureOpen();
        ensureWritable("delete namespace '" + namespace + "'");
        eraser.delete(namespace);
    }

    // ---- the rest ----------------------------------------------------------------------------------------------

    /**
     * Does nothing but check its arguments: compaction is the broker's job. Its log cleaner keeps the last record
     * per key of each closed segment once the dirty ratio exceeds {@code min.cleanable.dirty.ratio} (tune
     * {@code segment.ms}, {@code min.cleanable.dirty.ratio} and {@code delete.retention.ms} on the topic), and a
     * load returns the same state before and after it (see the class comment for the one exception).
     *
     * @throws PersistenceException if the store is {@linkplain KafkaStoreBuilder#readOnly(boolean) read-only}
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
            if (localState != null) {
                localState.close();
            }
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
}
