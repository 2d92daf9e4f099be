package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A namespace file open for appending, and how far it is written and synced: what appends, fsyncs and a
 * compaction's swap share. {@link #written} and {@link #appendedLines} change under the log's write lock; the fsync
 * fields under this segment's monitor.
 */
final class Segment {

    final FileChannel channel;
    volatile long written;
    long appendedLines;
    // Written under this segment's monitor; read without it to skip covered syncs.
    volatile long synced;
    volatile boolean retired;
    volatile boolean syncing;

    Segment(FileChannel channel, long size) {
        this.channel = channel;
        this.written = size;
        this.synced = size;
    }

    /** Closes the file once no fsync runs on it; syncs waiting on it return (its bytes were made durable elsewhere). */
    void retire() {
        synchronized (this) {
            while (syncing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            retired = true;
            notifyAll();
        }
        closeQuietly(channel);
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to save through it.
            }
        }
    }
}
