package org.workspaceengine.persistence.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * {@link LatestWins}'s rule for versions that arrive encoded, each a key and a value of bytes (the records of a log),
 * for a backend whose key bytes are a one-to-one encoding of the entity key: two keys are the same entity exactly
 * when their bytes are equal, and the caller makes sure that one entity always has the same encoding.
 *
 * <p>Per key, the greatest timestamp wins; on equal timestamps the one offered later wins. The result is in replay
 * order: ascending timestamp, ties in offer order. Each key is copied once into storage of its own, and the value
 * of each version that wins when offered too, so the caller may reuse its buffers; displaced values are reclaimed
 * by copying the winners' values into fresh storage once they waste more than the winners use. A load of millions
 * of records thus keeps nothing per record but bytes in a few large arrays, which the garbage collector neither
 * traces nor barriers, and the data an offer reads (a slot and a key) stays small enough for the processor's caches.
 * Not thread-safe: use one per load.
 */
final class EncodedLatestWins {

    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 28;
    private static final int FIRST_CHUNK_BYTES = 1 << 16;
    private static final int MAX_CHUNK_BYTES = 1 << 23;
    /** Storage may hold this much of displaced values before it is compacted, however few the winners. */
    private static final long MIN_RECLAIM_BYTES = 1 << 23;

    // Open addressing with linear probing, at most half full. What finding a key and comparing timestamps reads
    // lies side by side in `probed`, three longs per slot; what a win writes lies in `won`, four longs per slot.
    // A slot is free when its first long is 0 (keys are never empty).
    private static final int PROBED_LONGS = 3;
    private static final int HASH_AND_KEY_LENGTH = 0;
    private static final int SECONDS = 1;
    private static final int KEY_OFFSET_AND_NANO = 2;
    private static final int WON_LONGS = 4;
    private static final int VALUE_ADDRESS = 0; // chunk index << 32 | offset in the chunk
    private static final int VALUE_LENGTH = 1;
    private static final int ORDER = 2;
    private static final int POSITION = 3;

    private long[] probed;
    private long[] won;
    private int shift;
    private int size;
    private long sequence;
    private byte[] keys = new byte[1 << 12];
    private int keysFill;
    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int chunkFill;
    private long storedBytes;
    private long winnerBytes;

    /** An empty accumulator. */
    EncodedLatestWins() {
        this(MIN_CAPACITY);
    }

    /** An empty accumulator sized for about {@code expectedKeys} keys; it grows past them as needed. */
    EncodedLatestWins(int expectedKeys) {
        allocateSlots(capacityFor(expectedKeys));
    }

    /**
     * Offers the version of the entity encoded as {@code key[keyOffset, keyOffset + keyLength)} at
     * {@code epochSecond} and {@code nano}, with the value {@code value[valueOffset, valueOffset + valueLength)} and
     * a {@code position} of the caller's (such as the offset of the record it read), and copies what it keeps.
     *
     * @return whether it is now the winner of its key
     * @throws IllegalArgumentException if the key is empty or {@code nano} is not within 0-999,999,999
     * @throws IndexOutOfBoundsException if a range is outside its array
     */
    boolean offer(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength,
                         long epochSecond, int nano, long position) {
        Objects.checkFromIndexSize(keyOffset, keyLength, key.length);
        Objects.checkFromIndexSize(valueOffset, valueLength, value.length);
        if (keyLength == 0) {
            throw new IllegalArgumentException("the key is empty");
        }
        if (nano < 0 || nano > 999_999_999) {
            throw new IllegalArgumentException("nano " + nano + " is not within 0-999,999,999");
        }
        int hash = hash(key, keyOffset, keyLength);
        int slot = find(key, keyOffset, keyLength, hash);
        int at = slot * PROBED_LONGS;
        boolean first = probed[at + HASH_AND_KEY_LENGTH] == 0;
        long order = sequence++;
        if (first) {
            probed[at + HASH_AND_KEY_LENGTH] = (long) hash << 32 | keyLength;
            probed[at + KEY_OFFSET_AND_NANO] = (long) storeKey(key, keyOffset, keyLength) << 32;
        } else if (LatestWins.displaces(epochSecond, nano, probed[at + SECONDS], nano(at))) {
            winnerBytes -= won[slot * WON_LONGS + VALUE_LENGTH];
        } else {
            return false;
        }
        probed[at + SECONDS] = epochSecond;
        probed[at + KEY_OFFSET_AND_NANO] = probed[at + KEY_OFFSET_AND_NANO] & 0xFFFF_FFFF_0000_0000L | nano;
        int w = slot * WON_LONGS;
        won[w + VALUE_ADDRESS] = storeValue(value, valueOffset, valueLength);
        won[w + VALUE_LENGTH] = valueLength;
        won[w + ORDER] = order;
        won[w + POSITION] = position;
        winnerBytes += valueLength;
        if (first && ++size > capacity() >> 1) {
            if (capacity() == MAX_CAPACITY) {
                throw new IllegalStateException("more than " + (MAX_CAPACITY >> 1) + " keys");
            }
            rehash(capacity() << 1, null);
        }
        if (storedBytes - winnerBytes > Math.max(winnerBytes, MIN_RECLAIM_BYTES)) {
            compactValues();
        }
        return true;
    }

    /** The number of keys seen. */
    int size() {
        return size;
    }

    /** Removes the winners that match {@code filter}, such as those a later deletion marker removed. */
    void removeIf(Predicate<? super Version> filter) {
        rehash(capacity(), Objects.requireNonNull(filter, "filter"));
    }

    /** The winners in replay order: ascending timestamp, ties in offer order. */
    List<Version> inReplayOrder() {
        int[] used = new int[size];
        int count = 0;
        for (int slot = 0; slot < capacity(); slot++) {
            if (probed[slot * PROBED_LONGS + HASH_AND_KEY_LENGTH] != 0) {
                used[count++] = slot;
            }
        }
        mergeSort(used, new int[used.length], 0, used.length);
        List<Version> winners = new ArrayList<>(used.length);
        for (int slot : used) {
            winners.add(version(probed, won, slot));
        }
        return winners;
    }

    /** Bytes of value storage in use, by winners and by displaced values not yet reclaimed (for tests). */
    long storedBytes() {
        return storedBytes;
    }

    /**
     * A winning version: views of its key and value in this accumulator's storage (valid as long as it is not
     * offered more versions; do not modify the arrays), its timestamp and the caller's position. Being views, two
     * versions are equal only if they view the same arrays.
     *
     * @param keyArray the array that holds the key
     * @param keyOffset where the key starts in {@code keyArray}
     * @param keyLength the key's length in bytes
     * @param valueArray the array that holds the value
     * @param valueOffset where the value starts in {@code valueArray}
     * @param valueLength the value's length in bytes
     * @param epochSecond the timestamp's second since the epoch
     * @param nano the timestamp's nanosecond within its second
     * @param position the position it was offered with
     */
    record Version(byte[] keyArray, int keyOffset, int keyLength, byte[] valueArray, int valueOffset,
                          int valueLength, long epochSecond, int nano, long position) {

        /** A copy of the key. */
        public byte[] key() {
            return Arrays.copyOfRange(keyArray, keyOffset, keyOffset + keyLength);
        }

        /** Whether the key is {@code key}, byte for byte. */
        public boolean hasKey(byte[] key) {
            return Arrays.equals(keyArray, keyOffset, keyOffset + keyLength, key, 0, key.length);
        }
    }

    private Version version(long[] probedIn, long[] wonIn, int slot) {
        int at = slot * PROBED_LONGS;
        int w = slot * WON_LONGS;
        long address = wonIn[w + VALUE_ADDRESS];
        return new Version(keys, keyOffset(probedIn, at), keyLength(probedIn, at), chunks[(int) (address >>> 32)],
                (int) address, (int) wonIn[w + VALUE_LENGTH], probedIn[at + SECONDS], nano(probedIn, at),
                wonIn[w + POSITION]);
    }

    private int capacity() {
        return probed.length / PROBED_LONGS;
    }

    private int nano(int at) {
        return nano(probed, at);
    }

    private static int nano(long[] in, int at) {
        return (int) in[at + KEY_OFFSET_AND_NANO];
    }

    private static int keyOffset(long[] in, int at) {
        return (int) (in[at + KEY_OFFSET_AND_NANO] >>> 32);
    }

    private static int keyLength(long[] in, int at) {
        return (int) in[at + HASH_AND_KEY_LENGTH];
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int hash = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }

    /** The slot of the key, or the free slot where it belongs. */
    private int find(byte[] key, int keyOffset, int keyLength, int hash) {
        // Fibonacci hashing: keys that differ only in their last bytes have close hash codes, which would cluster.
        int slot = hash * 0x9E3779B9 >>> shift;
        int mask = capacity() - 1;
        long wanted = (long) hash << 32 | keyLength;
        while (true) {
            int at = slot * PROBED_LONGS;
            long hashAndLength = probed[at + HASH_AND_KEY_LENGTH];
            if (hashAndLength == 0) {
                return slot;
            }
            if (hashAndLength == wanted) {
                int stored = keyOffset(probed, at);
                if (Arrays.equals(keys, stored, stored + keyLength, key, keyOffset, keyOffset + keyLength)) {
                    return slot;
                }
            }
            slot = slot + 1 & mask;
        }
    }

    /** Appends a key to the key storage; its offset there. */
    private int storeKey(byte[] key, int keyOffset, int keyLength) {
        if (keys.length - keysFill < keyLength) {
            long grown = Math.max(2L * keys.length, (long) keysFill + keyLength);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("the keys take more than 2 GiB");
            }
            keys = Arrays.copyOf(keys, (int) grown);
        }
        System.arraycopy(key, keyOffset, keys, keysFill, keyLength);
        int offset = keysFill;
        keysFill += keyLength;
        return offset;
    }

    /** Appends a value to the value storage; its address. */
    private long storeValue(byte[] value, int valueOffset, int valueLength) {
        if (chunkCount == 0 || chunks[chunkCount - 1].length - chunkFill < valueLength) {
            int last = chunkCount == 0 ? 0 : chunks[chunkCount - 1].length;
            newChunk(Math.max(valueLength, Math.min(MAX_CHUNK_BYTES, Math.max(FIRST_CHUNK_BYTES, 2 * last))));
        }
        System.arraycopy(value, valueOffset, chunks[chunkCount - 1], chunkFill, valueLength);
        long address = (long) (chunkCount - 1) << 32 | chunkFill;
        chunkFill += valueLength;
        storedBytes += valueLength;
        return address;
    }

    private void newChunk(int bytes) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, 2 * chunkCount);
        }
        chunks[chunkCount++] = new byte[bytes];
        chunkFill = 0;
    }

    /** Copies the winners' values into fresh storage, reclaiming the displaced ones. */
    private void compactValues() {
        byte[][] old = chunks;
        chunks = new byte[4][];
        chunkCount = 0;
        chunkFill = 0;
        storedBytes = 0;
        newChunk((int) Math.max(FIRST_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, winnerBytes + winnerBytes / 4)));
        for (int slot = 0; slot < capacity(); slot++) {
            if (probed[slot * PROBED_LONGS + HASH_AND_KEY_LENGTH] != 0) {
                int w = slot * WON_LONGS;
                long address = won[w + VALUE_ADDRESS];
                won[w + VALUE_ADDRESS] = storeValue(old[(int) (address >>> 32)], (int) address,
                        (int) won[w + VALUE_LENGTH]);
            }
        }
    }

    /** Moves every winner into fresh slots of {@code capacity}, leaving out those {@code drop} (if any) matches. */
    private void rehash(int capacity, Predicate<? super Version> drop) {
        long[] oldProbed = probed;
        long[] oldWon = won;
        allocateSlots(capacity);
        size = 0;
        for (int slot = 0; slot < oldProbed.length / PROBED_LONGS; slot++) {
            int at = slot * PROBED_LONGS;
            long hashAndLength = oldProbed[at + HASH_AND_KEY_LENGTH];
            if (hashAndLength == 0) {
                continue;
            }
            if (drop != null && drop.test(version(oldProbed, oldWon, slot))) {
                winnerBytes -= oldWon[slot * WON_LONGS + VALUE_LENGTH];
                continue;
            }
            int keyOffset = keyOffset(oldProbed, at);
            int target = find(keys, keyOffset, keyLength(oldProbed, at), (int) (hashAndLength >>> 32));
            System.arraycopy(oldProbed, at, probed, target * PROBED_LONGS, PROBED_LONGS);
            System.arraycopy(oldWon, slot * WON_LONGS, won, target * WON_LONGS, WON_LONGS);
            size++;
        }
    }

    private void allocateSlots(int capacity) {
        probed = new long[capacity * PROBED_LONGS];
        won = new long[capacity * WON_LONGS];
        shift = Integer.numberOfLeadingZeros(capacity) + 1;
    }

    private static int capacityFor(int expectedKeys) {
        long wanted = Math.max(MIN_CAPACITY, 2L * Math.max(0, expectedKeys));
        return (int) Math.min(MAX_CAPACITY, Long.highestOneBit(wanted - 1) << 1);
    }

    /** Sorts {@code used[from, to)} into replay order: a top-down merge sort on primitive slot numbers. */
    private void mergeSort(int[] used, int[] buffer, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int middle = from + to >>> 1;
        mergeSort(used, buffer, from, middle);
        mergeSort(used, buffer, middle, to);
        if (compare(used[middle - 1], used[middle]) <= 0) {
            return;
        }
        System.arraycopy(used, from, buffer, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || left < middle && compare(buffer[left], buffer[right]) <= 0) {
                used[i] = buffer[left++];
            } else {
                used[i] = buffer[right++];
            }
        }
    }

    private int compare(int slot, int other) {
        int a = slot * PROBED_LONGS;
        int b = other * PROBED_LONGS;
        return LatestWins.replayOrder(probed[a + SECONDS], nano(a), won[slot * WON_LONGS + ORDER],
                probed[b + SECONDS], nano(b), won[other * WON_LONGS + ORDER]);
    }
}
