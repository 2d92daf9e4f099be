package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The cache of a local view's winners: bounded, least recently used dropped first, forgotten per partition. */
class ViewWinnersTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void theLeastRecentlyUsedWinnersAreDroppedPastTheBudget() {
        EncodedLatestWins one = winners(10, 100); // about 10 x (100 + 8 + 112) bytes
        long budget = 4 * weightOf(one) + 10;
        ViewWinners cache = new ViewWinners(budget);
        cache.put(P0, "a", "0.view", 10, one);
        cache.put(P0, "b", "1.view", 10, winners(10, 100));
        cache.put(P0, "c", "2.view", 10, winners(10, 100));
        cache.put(P0, "d", "3.view", 10, winners(10, 100));
        assertThat(cache.get(P0, "a")).isNotNull(); // now the most recently used
        cache.put(P0, "e", "4.view", 10, winners(10, 100));
        assertThat(cache.get(P0, "b")).as("the least recently used").isNull();
        assertThat(cache.get(P0, "a").latest()).isSameAs(one);
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.weight()).isLessThanOrEqualTo(budget);
    }

    @Test
    void winnersHeavierThanAQuarterOfTheBudgetAreNotCached() {
        ViewWinners cache = new ViewWinners(4 * weightOf(winners(10, 100)) - 1);
        cache.put(P0, "a", "0.view", 10, winners(10, 100));
        assertThat(cache.get(P0, "a")).isNull();
        assertThat(cache.weight()).isZero();
    }

    @Test
    void aPartitionsWinnersAreForgottenTogetherAndOthersKept() {
        ViewWinners cache = new ViewWinners(1 << 20);
        cache.put(P0, "a", "0.view", 10, winners(2, 10));
        cache.put(P0, "b", "1.view", 10, winners(2, 10));
        cache.put(P1, "a", "0.view", 10, winners(2, 10));
        cache.clear(P0);
        assertThat(cache.get(P0, "a")).isNull();
        assertThat(cache.get(P0, "b")).isNull();
        assertThat(cache.get(P1, "a")).isNotNull();
        cache.remove(P1, "a");
        assertThat(cache.size()).isZero();
        assertThat(cache.weight()).isZero();
    }

    @Test
    void aCopyTakesOffersWithoutChangingTheOriginal() {
        EncodedLatestWins original = winners(3, 10);
        EncodedLatestWins copy = original.copy();
        byte[] key = "k0".getBytes(StandardCharsets.UTF_8);
        byte[] value = "newer".getBytes(StandardCharsets.UTF_8);
        assertThat(copy.offer(key, 0, key.length, value, 0, value.length, 100, 0, 99)).isTrue();
        assertThat(copy.forget("k1".getBytes(StandardCharsets.UTF_8), 0, 2)).isTrue();
        assertThat(original.size()).isEqualTo(3);
        assertThat(original.inReplayOrder().get(0).valueLength()).isEqualTo(10);
        assertThat(copy.size()).isEqualTo(2);
        assertThat(copy.inReplayOrder().get(copy.size() - 1).position()).isEqualTo(99);
        // Offers continue the original's order: an equal timestamp offered to the copy wins over what it held.
        EncodedLatestWins tie = original.copy();
        byte[] later = "later".getBytes(StandardCharsets.UTF_8);
        assertThat(tie.offer("k2".getBytes(StandardCharsets.UTF_8), 0, 2, later, 0, later.length, 2, 0, 7)).isTrue();
    }

    /** {@code count} keys k0, k1... each with a value of {@code bytes} bytes at second i. */
    private static EncodedLatestWins winners(int count, int bytes) {
        EncodedLatestWins latest = new EncodedLatestWins();
        for (int i = 0; i < count; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = new byte[bytes];
            latest.offer(key, 0, key.length, value, 0, value.length, i, 0, i);
        }
        return latest;
    }

    private static long weightOf(EncodedLatestWins latest) {
        ViewWinners probe = new ViewWinners(Long.MAX_VALUE);
        probe.put(P0, "x", "0.view", 0, latest);
        return probe.weight();
    }
}
