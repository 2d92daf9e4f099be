package org.workspaceengine.persistence.file;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.workspaceengine.persistence.file.LogScan.Lines;
import org.workspaceengine.persistence.file.LogScan.Winner;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * The latest line per entity of a scan, by the one compaction rule ({@link LatestWins#displaces},
 * {@link LatestWins#replayOrder}), in a table built for millions of lines: a key is looked up by the bytes of its
 * entity id in the chunk being read, so a version of a known entity builds no string, and its winner is updated in
 * place. Only a new entity costs objects (its winner and id). Open addressing with linear probing over an array of
 * hashes, so that a probe reads a winner only when its hash matches; not thread-safe.
 */
final class WinnerTable {

    private static final int FIRST_CAPACITY = 1 << 10;
    private static final Predicate<Winner> NONE = winner -> false;
    private static final Comparator<Winner> REPLAY_ORDER =
            (a, b) -> LatestWins.replayOrder(a.seconds, a.nanos, a.order, b.seconds, b.nanos, b.order);

    private int[] hashes = new int[FIRST_CAPACITY];
    private Winner[] slots = new Winner[FIRST_CAPACITY];
    /** The winners in the order their entities first appeared (the first {@link #size}). */
    private Winner[] inserted = new Winner[FIRST_CAPACITY];
    private int size;
    private long sequence;

    /** Offers line {@code i} of {@code lines}, line {@code lineNumber} of the file, in file order. */
    void offer(Lines lines, int i, long lineNumber) {
        String entityType = lines.entityTypes[i];
        int hash = mix(entityType.hashCode() * 31 + lines.idHashes[i]);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            Winner winner = slots[slot];
            if (winner == null) {
                winner = new Winner().set(lines, i, lineNumber);
                winner.entityType = entityType;
                winner.entityId = lines.entityId(i);
                winner.hash = hash;
                winner.order = sequence++;
                hashes[slot] = hash;
                slots[slot] = winner;
                if (size == inserted.length) {
                    inserted = Arrays.copyOf(inserted, size * 2);
                }
                inserted[size] = winner;
                if (++size > slots.length / 2) {
                    rebuild(slots.length * 2, NONE);
                }
                return;
            }
            if (hashes[slot] == hash && winner.entityType.equals(entityType) && lines.idEquals(i, winner.entityId)) {
                long order = sequence++;
                if (LatestWins.displaces(lines.seconds[i], lines.nanos[i], winner.seconds, winner.nanos)) {
                    winner.set(lines, i, lineNumber);
                    winner.order = order;
                }
                return;
            }
        }
    }

    /** The number of entities seen. */
    int size() {
        return size;
    }

    /** How many winners match {@code filter}. */
    long count(Predicate<Winner> filter) {
        long count = 0;
        for (int i = 0; i < size; i++) {
            count += filter.test(inserted[i]) ? 1 : 0;
        }
        return count;
    }

    /** Forgets the winners that match {@code filter}, such as expired deletion markers. */
    void removeIf(Predicate<Winner> filter) {
        rebuild(slots.length, filter);
    }

    /** The winners in replay order: ascending timestamp, ties in file order. */
    List<Winner> inReplayOrder() {
        List<Winner> winners = inOfferOrder();
        // Where timestamps grow along the file, the offer order is the replay order: one pass checks it.
        for (int i = 1; i < winners.size(); i++) {
            if (REPLAY_ORDER.compare(winners.get(i - 1), winners.get(i)) > 0) {
                winners.sort(REPLAY_ORDER);
                break;
            }
        }
        return winners;
    }

    /** The winners in the order their winning lines were offered, or in any order when they are far fewer. */
    private List<Winner> inOfferOrder() {
        // Most often the order the entities first appeared in: as in a compacted file, or one whose entities
        // change in turn.
        boolean ordered = true;
        for (int i = 1; i < size && ordered; i++) {
            ordered = inserted[i - 1].order < inserted[i].order;
        }
        if (ordered) {
            return new ArrayList<>(Arrays.asList(inserted).subList(0, size));
        }
        List<Winner> winners = new ArrayList<>(size);
        if (sequence <= 16L * size + 1024 && sequence < Integer.MAX_VALUE - 8) {
            // Each winner placed at its order, a pass over the offers.
            Winner[] byOrder = new Winner[(int) sequence];
            for (int i = 0; i < size; i++) {
                byOrder[(int) inserted[i].order] = inserted[i];
            }
            for (Winner winner : byOrder) {
                if (winner != null) {
                    winners.add(winner);
                }
            }
        } else {
            winners.addAll(Arrays.asList(inserted).subList(0, size)); // the replay order's sort orders them
        }
        return winners;
    }

    /** Forgets the table (not the winners already handed out). */
    void clear() {
        hashes = new int[FIRST_CAPACITY];
        slots = new Winner[FIRST_CAPACITY];
        inserted = new Winner[FIRST_CAPACITY];
        size = 0;
    }

    /** Puts the winners into a table of {@code capacity} slots, leaving out those that match {@code removed}. */
    private void rebuild(int capacity, Predicate<Winner> removed) {
        int before = size;
        hashes = new int[capacity];
        slots = new Winner[capacity];
        size = 0;
        for (int i = 0; i < before; i++) {
            // The kept winners move down within the inserted array, in order: each is read before its place is reused.
            Winner winner = inserted[i];
            if (!removed.test(winner)) {
                insert(winner);
            }
        }
        Arrays.fill(inserted, size, before, null);
    }

    /** Puts {@code winner} back into the table, after those kept before it. */
    private void insert(Winner winner) {
        int mask = slots.length - 1;
        int slot = winner.hash & mask;
        while (slots[slot] != null) {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = winner.hash;
        slots[slot] = winner;
        inserted[size++] = winner;
    }

    /** Spreads the bits of a string hash, whose low bits alone collide for ids that differ at the end. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
