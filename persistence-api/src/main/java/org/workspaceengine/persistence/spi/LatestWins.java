package org.workspaceengine.persistence.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.EntityKey;

/**
 * The one compaction rule every store uses: per entity key, the change with the greatest timestamp wins; on equal
 * timestamps the one offered later wins. The result is in replay order: ascending timestamp, ties in offer order.
 *
 * <p>Offer changes in save order. Values are generic so that backends can compact encoded records and deserialize
 * only the winners. Not thread-safe: guard it, or use one per load.
 *
 * @param <T> what is kept per key
 */
public final class LatestWins<T> {

    // Per entity type, per entity id: no key object is built per offer, and a winner is replaced in place.
    private final Map<String, Map<String, Entry<T>>> winners = new HashMap<>();
    private final int expectedKeys;
    private int size;
    private long sequence;
    private String lastType;
    private Map<String, Entry<T>> lastTypeWinners;

    /** An empty accumulator. */
    public LatestWins() {
        this(16);
    }

    /**
     * An empty accumulator sized for about {@code expectedKeys} keys.
     *
     * @param expectedKeys the expected keys
     */
    public LatestWins(int expectedKeys) {
        this.expectedKeys = Math.max(16, expectedKeys);
    }

    /**
     * The latest change per entity of {@code changes} (given in save order), in replay order.
     *
     * @param changes the changes
     * @return the latest change per entity of {@code changes} (given in save order), in replay order
     */
    public static List<Change> compact(Iterable<Change> changes) {
        LatestWins<Change> latest = new LatestWins<>();
        for (Change change : changes) {
            latest.offer(change);
        }
        return latest.inReplayOrder();
    }

    /**
     * Offers {@code value}, the version of {@code key} at {@code timestamp}.
     *
     * @param key the entity key
     * @param timestamp the change's timestamp
     * @param value the value
     * @return whether it is now the winner of its key
     */
    public boolean offer(EntityKey key, Instant timestamp, T value) {
        return offer(key.entityType(), key.entityId(), timestamp, value);
    }

    /**
     * Offers {@code value}, the version of the entity {@code entityType}/{@code entityId} at {@code timestamp}: the
     * same as {@link #offer(EntityKey, Instant, Object)} with that key, without building it (for loads that offer
     * millions of versions).
     *
     * @param entityType the entity type
     * @param entityId the entity id
     * @param timestamp the change's timestamp
     * @param value the value
     * @return whether it is now the winner of its key
     * @throws IllegalArgumentException if the type or id is blank, and {@link NullPointerException} if one is null,
     *         as {@link EntityKey} does
     */
    public boolean offer(String entityType, String entityId, Instant timestamp, T value) {
        return place(entityType, entityId, timestamp, value) != LOST;
    }

    /**
     * {@link #offer(String, String, Instant, Object) Offers} {@code value} and returns what this accumulator no
     * longer holds because of it: the previous winner it replaced, or {@code value} itself if it lost, or null if
     * it is the first of its key. A load can then reuse that object for the next version it reads instead of
     * allocating one per version.
     *
     * @param entityType the entity type
     * @param entityId the entity id
     * @param timestamp the change's timestamp
     * @param value the value
     * @return {@link #offer(String, String, Instant, Object) Offers} {@code value} and returns what this accumulator no
     *     longer holds because of it: the previous winner it replaced, or {@code value} itself if it lost, or null if
     *     it is the first of its key
     */
    @SuppressWarnings("unchecked")
    public T offerDisplacing(String entityType, String entityId, Instant timestamp, T value) {
        Object outcome = place(entityType, entityId, timestamp, value);
        return outcome == FIRST ? null : outcome == LOST ? value : (T) outcome;
    }

    private static final Object FIRST = new Object();
    private static final Object LOST = new Object();

    /** Applies the rule: {@link #FIRST} for a new key, {@link #LOST}, or the winner {@code value} displaced. */
    private Object place(String entityType, String entityId, Instant timestamp, T value) {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(value, "value");
        if (entityType == null || entityId == null || entityType.isBlank() || entityId.isBlank()) {
            throw invalidKey(entityType, entityId);
        }
        Map<String, Entry<T>> ofType = ofType(entityType, true);
        Entry<T> current = ofType.get(entityId);
        long seconds = timestamp.getEpochSecond();
        int nanos = timestamp.getNano();
        if (current == null) {
            ofType.put(entityId, new Entry<>(seconds, nanos, sequence++, value));
            size++;
            return FIRST;
        }
        long order = sequence++;
        if (!displaces(seconds, nanos, current.seconds, current.nanos)) {
            return LOST;
        }
        T displaced = current.value;
        current.seconds = seconds;
        current.nanos = nanos;
        current.order = order;
        current.value = value;
        return displaced;
    }

    /**
     * The winner of {@code key}, or null.
     *
     * @param key the entity key
     * @return the winner of {@code key}, or null
     */
    public T get(EntityKey key) {
        Map<String, Entry<T>> ofType = ofType(key.entityType(), false);
        Entry<T> entry = ofType == null ? null : ofType.get(key.entityId());
        return entry == null ? null : entry.value;
    }

    /**
     * The number of keys seen.
     *
     * @return the number of keys seen
     */
    public int size() {
        return size;
    }

    /**
     * How many winners match {@code filter} (such as deletion markers), in no order: nothing is sorted.
     *
     * @param filter the filter
     * @return how many winners match {@code filter} (such as deletion markers), in no order: nothing is sorted
     */
    public long count(Predicate<? super T> filter) {
        long count = 0;
        for (Map<String, Entry<T>> ofType : winners.values()) {
            for (Entry<T> entry : ofType.values()) {
                count += filter.test(entry.value) ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * Removes the winners that match {@code filter}, such as expired deletion markers.
     *
     * @param filter the filter
     */
    public void removeIf(Predicate<? super T> filter) {
        for (Map<String, Entry<T>> ofType : winners.values()) {
            int before = ofType.size();
            ofType.values().removeIf(entry -> filter.test(entry.value));
            size -= before - ofType.size();
        }
    }

    /** Forgets everything. */
    public void clear() {
        winners.clear();
        lastType = null;
        lastTypeWinners = null;
        size = 0;
    }

    /**
     * The winners in replay order: ascending timestamp, ties in offer order.
     *
     * @return the winners in replay order: ascending timestamp, ties in offer order
     */
    public List<T> inReplayOrder() {
        List<Entry<T>> entries = new ArrayList<>(size);
        for (Map<String, Entry<T>> ofType : winners.values()) {
            entries.addAll(ofType.values());
        }
        entries.sort(Entry::compareTo);
        List<T> values = new ArrayList<>(entries.size());
        for (Entry<T> entry : entries) {
            values.add(entry.value);
        }
        return values;
    }

    /**
     * {@link #offer(EntityKey, Instant, Object) Offers} a change under its own key and timestamp.
     *
     * @param change the change
     * @return {@link #offer(EntityKey, Instant, Object) Offers} a change under its own key and timestamp
     */
    @SuppressWarnings("unchecked")
    public boolean offer(Change change) {
        return offer(change.key(), change.timestamp(), (T) change);
    }

    /** The winners of one entity type, created if asked; the last type used is remembered. */
    private Map<String, Entry<T>> ofType(String entityType, boolean create) {
        if (entityType.equals(lastType)) {
            return lastTypeWinners;
        }
        Map<String, Entry<T>> ofType = winners.get(entityType);
        if (ofType == null) {
            if (!create) {
                return null;
            }
            // The first type gets the expected size; further types start small and grow.
            ofType = new HashMap<>(winners.isEmpty() ? (int) (expectedKeys / 0.75f) + 1 : 16);
            winners.put(entityType, ofType);
        }
        lastType = entityType;
        lastTypeWinners = ofType;
        return ofType;
    }

    /**
     * The rule itself, for stores that keep winners their own way (the Kafka store's encoded table): whether a version
     * at {@code seconds}/{@code nanos}, offered after the current winner at
     * {@code currentSeconds}/{@code currentNanos}, displaces it (a later offer wins ties).
     *
     * @param seconds the seconds
     * @param nanos the nanos
     * @param currentSeconds the current seconds
     * @param currentNanos the current nanos
     * @return the rule itself, for stores that keep winners their own way (the Kafka store's encoded table): whether a
     *     version at {@code seconds}/{@code nanos}, offered after the current winner at {@code currentSeconds}/{@code
     *     currentNanos}, displaces it (a later offer wins ties)
     */
    public static boolean displaces(long seconds, int nanos, long currentSeconds, int currentNanos) {
        return seconds > currentSeconds || seconds == currentSeconds && nanos >= currentNanos;
    }

    /**
     * The replay order of two winners given as timestamp and offer order: ascending timestamp, ties in offer order;
     * negative when the first comes first.
     *
     * @param seconds the seconds
     * @param nanos the nanos
     * @param order the order
     * @param otherSeconds the other seconds
     * @param otherNanos the other nanos
     * @param otherOrder the other order
     * @return the replay order of two winners given as timestamp and offer order: ascending timestamp, ties in offer
     *     order; negative when the first comes first
     */
    public static int replayOrder(long seconds, int nanos, long order, long otherSeconds, int otherNanos,
                                  long otherOrder) {
        int bySecond = Long.compare(seconds, otherSeconds);
        if (bySecond != 0) {
            return bySecond;
        }
        int byNano = Integer.compare(nanos, otherNanos);
        return byNano != 0 ? byNano : Long.compare(order, otherOrder);
    }

    /** What {@link EntityKey} throws for this type and id, which it rejects. */
    private static RuntimeException invalidKey(String entityType, String entityId) {
        try {
            return new IllegalStateException("rejected a valid key " + new EntityKey(entityType, entityId));
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * A key's winner: its timestamp, offer order and value, replaced in place by later winners. The timestamp is
     * kept as numbers: a long load replaces millions of winners, and entries that hold no reference to a fresh
     * {@link Instant} are cheaper for the garbage collector once they have aged.
     */
    private static final class Entry<T> implements Comparable<Entry<T>> {
        long seconds;
        int nanos;
        long order;
        T value;

        Entry(long seconds, int nanos, long order, T value) {
            this.seconds = seconds;
            this.nanos = nanos;
            this.order = order;
            this.value = value;
        }

        @Override
        public int compareTo(Entry<T> other) {
            return replayOrder(seconds, nanos, order, other.seconds, other.nanos, other.order);
        }
    }
}
