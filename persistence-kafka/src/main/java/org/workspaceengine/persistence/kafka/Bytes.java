package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A range of a byte array: how a load sees the key and value of a record without copying them out of the fetched
 * data (the consumer hands them out as buffers over it).
 */
record Bytes(byte[] array, int offset, int length) {

    /** The remaining bytes of {@code buffer}: a view of its array if it has one, else a copy. */
    static Bytes of(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            return new Bytes(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return of(copy);
    }

    /** All of {@code array}. */
    static Bytes of(byte[] array) {
        return new Bytes(array, 0, array.length);
    }

    /** The bytes in a new array. */
    byte[] copy() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** Whether these bytes start with {@code prefix}. */
    boolean startsWith(byte[] prefix) {
        return length >= prefix.length
                && Arrays.equals(array, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
