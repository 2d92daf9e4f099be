package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.file.LogScan.Lines;
import org.workspaceengine.persistence.file.LogScan.Winner;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.wire.LineEnvelope;

/**
 * The scan's table of winners keeps exactly what the one compaction rule ({@link LatestWins}) keeps, whether an id
 * comes as bytes of the chunk (a canonical line) or as a string (a line the parser read), for ids whose hashes
 * collide, equal timestamps, winners removed before the replay order is taken, and each way the table finds the
 * order the winning lines were offered in.
 */
class WinnerTableTest {

    private static final String[] IDS = {"Aa", "BB", "AaAa", "BBBB", "AaBB", "s1", "s2", "s10", "item-1", "x"};
    private static final String[] TYPES = {"system", "resource"};

    /** What is offered: one line's key, timestamp, and whether its id comes as bytes. */
    private record Offer(String type, String id, long second, int nano, boolean idAsBytes, long line) {
    }

    @Test
    void keepsWhatTheCompactionRuleKeepsForRandomLines() {
        for (int trial = 0; trial < 300; trial++) {
            long seed = 9100L + trial;
            Random random = new Random(seed);
            List<Offer> offers = new ArrayList<>();
            // Random lines; entities changing in turn with growing timestamps (mostly), whose winners are in the
            // order the entities first appeared; and many lines of few entities.
            int kind = trial % 3;
            int count = 1 + random.nextInt(kind == 2 ? 3_000 : 200);
            for (int line = 1; line <= count; line++) {
                boolean inTurn = kind == 1 && random.nextInt(50) > 0;
                offers.add(new Offer(TYPES[inTurn ? 0 : random.nextInt(TYPES.length)],
                        IDS[inTurn ? line % IDS.length : random.nextInt(IDS.length)], inTurn ? line : random.nextInt(5),
                        random.nextInt(3), random.nextBoolean(), line));
            }
            WinnerTable table = new WinnerTable();
            LatestWins<Offer> rule = new LatestWins<>();
            int chunk = 1 + random.nextInt(20);
            for (int from = 0; from < offers.size(); from += chunk) {
                List<Offer> part = offers.subList(from, Math.min(offers.size(), from + chunk));
                Lines lines = lines(part);
                for (int i = 0; i < part.size(); i++) {
                    table.offer(lines, i, part.get(i).line());
                }
            }
            for (Offer offer : offers) {
                rule.offer(offer.type(), offer.id(), Instant.ofEpochSecond(offer.second(), offer.nano()), offer);
            }
            String what = "seed " + seed + ": " + offers;

            assertThat(table.size()).as(what).isEqualTo(rule.size());
            assertThat(keys(table.inReplayOrder())).as(what).isEqualTo(expected(rule.inReplayOrder()));
            long evenLines = rule.count(offer -> offer.line() % 2 == 0);
            assertThat(table.count(winner -> winner.line() % 2 == 0)).as(what).isEqualTo(evenLines);

            table.removeIf(winner -> winner.line() % 2 == 0);
            rule.removeIf(offer -> offer.line() % 2 == 0);
            assertThat(keys(table.inReplayOrder())).as(what).isEqualTo(expected(rule.inReplayOrder()));
        }
    }

    @Test
    void growsPastItsFirstCapacityKeepingEveryEntity() {
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            offers.add(new Offer("system", "s" + i, i, 0, i % 2 == 0, i + 1));
        }
        WinnerTable table = new WinnerTable();
        Lines lines = lines(offers);
        for (int i = 0; i < offers.size(); i++) {
            table.offer(lines, i, i + 1);
        }

        assertThat(table.size()).isEqualTo(5_000);
        assertThat(table.inReplayOrder()).extracting(winner -> winner.entityId).startsWith("s0", "s1", "s2")
                .endsWith("s4999");
    }

    private static List<String> keys(List<Winner> winners) {
        List<String> keys = new ArrayList<>();
        for (Winner winner : winners) {
            keys.add(winner.entityType + "/" + winner.entityId + "@" + winner.line());
        }
        return keys;
    }

    private static List<String> expected(List<Offer> winners) {
        List<String> keys = new ArrayList<>();
        for (Offer offer : winners) {
            keys.add(offer.type() + "/" + offer.id() + "@" + offer.line());
        }
        return keys;
    }

    /** The offers as the lines of one chunk: ids as bytes of the chunk, or as strings. */
    private static Lines lines(List<Offer> offers) {
        StringBuilder text = new StringBuilder();
        int[] idOffsets = new int[offers.size()];
        for (int i = 0; i < offers.size(); i++) {
            idOffsets[i] = text.length();
            text.append(offers.get(i).id()).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        Lines lines = new Lines("ns", 4).reset(bytes, 0, 0);
        for (int i = 0; i < offers.size(); i++) {
            Offer offer = offers.get(i);
            int idOffset = idOffsets[i];
            lines.envelope(i, idOffset, offer.id().length(), new LineEnvelope() {
                @Override
                public String namespace() {
                    return "ns";
                }

                @Override
                public ChangeType changeType() {
                    return ChangeType.SET;
                }

                @Override
                public String entityType() {
                    return offer.type();
                }

                @Override
                public String entityId() {
                    return new String(offer.id()); // a string of its own, as a parser gives
                }

                @Override
                public int entityIdOffset() {
                    return offer.idAsBytes() ? idOffset : -1;
                }

                @Override
                public int entityIdLength() {
                    return offer.idAsBytes() ? offer.id().length() : 0;
                }

                @Override
                public long epochSecond() {
                    return offer.second();
                }

                @Override
                public int nano() {
                    return offer.nano();
                }

                @Override
                public int entityOffset() {
                    return -1;
                }

                @Override
                public int entityLength() {
                    return 0;
                }
            });
        }
        return lines;
    }
}
