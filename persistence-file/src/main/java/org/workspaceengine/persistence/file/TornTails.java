package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The repair of a namespace file's end before it is appended to: a final line without its newline is kept if it is
 * a complete change of the namespace (a newline is added), otherwise (a write torn by a crash) it is moved to the
 * rejected-lines side file and cut off, so that it is never glued to new data.
 */
final class TornTails {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(TornTails.class);
    }

    private TornTails() {
    }

    /**
     * Ends the file of {@code channel} with a newline.
     *
     * @return the size of the file afterwards
     */
    static long repair(FileChannel channel, Path path, Path rejectedPath, String namespace, StoreConfig config)
            throws IOException {
        long size = channel.size();
        if (size == 0 || FileIo.lastByte(channel, size) == '\n') {
            return size;
        }
        long tailStart = FileIo.lastNewline(channel, size) + 1;
        long tailLength = size - tailStart;
        byte[] tail = null;
        if (tailLength < FileChunkReader.MAX_LINE_BYTES) {
            tail = new byte[(int) tailLength];
            FileIo.readFully(channel, ByteBuffer.wrap(tail), tailStart);
        }
        if (tail != null && isCompleteChange(tail, namespace, config.wireFormat())) {
            FileIo.writeFully(channel, ByteBuffer.wrap(new byte[] {'\n'}), size);
            channel.force(false);
            Log.LOG.warn("{}: the last line had no newline; it is a complete change, so a newline was added", path);
            return size + 1;
        }
        try (FileChannel side = config.files().openForAppending(rejectedPath)) {
            for (long copied = 0; copied < tailLength; ) {
                copied += channel.transferTo(tailStart + copied, tailLength - copied, side);
            }
            side.write(ByteBuffer.wrap(new byte[] {'\n'}));
            side.force(false);
        }
        channel.truncate(tailStart);
        channel.force(false);
        Log.LOG.warn("{}: cut off a torn last line ({} bytes without newline, left by an interrupted write); "
                + "the bytes are kept in {}", path, tailLength, rejectedPath);
        return tailStart;
    }

    private static boolean isCompleteChange(byte[] line, String namespace, WireFormat wireFormat) {
        try {
            return namespace.equals(wireFormat.decodeEnvelope(line).namespace());
        } catch (CorruptDataException e) {
            return false;
        }
    }
}
