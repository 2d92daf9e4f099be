package org.workspaceengine.persistence.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * {@link LatestWins}'s rule for versions that arrive encoded, each a key and a value of bytes (the records of a
 * partition), for keys that are a one-to-one encoding of the entity key: two keys are the same entity exactly when
 * their bytes are equal, and the caller makes sure that one entity always has the same encoding. A key can be
 * {@linkplain #forget forgotten}, as a Kafka tombstone removes it: what is offered for it afterwards starts fresh.
 *
 * <p>Per key, the greatest timestamp wins; on equal timestamps the one offered later wins. The result is in replay
 * order: ascending timestamp, ties in offer order. The key of each entity and the value of each version that wins
 * when offered are copied, so the caller may reuse its buffers.
 *
 * <p>A {@code HashMap} keyed by the key bytes. A hand-written open-addressing table that kept keys and values in a
 * few large arrays was measured against it with JMH and removed: 63 ms against this map's 48 ms for 100,000 records
 * of 20,000 keys with {@code -Xmx1g}, and equal with {@code -Xmx256m} (2 cores, Java 17). Not thread-safe: use one per
 * load.
 */
final class EncodedLatestWins {

    private final Map<ByteBuffer, Winner> winners;
    private long sequence;

    /** An empty accumulator. */
    EncodedLatestWins() {
        this(16);
    }

    /** An empty accumulator sized for about {@code expectedKeys} keys; it grows past them as needed. */
    EncodedLatestWins(int expectedKeys) {
        winners = new HashMap<>(Math.max(16, (int) Math.min(1 << 30, expectedKeys * 4L / 3 + 1)));
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
        long order = sequence++;
        Winner current = winners.get(ByteBuffer.wrap(key, keyOffset, keyLength));
        if (current == null) {
            byte[] copy = Arrays.copyOfRange(key, keyOffset, keyOffset + keyLength);
            current = new Winner(copy);
            winners.put(ByteBuffer.wrap(copy), current);
        } else if (!LatestWins.displaces(epochSecond, nano, current.epochSecond, current.nano)) {
            return false;
        }
        current.value = Arrays.copyOfRange(value, valueOffset, valueOffset + valueLength);
        current.epochSecond = epochSecond;
        current.nano = nano;
        current.order = order;
        current.position = position;
        return true;
    }

    /**
     * A copy holding the same winners, to which offers continue as they would to this one; this one is left as it
     * is (the keys' and values' arrays are shared: neither accumulator changes them).
     */
    EncodedLatestWins copy() {
        EncodedLatestWins copy = new EncodedLatestWins(winners.size() + 16);
        for (Winner winner : winners.values()) {
            Winner twin = new Winner(winner.key);
            twin.value = winner.value;
            twin.epochSecond = winner.epochSecond;
            twin.nano = winner.nano;
            twin.order = winner.order;
            twin.position = winner.position;
            copy.winners.put(ByteBuffer.wrap(twin.key), twin);
        }
        copy.sequence = sequence;
        return copy;
    }

    /** The number of keys seen. */
    int size() {
        return winners.size();
    }

    /**
     * Forgets the key {@code key[keyOffset, keyOffset + keyLength)} and its winner, as a tombstone does: a version of
     * that key offered afterwards starts fresh, whatever its timestamp.
     *
     * @return whether the key had a winner
     * @throws IndexOutOfBoundsException if the range is outside {@code key}
     */
    boolean forget(byte[] key, int keyOffset, int keyLength) {
        Objects.checkFromIndexSize(keyOffset, keyLength, key.length);
        return winners.remove(ByteBuffer.wrap(key, keyOffset, keyLength)) != null;
    }

    /** The winners in replay order: ascending timestamp, ties in offer order. */
    List<Version> inReplayOrder() {
        List<Winner> ordered = new ArrayList<>(winners.values());
        ordered.sort((a, b) -> LatestWins.replayOrder(a.epochSecond, a.nano, a.order, b.epochSecond, b.nano, b.order));
        List<Version> versions = new ArrayList<>(ordered.size());
        for (Winner winner : ordered) {
            versions.add(winner.version());
        }
        return versions;
    }

    /**
     * The winners in the order they were offered (each at its winning offer): offering them again in this order to
     * an empty accumulator, then anything else, gives what offering everything to this one would.
     */
    List<Version> inOfferOrder() {
        List<Winner> ordered = new ArrayList<>(winners.values());
        ordered.sort((a, b) -> Long.compare(a.order, b.order));
        List<Version> versions = new ArrayList<>(ordered.size());
        for (Winner winner : ordered) {
            versions.add(winner.version());
        }
        return versions;
    }

    /** Hands each winner to {@code action}, in no particular order. */
    void forEach(Consumer<? super Version> action) {
        for (Winner winner : winners.values()) {
            action.accept(winner.version());
        }
    }

    /** Bytes of the winners' values (displaced values are left to the garbage collector). */
    long storedBytes() {
        long bytes = 0;
        for (Winner winner : winners.values()) {
            bytes += winner.value.length;
        }
        return bytes;
    }

    /**
     * A winning version: views of its key and value as this accumulator keeps them (do not modify the arrays), its
     * timestamp and the caller's position.
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
        byte[] key() {
            return Arrays.copyOfRange(keyArray, keyOffset, keyOffset + keyLength);
        }

        /** Whether the key is {@code key}, byte for byte. */
        boolean hasKey(byte[] key) {
            return Arrays.equals(keyArray, keyOffset, keyOffset + keyLength, key, 0, key.length);
        }
    }

    /** The current winner of one key. */
    private static final class Winner {
        final byte[] key;
        byte[] value;
        long epochSecond;
        int nano;
        long order;
        long position;

        Winner(byte[] key) {
            this.key = key;
        }

        Version version() {
            return new Version(key, 0, key.length, value, 0, value.length, epochSecond, nano, position);
        }
    }
}
