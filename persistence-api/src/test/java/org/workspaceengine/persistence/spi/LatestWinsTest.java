package org.workspaceengine.persistence.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    void offeringDisplacingReturnsWhatIsNoLongerHeld() {
        LatestWins<String> latest = new LatestWins<>();

        assertThat(latest.offerDisplacing("t", "a", T0, "first")).isNull();
        assertThat(latest.offerDisplacing("t", "a", T0.plusSeconds(1), "second")).isEqualTo("first");
        assertThat(latest.offerDisplacing("t", "a", T0, "older")).isEqualTo("older");
        assertThat(latest.offerDisplacing("t", "a", T0.plusSeconds(1), "tie")).isEqualTo("second");

        assertThat(latest.inReplayOrder()).containsExactly("tie");
    }

    @Test
    void offeringTheSameValueAgainReportsItsWin() {
        LatestWins<String> latest = new LatestWins<>();
        String value = "v";

        assertThat(latest.offer("t", "a", T0, value)).isTrue();
        assertThat(latest.offer("t", "a", T0.plusSeconds(1), value)).isTrue();
        assertThat(latest.offer("t", "a", T0, value)).isFalse();
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

    @Test
    void offeringByTypeAndIdIsOfferingByKeyAcrossTypes() {
        long seed = 42;
        Random random = new Random(seed);
        LatestWins<Integer> byKey = new LatestWins<>();
        LatestWins<Integer> byParts = new LatestWins<>(4);
        for (int i = 0; i < 2000; i++) {
            String type = "type-" + random.nextInt(3);
            String id = "id-" + random.nextInt(50);
            Instant at = T0.plusSeconds(random.nextInt(20));
            boolean won = byKey.offer(new EntityKey(type, id), at, i);

            assertThat(byParts.offer(type, id, at, i)).as("seed %d, offer %d", seed, i).isEqualTo(won);
        }
        assertThat(byParts.size()).isEqualTo(byKey.size());
        assertThat(byParts.inReplayOrder()).isEqualTo(byKey.inReplayOrder());
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 50; i++) {
                EntityKey key = new EntityKey("type-" + t, "id-" + i);
                assertThat(byParts.get(key)).isEqualTo(byKey.get(key));
                winners.add(byParts.get(key));
            }
        }
        byKey.removeIf(value -> value % 2 == 0);
        byParts.removeIf(value -> value % 2 == 0);
        assertThat(byParts.size()).isEqualTo(byKey.size());
        assertThat(byParts.inReplayOrder()).isEqualTo(byKey.inReplayOrder());
        byParts.clear();
        assertThat(byParts.size()).isZero();
        assertThat(byParts.inReplayOrder()).isEmpty();
        assertThat(winners).isNotEmpty();
    }

    @Test
    void offeringByTypeAndIdRejectsWhatEntityKeyRejects() {
        LatestWins<String> latest = new LatestWins<>();

        assertThatThrownBy(() -> latest.offer(" ", "a", T0, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entity type");
        assertThatThrownBy(() -> latest.offer("t", "", T0, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entity id");
        assertThatThrownBy(() -> latest.offer(null, "a", T0, "v")).isInstanceOf(NullPointerException.class);
        assertThat(latest.size()).isZero();
    }
}
