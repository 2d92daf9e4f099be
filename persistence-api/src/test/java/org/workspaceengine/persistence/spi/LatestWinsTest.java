package org.workspaceengine.persistence.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.EntityKey;

class LatestWinsTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");
    private static final EntityKey A = new EntityKey("t", "a");
    private static final EntityKey B = new EntityKey("t", "b");

    @Test
    void greatestTimestampWinsWhateverTheOfferOrder() {
        LatestWins<String> latest = new LatestWins<>();

        assertThat(latest.offer(A, T0.plusSeconds(2), "new")).isTrue();
        assertThat(latest.offer(A, T0, "old")).isFalse();

        assertThat(latest.get(A)).isEqualTo("new");
    }

    @Test
    void onEqualTimestampsTheLaterOfferWins() {
        LatestWins<String> latest = new LatestWins<>();
        latest.offer(A, T0, "first");
        latest.offer(A, T0, "second");

        assertThat(latest.inReplayOrder()).containsExactly("second");
    }

    @Test
    void replayOrderIsAscendingTimestampThenOfferOrder() {
        LatestWins<String> latest = new LatestWins<>();
        latest.offer(B, T0.plusSeconds(1), "b");
        latest.offer(A, T0.plusSeconds(1), "a");
        latest.offer(new EntityKey("t", "c"), T0, "c");

        assertThat(latest.inReplayOrder()).containsExactly("c", "b", "a");
    }

    @Test
    void aWinnerReplacedAtTheSameTimestampMovesBehindItsTies() {
        LatestWins<String> latest = new LatestWins<>();
        latest.offer(A, T0, "a1");
        latest.offer(B, T0, "b");
        latest.offer(A, T0, "a2");

        assertThat(latest.inReplayOrder()).containsExactly("b", "a2");
    }

    @Test
    void removeIfDropsMatchingWinners() {
        LatestWins<String> latest = new LatestWins<>();
        latest.offer(A, T0, "keep");
        latest.offer(B, T0, "drop");

        latest.removeIf("drop"::equals);

        assertThat(latest.inReplayOrder()).containsExactly("keep");
        assertThat(latest.size()).isEqualTo(1);
    }
}
