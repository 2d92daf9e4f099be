package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * A file store directory is already open for writing by another {@link FileStore}, in this process or another.
 * Retriable: the directory can be opened once the holder closes it (or exits). A store opened
 * {@linkplain FileStoreBuilder#readOnly(boolean) read-only} takes no lock and is never refused.
 */
public class DirectoryLockedException extends StoreUnavailableException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    /** The holder pid, in the serialized form. */
    private final long holderPid;
    /** The holder host, in the serialized form. */
    private final String holderHost;

    /**
     * An exception saying that {@code directory} is held by the process {@code holderPid} (-1 when unknown) on
     * {@code holderHost} (null when unknown); {@code detail} says more about the holder.
     *
     * @param directory the store's directory
     * @param holderPid the holder pid
     * @param holderHost the holder host
     * @param detail the detail
     */
    public DirectoryLockedException(Path directory, long holderPid, String holderHost, String detail) {
        super("file store directory " + directory + " is locked by " + (holderPid > 0 ? "process " + holderPid
                + (holderHost == null ? "" : " on host " + holderHost) : "another process")
                + (detail == null ? "" : " (" + detail + ")")
                + "; close that store first, or open this directory read-only");
        this.directory = directory;
        this.holderPid = holderPid;
        this.holderHost = holderHost;
    }

    /**
     * The locked directory.
     *
     * @return the locked directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The process id of the holder, if known.
     *
     * @return the process id of the holder, if known
     */
    public OptionalLong holderPid() {
        return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
    }

    /**
     * The host of the holder, if known (a directory on a network file system may be held from another machine).
     *
     * @return the host of the holder, if known (a directory on a network file system may be held from another machine)
     */
    public Optional<String> holderHost() {
        return Optional.ofNullable(holderHost);
    }
}
