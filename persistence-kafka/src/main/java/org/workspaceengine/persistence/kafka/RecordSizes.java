package org.workspaceengine.persistence.kafka;

/**
 * The size of a record as the producer and the broker count it against their limits ({@code max.request.size},
 * {@code max.message.bytes}): a batch of record format v2 holding this record alone, with the varint lengths at
 * their largest. The same upper bound as the producer's own check
 * ({@code AbstractRecords.estimateSizeInBytesUpperBound}, internal to the Kafka client, so restated here and compared
 * with it in a test), so a record within it is never refused for its size.
 */
final class RecordSizes {

    /** The header of a record batch of format v2. */
    static final int BATCH_OVERHEAD = 61;
    /** A record's attributes, timestamp and offset deltas and length, at their largest. */
    static final int RECORD_OVERHEAD = 21;

    private RecordSizes() {
    }

    /** The size of a record with a key of {@code keyLength} bytes and a value of {@code valueLength} (-1: null). */
    static long upperBound(int keyLength, int valueLength) {
        return BATCH_OVERHEAD + RECORD_OVERHEAD + field(keyLength) + field(valueLength) + 1; // 1: no headers
    }

    private static long field(int length) {
        return length < 0 ? 1 : varintSize(length) + (long) length;
    }

    /** The bytes of {@code value} as a zig-zag varint. */
    private static int varintSize(int value) {
        int zigZag = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((zigZag & 0xFFFFFF80) != 0) {
            bytes++;
            zigZag >>>= 7;
        }
        return bytes;
    }
}
