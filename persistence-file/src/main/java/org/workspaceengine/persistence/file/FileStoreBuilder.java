package org.workspaceengine.persistence.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.spi.DirectoryLock;
import org.workspaceengine.persistence.spi.OptionValues;

/**
 * Options of a {@link FileStore}, declared once with their defaults (the {@code file:} URI takes the same names;
 * see the README's table). Each option may be set once; setting it to another value fails, naming the earlier one.
 *
 * <pre>{@code
 * FileStore store = FileStore.builder(Path.of("./data"))
 *         .durability(Durability.FLUSH)
 *         .entityTypes(types)
 *         .compactionRatio(4.0)
 *         .build();
 * }</pre>
 */
public final class FileStoreBuilder {

    private final Path directory;
    private final OptionValues options = new OptionValues();
    private EntityTypes entityTypes;
    private ObjectMapper objectMapper;
    private StoreObserver observer;
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<FileChannel> channels = UnaryOperator.identity();

    FileStoreBuilder(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * How far a save pushes its bytes before returning; default {@link Durability#FSYNC}.
     *
     * @param durability the durability level
     * @return this builder
     */
    public FileStoreBuilder durability(Durability durability) {
        options.set(FileStoreOptions.DURABILITY, durability);
        return this;
    }

    /**
     * Whether corrupt lines are skipped (with a warning and a count in the log) instead of failing loads and
     * compactions; default false. A torn last line is ignored either way.
     *
     * @param lenient whether corrupt lines are skipped with a warning
     * @return this builder
     */
    public FileStoreBuilder lenient(boolean lenient) {
        options.set(FileStoreOptions.LENIENT, lenient);
        return this;
    }

    /**
     * Whether the store only reads; default false. A read-only store takes no directory lock, so it can
     * inspect a directory that a running service holds; it never writes, repairs or cleans up anything, refuses
     * {@link FileStore#save} and {@link FileStore#compact}, sees what the writer has handed to the OS, and
     * ignores a last line that is still being written. The directory must exist.
     *
     * @param readOnly whether the store only reads
     * @return this builder
     */
    public FileStoreBuilder readOnly(boolean readOnly) {
        options.set(FileStoreOptions.READ_ONLY, readOnly);
        return this;
    }

    /**
     * Whether the store's files and directory are shared with the owner's group: new files {@code rw-rw----}
     * and a new directory {@code rwxrwx---}. Default false: owner-only ({@code rw-------}, {@code rwx------}),
     * whatever the umask, since the files hold a service's state, which can hold secrets. A compacted file keeps
     * the permissions (and where the process may, the owner) of the file it replaces, whatever this setting.
     *
     * @param groupAccess whether the group may read and write the files
     * @return this builder
     */
    public FileStoreBuilder groupAccess(boolean groupAccess) {
        options.set(FileStoreOptions.GROUP_ACCESS, groupAccess);
        return this;
    }

    /**
     * Whether a namespace is compacted in the background when its file holds at least
     * {@linkplain #compactionMinBytes compactionMinBytes} and {@linkplain #compactionRatio compactionRatio} lines
     * (or more) per live entity; default true. Manual {@link FileStore#compact} and the scheduler work either way.
     *
     * @param enabled whether compaction runs automatically
     * @return this builder
     */
    public FileStoreBuilder autoCompaction(boolean enabled) {
        options.set(FileStoreOptions.AUTO_COMPACTION, enabled);
        return this;
    }

    /**
     * Lines per live entity from which a file is compacted automatically, above 1; default 4.
     *
     * @param ratio the ratio
     * @return this builder
     */
    public FileStoreBuilder compactionRatio(double ratio) {
        options.set(FileStoreOptions.COMPACTION_RATIO, ratio);
        return this;
    }

    /**
     * The smallest file size compacted automatically; default 16 MiB.
     *
     * @param bytes the bytes
     * @return this builder
     */
    public FileStoreBuilder compactionMinBytes(long bytes) {
        options.set(FileStoreOptions.COMPACTION_MIN_BYTES, bytes);
        return this;
    }

    /**
     * Lets compaction drop deletion markers ({@code unset} lines) older than {@code retention}; by default
     * they are kept forever, since a union of stores needs them to not resurrect deleted entities.
     *
     * @param retention the retention
     * @return this builder
     */
    public FileStoreBuilder unsetRetention(Duration retention) {
        options.set(FileStoreOptions.UNSET_RETENTION, retention);
        return this;
    }

    /**
     * How many threads decode the lines of a large file during a load or compaction; default the number of
     * processors, at most 4. With 1, the calling thread decodes. Results are the same either way: lines are
     * taken in file order.
     *
     * @param threads the threads
     * @return this builder
     */
    public FileStoreBuilder readThreads(int threads) {
        options.set(FileStoreOptions.READ_THREADS, threads);
        return this;
    }

    /**
     * The entity-type registry, for example one shared with other stores; default a fresh one.
     *
     * @param entityTypes the entity types
     * @return this builder
     */
    public FileStoreBuilder entityTypes(EntityTypes entityTypes) {
        this.entityTypes = OptionValues.once("entityTypes", this.entityTypes, entityTypes);
        return this;
    }

    /**
     * The Jackson mapper of entities; default {@link WireFormat#defaultObjectMapper()}.
     *
     * @param objectMapper the Jackson mapper for entities
     * @return this builder
     */
    public FileStoreBuilder objectMapper(ObjectMapper objectMapper) {
        this.objectMapper = OptionValues.once("objectMapper", this.objectMapper, objectMapper);
        return this;
    }

    /**
     * Told of each save, load and compaction (automatic ones included), with their sizes in bytes of the files and
     * their durations: for metrics ({@code persistence-micrometer}); default {@link StoreObserver#NONE}.
     *
     * @param storeObserver told of each save, load and compaction
     * @return this builder
     */
    public FileStoreBuilder observer(StoreObserver storeObserver) {
        this.observer = OptionValues.once("observer", this.observer, storeObserver);
        return this;
    }

    /**
     * The clock that decides which deletion markers are past their retention (a test seam); default UTC.
     *
     * @param clock the clock that stamps changes without a timestamp
     * @return this builder
     */
    public FileStoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Every channel the store opens goes through {@code wrapper}: a test seam to inject I/O failures. */
    FileStoreBuilder wrapChannels(UnaryOperator<FileChannel> wrapper) {
        this.channels = Objects.requireNonNull(wrapper, "wrapper");
        return this;
    }

    /**
     * Opens the store: creates the directory if absent (unless read-only), locks it (unless read-only) and
     * deletes temporary files left by an interrupted compaction.
     *
     * @return the open store
     * @throws DirectoryLockedException if another store holds the directory
     * @throws PersistenceException if the directory cannot be created, read or locked
     */
    public FileStore build() {
        boolean readOnly = options.get(FileStoreOptions.READ_ONLY);
        boolean autoCompaction = options.get(FileStoreOptions.AUTO_COMPACTION);
        if (!autoCompaction && (options.isSet(FileStoreOptions.COMPACTION_RATIO)
                || options.isSet(FileStoreOptions.COMPACTION_MIN_BYTES))) {
            throw new IllegalStateException("compactionRatio and compactionMinBytes contradict autoCompaction "
                    + "false");
        }
        StoreFiles files = new StoreFiles(options.get(FileStoreOptions.GROUP_ACCESS), channels);
        Path dir = directory.toAbsolutePath().normalize();
        if (readOnly) {
            if (!Files.isDirectory(dir)) {
                throw new PersistenceException("cannot open " + dir + " read-only: it is not a directory");
            }
        } else {
            try {
                files.createDirectory(dir);
            } catch (IOException e) {
                throw new PersistenceException("cannot create file store directory " + dir + ": " + e, e);
            }
        }
        try {
            dir = dir.toRealPath(); // the directory itself may be a link; nothing inside it is followed
        } catch (IOException e) {
            throw new PersistenceException("cannot resolve file store directory " + dir + ": " + e, e);
        }
        EntityTypes types = entityTypes != null ? entityTypes : EntityTypes.create();
        StoreConfig config = new StoreConfig(dir, new StoreConfig.LazyWireFormat(types, objectMapper),
                options.get(FileStoreOptions.DURABILITY),
                options.get(FileStoreOptions.LENIENT), readOnly, options.get(FileStoreOptions.UNSET_RETENTION),
                autoCompaction ? options.get(FileStoreOptions.COMPACTION_RATIO) : 0,
                options.get(FileStoreOptions.COMPACTION_MIN_BYTES), clock,
                new ReadPool(options.get(FileStoreOptions.READ_THREADS), dir.toString()), files,
                observer != null ? observer : StoreObserver.NONE);
        if (readOnly) {
            return new FileStore(config, types, null);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, NamespaceFileNames.LOCK_FILE_NAME, files::openForWriting,
                DirectoryLockedException::new);
        try {
            StoreFiles.deleteStaleTemps(dir);
            return new FileStore(config, types, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }
}
