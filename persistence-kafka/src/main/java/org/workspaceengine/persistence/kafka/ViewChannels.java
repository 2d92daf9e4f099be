package org.workspaceengine.persistence.kafka;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace files of one {@link PartitionView} kept open for appending between catch-ups, at most {@code limit}
 * (the least recently used closed first): a catch-up of 1,750 records over 167 namespaces spent 4-8 ms opening and
 * closing their files when each catch-up opened its own. Used by the holder of the view's lock.
 */
final class ViewChannels {

    private static final Logger LOG = LoggerFactory.getLogger(ViewChannels.class);

    private final Path directory;
    private final int limit;
    private final boolean forceOnClose;
    /** Open channels by file name, least recently used first. */
    private final LinkedHashMap<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Channels to the files of {@code directory}, at most {@code limit} open; {@code forceOnClose} forces a file
     * before its channel is closed to open another.
     */
    ViewChannels(Path directory, int limit, boolean forceOnClose) {
        this.directory = directory;
        this.limit = limit;
        this.forceOnClose = forceOnClose;
    }

    /** The channel that appends to the file {@code name}, opened (and the file created) if it is not open. */
    FileChannel get(String name) throws IOException {
        FileChannel channel = open.get(name);
        if (channel != null) {
            return channel;
        }
        if (open.size() >= limit) {
            Iterator<FileChannel> eldest = open.values().iterator();
            try (FileChannel closing = eldest.next()) {
                if (forceOnClose) {
                    closing.force(false);
                }
            } finally {
                eldest.remove();
            }
        }
        channel = FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        open.put(name, channel);
        return channel;
    }

    /** The channel of the file {@code name} if it is open, else null. */
    FileChannel ifOpen(String name) {
        return open.get(name);
    }

    /** Closes the channel of the file {@code name} if it is open. */
    void close(String name) throws IOException {
        FileChannel channel = open.remove(name);
        if (channel != null) {
            channel.close();
        }
    }

    /** Closes every channel, quietly: what they wrote is in the files (and read again if a checkpoint lacks it). */
    void closeAll() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a view file in {} failed", directory, e);
            }
        }
        open.clear();
    }

    /** The number of channels open. */
    int size() {
        return open.size();
    }
}
