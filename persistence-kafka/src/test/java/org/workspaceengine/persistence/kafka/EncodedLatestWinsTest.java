package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.kafka.EncodedLatestWins.Version;
import org.workspaceengine.persistence.spi.LatestWins;

class EncodedLatestWinsTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean offer(EncodedLatestWins latest, String key, long second, int nano, String value,
                                 long position) {
        byte[] k = bytes(key);
        byte[] v = bytes(value);
        return latest.offer(k, 0, k.length, v, 0, v.length, second, nano, position);
    }

    private static String value(Version version) {
        return new String(version.valueArray(), version.valueOffset(), version.valueLength(), StandardCharsets.UTF_8);
    }

    private static List<String> values(EncodedLatestWins latest) {
        return latest.inReplayOrder().stream().map(EncodedLatestWinsTest::value).toList();
    }

    @Test
    void greatestTimestampWinsAndALaterOfferWinsTies() {
        EncodedLatestWins latest = new EncodedLatestWins();

        assertThat(offer(latest, "a", 10, 0, "first", 0)).isTrue();
        assertThat(offer(latest, "a", 11, 0, "second", 1)).isTrue();
        assertThat(offer(latest, "a", 10, 999_999_999, "older", 2)).isFalse();
        assertThat(offer(latest, "a", 11, 0, "tie", 3)).isTrue();

        List<Version> winners = latest.inReplayOrder();
        assertThat(winners).hasSize(1);
        assertThat(value(winners.get(0))).isEqualTo("tie");
        assertThat(winners.get(0).key()).isEqualTo(bytes("a"));
        assertThat(winners.get(0).hasKey(bytes("a"))).isTrue();
        assertThat(winners.get(0).epochSecond()).isEqualTo(11);
        assertThat(winners.get(0).position()).isEqualTo(3);
    }

    @Test
    void copiesWhatItKeepsSoTheCallerMayReuseItsBuffers() {
        EncodedLatestWins latest = new EncodedLatestWins();
        byte[] buffer = bytes("xx[key]value-one");

        latest.offer(buffer, 2, 5, buffer, 7, 9, 1, 0, 0);
        Arrays.fill(buffer, (byte) '?');

        Version winner = latest.inReplayOrder().get(0);
        assertThat(winner.key()).isEqualTo(bytes("[key]"));
        assertThat(value(winner)).isEqualTo("value-one");
    }

    @Test
    void keysAreTheSameEntityExactlyWhenTheirBytesAreEqual() {
        EncodedLatestWins latest = new EncodedLatestWins();

        offer(latest, "[\"ns\",\"t\",\"a\"]", 10, 0, "a", 0);
        offer(latest, "[\"ns\",\"t\",\"a\"]", 11, 0, "a again", 1);
        offer(latest, "[\"ns\",\"t\",\"ab\"]", 9, 0, "ab", 2);

        assertThat(latest.size()).isEqualTo(2);
        assertThat(values(latest)).containsExactly("ab", "a again");
    }

    @Test
    void replayOrderIsAscendingTimestampThenOfferOrder() {
        EncodedLatestWins latest = new EncodedLatestWins();

        offer(latest, "late", 20, 0, "late", 0);
        offer(latest, "tie-1", 10, 5, "tie-1", 1);
        offer(latest, "early", -3, 0, "early", 2);
        offer(latest, "tie-2", 10, 5, "tie-2", 3);

        assertThat(values(latest)).containsExactly("early", "tie-1", "tie-2", "late");
    }

    @Test
    void agreesWithLatestWinsAcrossGrowthTiesAndForgottenKeys() {
        long seed = 20261126;
        Random random = new Random(seed);
        LatestWins<String> byStrings = new LatestWins<>();
        // Sized for far fewer keys than offered: the table grows several times.
        EncodedLatestWins byBytes = new EncodedLatestWins(1);
        for (int i = 0; i < 20_000; i++) {
            String id = "id-" + random.nextInt(3_000);
            if (random.nextInt(20) == 0) {
                // A tombstone: the model forgets the key as the table does.
                String forgotten = "t\0" + id;
                byStrings.removeIf(value -> value.startsWith(forgotten + "\0"));
                byte[] key = bytes(id);
                byBytes.forget(key, 0, key.length);
                continue;
            }
            // Few distinct timestamps, so that ties are common.
            Instant at = T0.plusSeconds(random.nextInt(5)).plusNanos(random.nextInt(3));
            String value = "t\0" + id + "\0value-" + i;
            boolean won = byStrings.offer("t", id, at, value);

            assertThat(offer(byBytes, id, at.getEpochSecond(), at.getNano(), value, i))
                    .as("seed %d, offer %d", seed, i).isEqualTo(won);
        }
        assertThat(byBytes.size()).isEqualTo(byStrings.size());
        assertThat(values(byBytes)).as("seed %d", seed).isEqualTo(byStrings.inReplayOrder());
    }

    @Test
    void aForgottenKeyStartsFreshWhateverTheTimestampOfItsNextVersion() {
        EncodedLatestWins latest = new EncodedLatestWins();
        offer(latest, "a", 20, 0, "before", 0);
        offer(latest, "b", 20, 0, "other", 1);

        assertThat(latest.forget(bytes("xa"), 1, 1)).isTrue();
        assertThat(latest.forget(bytes("a"), 0, 1)).isFalse();
        assertThat(values(latest)).containsExactly("other");

        assertThat(offer(latest, "a", 10, 0, "older, after", 2)).isTrue();
        assertThat(values(latest)).containsExactly("older, after", "other");
    }

    @Test
    void reclaimsTheStorageOfDisplacedVersions() {
        EncodedLatestWins latest = new EncodedLatestWins();
        byte[] value = new byte[10_000];
        List<String> expected = new ArrayList<>();
        for (int version = 0; version < 5_000; version++) {
            for (int key = 0; key < 4; key++) {
                value[0] = (byte) version;
                value[1] = (byte) key;
                byte[] k = bytes("key-" + key);
                latest.offer(k, 0, k.length, value, 0, value.length, version, 0, version);
            }
        }
        for (int key = 0; key < 4; key++) {
            expected.add((byte) 4_999 + "/" + key);
        }

        // 50 MB were offered, all winners when offered; 4 of them, 40 kB, remain.
        assertThat(latest.storedBytes()).isLessThan(20_000_000);
        assertThat(latest.inReplayOrder()).extracting(version -> version.valueArray()[version.valueOffset()] + "/"
                + version.valueArray()[version.valueOffset() + 1]).containsExactlyElementsOf(expected);
    }

    @Test
    void refusesAnEmptyKeyAndANanosecondOutsideASecond() {
        EncodedLatestWins latest = new EncodedLatestWins();

        assertThatThrownBy(() -> offer(latest, "", 1, 0, "v", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key is empty");
        assertThatThrownBy(() -> offer(latest, "a", 1, 1_000_000_000, "v", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nano 1000000000");
        assertThatThrownBy(() -> offer(latest, "a", 1, -1, "v", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(latest.size()).isZero();
    }
}
