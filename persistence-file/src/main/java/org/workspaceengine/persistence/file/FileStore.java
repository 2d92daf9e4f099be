package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.Compaction;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.ProgressListener;
import org.workspaceengine.persistence.StorageStatistics;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.Verifiable;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.spi.DirectoryLock;
import org.workspaceengine.persistence.spi.Namespaces;
import org.workspaceengine.persistence.spi.PreparedSaves;

/**
 * A store that keeps each namespace in a JSON Lines file, {@code {namespace}.jsonl}, in one directory: the Java
 * version of the Go original's file store, reading and writing the same files.
 *
 * <pre>{@code
 * try (FileStore store = FileStore.open(Path.of("./data/persistence"))) {
 *     store.registerEntityType("system", SystemEntity.class);
 *     store.save(Changes.builder("workspace-1").set(new SystemEntity("sys-123", "Production System")).build());
 *     Changes state = store.load("workspace-1");
 * }
 * }</pre>
 *
 * <ul>
 *   <li>A save appends one line per change to the namespace's file (O(1)); saves to different namespaces do not
 *       wait for each other. How far the bytes get before the save returns is the {@link Durability}.</li>
 *   <li>A load reads the file in one streaming pass, keeps the latest line per entity and deserializes only those.
 *       </li>
 *   <li>{@link #compact(String)} rewrites a file to its latest lines atomically (temporary file, fsync, atomic
 *       rename, directory fsync) while saves go on; files are also compacted in the background when their garbage
 *       ratio passes a threshold ({@link FileStoreBuilder#autoCompaction}).</li>
 *   <li>A torn last line left by a crash is ignored on load and cut off (into {@code {file}.rejected}) before the
 *       next append. Any other corrupt line fails the load with the file, line number and an excerpt, unless the
 *       store is {@linkplain FileStoreBuilder#lenient(boolean) lenient}.</li>
 *   <li>The directory is locked ({@code .lock}, holding {@code pid@host}): a second store, in this process or
 *       another, is refused with a {@link DirectoryLockedException}. A
 *       {@linkplain FileStoreBuilder#readOnly(boolean) read-only} store takes no lock, so tools can inspect a
 *       directory a service holds.</li>
 * </ul>
 *
 * <p>A namespace of {@code [A-Za-z0-9._-]} characters not starting with {@code .} is the file name as is; any other
 * namespace is stored under a reversible percent-escaped name ({@code a/b} is {@code a%2Fb.jsonl}), so no
 * namespace reaches outside the directory. A name that would pass 246 bytes is shortened and completed with the
 * SHA-256 of the namespace ({@code yyy...yyy%~3f2a...c1.jsonl}); its namespace is read back from its first line.
 *
 * <p>Thread-safe. {@link #close()} waits for running operations, hands buffered lines to the disk and releases the
 * lock.
 */
public final class FileStore implements Store, Compactable, NamespaceListing, StorageStatistics, Verifiable,
        NamespaceDeletion, EntityCounting, PreparedSaves {

    /**
     * The longest line of a namespace file, its newline included: 64 MiB. A save refuses a change whose line would be
     * longer, and a load reports a longer line as corrupt.
     */
    public static final int MAX_LINE_BYTES = FileChunkReader.MAX_LINE_BYTES;

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    }

    private final StoreConfig config;
    private final EntityTypes entityTypes;
    private final DirectoryLock lock;
    private final Map<String, NamespaceLog> logs = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AutoCompactor autoCompactor;
    private final OpenFiles openFiles = new OpenFiles(OpenFiles.DEFAULT_LIMIT, logs.values());

    /** A store on {@code config}'s directory, which {@code lock} holds (null when read-only). */
    FileStore(StoreConfig config, EntityTypes entityTypes, DirectoryLock lock) {
        this.config = config;
        this.entityTypes = entityTypes;
        this.lock = lock;
        this.autoCompactor = new AutoCompactor(config, lifecycle.readLock(), closed);
    }

    /**
     * Opens a store in {@code directory} (created if absent) with the defaults: {@link Durability#FSYNC}, strict
     * reading, automatic compaction, a fresh entity-type registry. The seed's {@code file.NewStore(dir)}.
     *
     * @param directory the store's directory
     * @return the open store
     * @throws DirectoryLockedException if another store holds the directory
     * @throws PersistenceException if the directory cannot be created or locked
     */
    public static FileStore open(Path directory) {
        return builder(directory).build();
    }

    /**
     * A builder of a store in {@code directory}.
     *
     * @param directory the store's directory
     * @return a builder of a store in {@code directory}
     */
    public static FileStoreBuilder builder(Path directory) {
        return new FileStoreBuilder(directory);
    }

    /**
     * The store's directory.
     *
     * @return the store's directory
     */
    public Path directory() {
        return config.directory();
    }

    /**
     * How far a save pushes its bytes before it returns.
     *
     * @return how far a save pushes its bytes before it returns
     */
    public Durability durability() {
        return config.durability();
    }

    /**
     * Whether this store only reads (it holds no lock and refuses saves and compactions).
     *
     * @return whether this store only reads (it holds no lock and refuses saves and compactions)
     */
    public boolean isReadOnly() {
        return config.readOnly();
    }

    @Override
    public EntityTypes entityTypes() {
        return entityTypes;
    }

    /**
     * Appends every change to its namespace's file. Entity types are checked and every change is encoded before
     * anything is written.
     *
     * @throws org.workspaceengine.persistence.UnknownEntityTypeException if a type is not registered (nothing is
     *     written)
     * @throws org.workspaceengine.persistence.RejectedChangeException if a change does not encode exactly, or its
     *     line would be longer than {@link #MAX_LINE_BYTES} (nothing is written)
     * @throws InvalidNamespaceException if a namespace cannot be stored (nothing is written)
     * @throws PersistenceException if a file cannot be written; the message names the namespace that failed and
     *     those already written
     * @throws StoreClosedException after {@link #close()}
     */
    @Override
    public void save(Changes changes) {
        Objects.requireNonNull(changes, "changes");
        lifecycle.readLock().lock();
        try {
            long start = System.nanoTime();
            checkSavable(changes);
            if (!changes.isEmpty()) {
                commit(FileSave.prepare(changes, config.wireFormat(), config.durability(), this::log, true), start);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Everything {@link #save} checks and encodes, before it writes; the commit writes. */
    @Override
    public PreparedSave prepareSave(Changes changes) {
        Objects.requireNonNull(changes, "changes");
        lifecycle.readLock().lock();
        try {
            long start = System.nanoTime();
            checkSavable(changes);
            FileSave save = FileSave.prepare(changes, config.wireFormat(), config.durability(), this::log, false);
            return () -> {
                lifecycle.readLock().lock();
                try {
                    checkOpen();
                    commit(save, start);
                } finally {
                    lifecycle.readLock().unlock();
                }
            };
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void checkSavable(Changes changes) {
        checkOpen();
        checkWritable("save");
        entityTypes.checkSavable(changes);
    }

    private void commit(FileSave save, long start) {
        List<NamespaceLog> written = save.commit();
        config.observer().onSave(save.changes(), save.bytes(), System.nanoTime() - start);
        for (NamespaceLog log : written) {
            autoCompactor.maybeCompact(log);
        }
    }

    /**
     * The latest change per entity of {@code namespace}, in replay order; empty for a namespace without a file.
     *
     * @throws org.workspaceengine.persistence.CorruptDataException for a corrupt line (not in lenient mode), naming
     *     the file, line number and an excerpt
     * @throws org.workspaceengine.persistence.UnknownEntityTypeException for a line of an unregistered type
     */
    @Override
    public Changes load(String namespace) {
        return load(namespace, ProgressListener.NONE);
    }

    /**
     * Like {@link #load(String)}, reporting progress in {@linkplain ProgressListener.Unit#BYTES bytes} of the file:
     * the expected total is the file's size, a batch is reported about every 256 KiB read.
     */
    @Override
    public Changes load(String namespace, ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        lifecycle.readLock().lock();
        try {
            long start = System.nanoTime();
            checkOpen();
            NamespaceLog log = logOrNull(namespace);
            BytesRead read = new BytesRead(progress);
            Changes changes = log == null ? Changes.empty() : log.load(read);
            config.observer().onLoad(namespace, changes.size(), read.bytes, System.nanoTime() - start);
            return changes;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Rewrites the file of {@code namespace} to its latest line per entity, atomically; saves may go on meanwhile
     * and are kept. Deletion markers are kept unless older than the
     * {@linkplain FileStoreBuilder#unsetRetention retention}. Lines that a lenient store skips are moved to
     * {@code {file}.rejected}. A namespace without a file is a no-op.
     *
     * @throws org.workspaceengine.persistence.CorruptDataException for a corrupt line (not in lenient mode); the file
     *     is left as it was
     */
    @Override
    public void compact(String namespace) {
        compact(namespace, ProgressListener.NONE);
    }

    /**
     * Like {@link #compact(String)}, reporting progress in bytes of the file read, and returning the file's lines,
     * bytes and entities before and after as the compaction counted them (zeros for a namespace without a file).
     *
     * @param namespace the namespace
     * @param progress told of the work as it goes
     * @return the file before and after
     */
    @Override
    public Optional<Compaction> compact(String namespace, ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        lifecycle.readLock().lock();
        try {
            checkOpen();
            checkWritable("compact");
            NamespaceLog log = logOrNull(namespace);
            if (log == null) {
                StorageStats none = new StorageStats(namespace, 0, 0, 0, 0);
                return Optional.of(new Compaction(none, none));
            }
            return Optional.of(log.compact(progress, 0));
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Deletes {@code namespace}'s file: crash-safely (a {@code kill -9} at any moment leaves the whole namespace or
     * none of it), under the directory lock (a read-only store refuses), and whole for a load running meanwhile.
     * Idempotent. A namespace saved again afterwards starts a new, empty file.
     *
     * @throws PersistenceException if the file cannot be deleted, or the store is read-only
     */
    @Override
    public void deleteNamespace(String namespace) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            checkWritable("delete namespace '" + namespace + "'");
            NamespaceLog log = logOrNull(namespace);
            if (log != null) {
                log.delete();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * What a load of {@code namespace} would return, counted from the load's own scan (corrupt lines fail it as they
     * fail a strict load) without deserializing any entity.
     */
    @Override
    public EntityCounts countEntities(String namespace) {
        return inspect(namespace, log -> new LogReading(log, config).count(), new EntityCounts(namespace, 0, 0));
    }

    /** The namespaces {@link #listNamespaces()} lists. */
    @Override
    public long countNamespaces() {
        return listNamespaces().size();
    }

    /**
     * How {@code namespace} is stored: lines and bytes of its file, live entities and deletion markers, from the same
     * scan as a load (entities are not deserialized); all zero for an unknown namespace.
     */
    @Override
    public StorageStats storageStats(String namespace) {
        return inspect(namespace, NamespaceLog::stats, new StorageStats(namespace, 0, 0, 0, 0));
    }

    /**
     * Reads {@code namespace} exactly as a strict load does, reporting every corrupt line with its line number instead
     * of stopping at the first: the report is clean exactly when a strict load succeeds. A last line without newline
     * that is not a complete change is reported as torn, which is not a problem (a load ignores it). Repairs nothing.
     */
    @Override
    public VerificationReport verify(String namespace) {
        return inspect(namespace, NamespaceLog::verify, new VerificationReport(namespace, 0, List.of()));
    }

    private <T> T inspect(String namespace, java.util.function.Function<NamespaceLog, T> inspection, T ifNoFile) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            NamespaceLog log = logOrNull(namespace);
            return log == null ? ifNoFile : inspection.apply(log);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * The namespaces that hold at least one line, sorted: files named by this store, files the Go original named
     * with the raw namespace ({@code a b.jsonl}), and lines still buffered. A {@code *.jsonl} file that maps to no
     * namespace is left out with a warning in the log; {@link #unrecognizedData()} lists them.
     */
    @Override
    public List<String> listNamespaces() {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            DirectoryListing listing = DirectoryListing.of(config.directory(), config.files(), config.wireFormat());
            for (DirectoryListing.Stray stray : listing.strays()) {
                Log.LOG.warn("{} is not listed as a namespace: {}", stray.path(), stray.reason());
            }
            TreeSet<String> namespaces = new TreeSet<>(listing.namespacesWithData());
            for (NamespaceLog log : logs.values()) {
                if (log.hasData()) {
                    namespaces.add(log.namespace());
                }
            }
            return List.copyOf(namespaces);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * The {@code *.jsonl} files of the directory that hold no namespace this store reads, each with the reason: a
     * symbolic link, a name that maps to no namespace, a second file of a namespace. {@link #listNamespaces()} leaves
     * them out; {@code pstore ls} and {@code pstore verify --all} report them.
     */
    @Override
    public List<VerificationReport.Problem> unrecognizedData() {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return DirectoryListing.of(config.directory(), config.files(), config.wireFormat()).strays().stream()
                    .map(stray -> new VerificationReport.Problem(stray.path().toString(), 0,
                            VerificationReport.Kind.UNRECOGNIZED, stray.reason()))
                    .toList();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Waits for running operations, hands buffered lines to the disk (fsync, whatever the durability), closes the
     * files and releases the directory lock. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        autoCompactor.shutdown();
        lifecycle.writeLock().lock();
        try {
            PersistenceException failure = null;
            for (NamespaceLog log : logs.values()) {
                try {
                    log.close(!config.readOnly());
                } catch (PersistenceException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            logs.clear();
            config.readPool().close();
            if (lock != null) {
                lock.close();
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** How many namespace files are open for appending (a test seam). */
    int openFileCount() {
        return openFiles.count();
    }

    @Override
    public String toString() {
        return "FileStore[" + config.directory() + (config.readOnly() ? ", read-only" : "") + "]";
    }

    /** The log of {@code namespace}, for tests of its group commit. */
    NamespaceLog logOf(String namespace) {
        return log(namespace);
    }

    private NamespaceLog log(String namespace) {
        Namespaces.requireValid(namespace);
        NamespaceLog log = logs.get(namespace);
        return log != null ? log : logs.computeIfAbsent(namespace,
                n -> new NamespaceLog(n, DirectoryListing.fileOf(config.directory(), n), config, openFiles));
    }

    /** The log of {@code namespace}, or null if no file can hold it (so it has no data). */
    private NamespaceLog logOrNull(String namespace) {
        Namespaces.requireValid(namespace);
        try {
            return log(namespace);
        } catch (InvalidNamespaceException e) {
            return null;
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreClosedException(toString());
        }
    }

    private void checkWritable(String operation) {
        if (config.readOnly()) {
            throw new PersistenceException("cannot " + operation + ": " + this + " was opened read-only");
        }
    }
}
