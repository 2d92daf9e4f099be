package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A disk with little free space, for a store's channels ({@code FileStoreBuilder.wrapChannels}): writes that grow
 * files take from the free bytes, a write that does not fit writes what fits and then fails with "No space left on
 * device", as a full file system does; truncating gives space back.
 */
final class LimitedDisk implements UnaryOperator<FileChannel> {

    private final AtomicLong free;

    LimitedDisk(long freeBytes) {
        this.free = new AtomicLong(freeBytes);
    }

    /** Makes {@code bytes} more free, as deleting a file does. */
    void release(long bytes) {
        free.addAndGet(bytes);
    }

    long free() {
        return free.get();
    }

    @Override
    public FileChannel apply(FileChannel channel) {
        return new Limited(channel);
    }

    private final class Limited extends FileChannel {
        private final FileChannel delegate;

        Limited(FileChannel delegate) {
            this.delegate = delegate;
        }

        /** How many of {@code wanted} bytes written at {@code position} fit; fails when none does. */
        private int fitting(long position, int wanted) throws IOException {
            long growth = Math.max(0, position + wanted - delegate.size());
            while (true) {
                long available = free.get();
                long taken = Math.min(growth, available);
                if (free.compareAndSet(available, available - taken)) {
                    int fits = (int) (wanted - (growth - taken));
                    if (fits <= 0 && wanted > 0) {
                        throw new IOException("No space left on device");
                    }
                    return fits;
                }
            }
        }

        private int writeLimited(ByteBuffer source, long position) throws IOException {
            int fits = fitting(position, source.remaining());
            ByteBuffer part = source.duplicate();
            part.limit(part.position() + fits);
            int written = delegate.write(part, position);
            source.position(source.position() + written);
            return written;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            return writeLimited(source, position);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            long position = delegate.position();
            int written = writeLimited(source, position);
            delegate.position(position + written);
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(sources[i]);
            }
            return total;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            long before = delegate.size();
            delegate.truncate(size);
            release(Math.max(0, before - delegate.size()));
            return this;
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
            long done = 0;
            while (done < count) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                int read = source.read(buffer);
                if (read <= 0) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    done += write(buffer, position + done);
                }
            }
            return done;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return delegate.read(target);
        }

        @Override
        public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
            return delegate.read(targets, offset, length);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return delegate.read(target, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            delegate.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
