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

    private final Map<EntityKey, Entry<T>> winners;
    private long sequence;

    /** An empty accumulator. */
    public LatestWins() {
        this.winners = new HashMap<>();
    }

    /** An empty accumulator sized for about {@code expectedKeys} keys. */
    public LatestWins(int expectedKeys) {
        this.winners = new HashMap<>(Math.max(16, (int) (expectedKeys / 0.75f) + 1));
    }

    /** The latest change per entity of {@code changes} (given in save order), in replay order. */
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
     * @return whether it is now the winner of its key
     */
    public boolean offer(EntityKey key, Instant timestamp, T value) {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(value, "value");
        Entry<T> offered = new Entry<>(timestamp, sequence++, value);
        return winners.merge(key, offered, LatestWins::later) == offered;
    }

    /** The winner of {@code key}, or null. */
    public T get(EntityKey key) {
        Entry<T> entry = winners.get(key);
        return entry == null ? null : entry.value;
    }

    /** The number of keys seen. */
    public int size() {
        return winners.size();
    }

    /** Removes the winners that match {@code filter}, such as expired deletion markers. */
    public void removeIf(Predicate<? super T> filter) {
        winners.values().removeIf(entry -> filter.test(entry.value));
    }

    /** Forgets everything. */
    public void clear() {
        winners.clear();
    }

    /** The winners in replay order: ascending timestamp, ties in offer order. */
    public List<T> inReplayOrder() {
        List<Entry<T>> entries = new ArrayList<>(winners.values());
        entries.sort(Entry::compareTo);
        List<T> values = new ArrayList<>(entries.size());
        for (Entry<T> entry : entries) {
            values.add(entry.value);
        }
        return values;
    }

    /** {@link #offer(EntityKey, Instant, Object) Offers} a change under its own key and timestamp. */
    @SuppressWarnings("unchecked")
    public boolean offer(Change change) {
        return offer(change.key(), change.timestamp(), (T) change);
    }

    private static <T> Entry<T> later(Entry<T> current, Entry<T> offered) {
        return offered.timestamp.compareTo(current.timestamp) < 0 ? current : offered;
    }

    private record Entry<T>(Instant timestamp, long order, T value) implements Comparable<Entry<T>> {
        @Override
        public int compareTo(Entry<T> other) {
            int byTime = timestamp.compareTo(other.timestamp);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
