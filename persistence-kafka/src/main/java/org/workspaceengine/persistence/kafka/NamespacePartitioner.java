package org.workspaceengine.persistence.kafka;

import java.nio.charset.StandardCharsets;

/**
 * Chooses a namespace's partition: {@code (murmur2(utf8(namespace)) & 0x7fffffff) % partitions}, the hash Kafka's
 * default partitioner applies to record keys (seed {@code 0x9747b28c}). It depends on the namespace and the
 * partition count alone, so every client, in any language, puts a namespace in the same partition.
 */
final class NamespacePartitioner {

    private NamespacePartitioner() {
    }

    /** The partition of {@code namespace} among {@code partitions}. */
    static int partition(String namespace, int partitions) {
        return (murmur2(namespace.getBytes(StandardCharsets.UTF_8)) & 0x7fffffff) % partitions;
    }

    /** MurmurHash2, 32 bits, as Kafka computes it for keys. */
    static int murmur2(byte[] data) {
        final int m = 0x5bd1e995;
        final int r = 24;
        int length = data.length;
        int h = 0x9747b28c ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = blocks * 4;
        int rest = length % 4;
        if (rest == 3) {
            h ^= (data[tail + 2] & 0xff) << 16;
        }
        if (rest >= 2) {
            h ^= (data[tail + 1] & 0xff) << 8;
        }
        if (rest >= 1) {
            h ^= data[tail] & 0xff;
            h *= m;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
