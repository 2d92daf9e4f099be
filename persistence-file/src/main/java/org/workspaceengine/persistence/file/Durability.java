package org.workspaceengine.persistence.file;

/**
 * How far a {@link FileStore#save save} has pushed its bytes when it returns.
 *
 * <table>
 *   <caption>What survives which crash</caption>
 *   <tr><th>level</th><th>process crash (kill -9)</th><th>OS crash or power loss</th></tr>
 *   <tr><td>{@link #NONE}</td><td>no (up to 64 KiB per namespace may be lost)</td><td>no</td></tr>
 *   <tr><td>{@link #FLUSH}</td><td>yes</td><td>no</td></tr>
 *   <tr><td>{@link #FSYNC}</td><td>yes</td><td>yes</td></tr>
 * </table>
 */
public enum Durability {

    /**
     * A save returns once its lines are in the store's own buffer. Buffers are handed to the operating system when
     * they reach 64 KiB, before every load, compaction and namespace listing, and on close. Fastest; a process crash
     * loses what was still buffered.
     */
    NONE,

    /**
     * A save returns once its lines are handed to the operating system (written to the file, not yet forced to the
     * disk): they survive a crash of the process but not of the machine.
     */
    FLUSH,

    /**
     * A save returns only once its lines are on the disk ({@code fsync}). Saves that run at the same time share one
     * fsync (group commit), so many writers cost little more than one. The default.
     */
    FSYNC
}
