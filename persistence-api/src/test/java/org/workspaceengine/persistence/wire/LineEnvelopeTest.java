package org.workspaceengine.persistence.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.workspaceengine.persistence.wire.WireFormatTest.canonicalLine;
import static org.workspaceengine.persistence.wire.WireFormatTest.mutate;
import static org.workspaceengine.persistence.wire.WireFormatTest.randomJson;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.TestEntities.SystemEntity;

/**
 * What {@link WireFormat#decodeEnvelopes} reports of a line beyond its envelope: the timestamp as numbers (read with
 * the date and time of the previous line reused) and where the entity is, which {@link WireFormat#decodeEntity}
 * turns into the change a decode of the whole line gives.
 */
class LineEnvelopeTest {

    private final WireFormat typed = WireFormat.create(EntityTypes.create().register("system", SystemEntity.class));
    private final WireFormat generic = WireFormat.create(EntityTypes.generic());

    @Test
    void readsTimestampsOneAfterAnotherAsEachParsedAlone() {
        long seed = 20261129L;
        Random random = new Random(seed);
        String[] prefixes = {"2025-10-25T12:00:00", "2025-10-25T12:00:01", "2024-02-29T23:59:59", "2023-02-29T10:00:00",
            "0000-01-01T00:00:00", "9999-12-31T23:59:59", "2025-13-01T00:00:00", "2025-10-25 12:00:00",
            "2025-10-25T24:00:00", "2O25-10-25T12:00:00"};
        String[] suffixes = {"Z", ".5Z", ".123456789Z", ".1234567890Z", ".Z", "+01:00", "-01:00", ".25-08:30", "+24:00",
            "", "z", "Z ", "+01:00Z"};
        Timestamps.Reader reader = new Timestamps.Reader();
        for (int i = 0; i < 20_000; i++) {
            String text = prefixes[random.nextInt(prefixes.length)] + suffixes[random.nextInt(suffixes.length)];
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            String alone;
            try {
                alone = Timestamps.parse(text).toString();
            } catch (DateTimeException e) {
                alone = "refused";
            }
            long before = reader.epochSecond;
            String read;
            try {
                reader.read(bytes, 0, bytes.length);
                read = Instant.ofEpochSecond(reader.epochSecond, reader.nano).toString();
            } catch (DateTimeException e) {
                read = "refused";
                assertThat(reader.epochSecond).as("a refused timestamp leaves the last one").isEqualTo(before);
            }

            assertThat(read).as("timestamp %d '%s' (seed %d)", i, text, seed).isEqualTo(alone);
        }
    }

    @Test
    void reportsWhereTheEntityOfACanonicalLineIsAndNoEntityForLinesTheParserReads() {
        String entity = "{\"id\":\"s1\",\"name\":\"x\"}";
        String canonical = canonicalLine("set", "s1", entity, "2025-10-25T12:00:00Z");
        String spaced = canonical.replace(",\"timestamp\"", ", \"timestamp\"");
        byte[] region = (canonical + "\n" + spaced + "\n" + canonical).getBytes(StandardCharsets.UTF_8);
        List<String> entities = new ArrayList<>();

        typed.decodeEnvelopes(region, 0, region.length, new WireFormat.EnvelopeVisitor() {
            @Override
            public void envelope(int line, int offset, int length, LineEnvelope envelope) {
                entities.add(envelope.entityOffset() < 0 ? "none" : new String(region, envelope.entityOffset(),
                        envelope.entityLength(), StandardCharsets.UTF_8));
            }

            @Override
            public void corrupt(int line, int offset, int length, CorruptDataException problem) {
                throw problem;
            }
        });

        // From the first line in another shape on, the parser reads the rest of the region.
        assertThat(entities).containsExactly(entity, "none", "none");
    }

    @Test
    @Timeout(120)
    void decodesTheEntityOfACanonicalLineAsADecodeOfTheWholeLineEvenWhenMutated() {
        long seed = 4545L;
        Random random = new Random(seed);
        String[] mutations = {"\"", "{", "}", ",", ":", "\\", "\\u", "0", "-", " ", "\u00e9", "\uD83D\uDE80", "null",
            "\"id\":", "\"name\":", "\"s1\"", "x"};
        int decodedAlike = 0;
        for (int trial = 0; trial < 10_000; trial++) {
            String entity = switch (trial % 3) {
                case 0 -> "{\"id\":\"s" + trial + "\",\"name\":\"n\\u00e9 " + trial + "\"}";
                case 1 -> "{\"id\":\"s" + trial + "\",\"name\":\"x\",\"extra\":" + randomJson(random, 1, false) + "}";
                default -> randomJson(random, 0, true);
            };
            String line = canonicalLine(trial % 4 == 3 ? "unset" : "set", "s" + trial,
                    trial % 7 == 6 ? "null" : entity, "2025-10-25T12:00:00." + (trial % 1000) + "Z");
            byte[] mutated = line.getBytes(StandardCharsets.UTF_8);
            for (int m = random.nextInt(3); m > 0; m--) {
                mutated = mutate(random, mutated, mutations);
            }
            byte[] bytes = mutated;
            for (WireFormat format : new WireFormat[] {typed, generic}) {
                String what = String.format("trial %d (seed %d, %s): %s", trial, seed,
                        format == typed ? "typed" : "generic", new String(bytes, StandardCharsets.UTF_8));
                String byEntity = byEntity(format, bytes);
                if (byEntity != null) {
                    assertThat(byEntity).as(what).isEqualTo(outcome(() -> format.decode(bytes)));
                    decodedAlike++;
                }
            }
        }
        assertThat(decodedAlike).as("lines decoded from their entity").isGreaterThan(5_000);
    }

    /** The outcome of {@link WireFormat#decodeEntity} for the line's reported entity, or null if none is reported. */
    private static String byEntity(WireFormat format, byte[] bytes) {
        List<String> outcomes = new ArrayList<>();
        format.decodeEnvelopes(bytes, 0, bytes.length, new WireFormat.EnvelopeVisitor() {
            @Override
            public void envelope(int line, int offset, int length, LineEnvelope envelope) {
                if (envelope.entityOffset() >= 0) {
                    outcomes.add(outcome(() -> format.decodeEntity(envelope.namespace(), envelope.changeType(),
                            envelope.entityType(), envelope.entityId(), envelope.timestamp(), bytes,
                            envelope.entityOffset(), envelope.entityLength())));
                }
            }

            @Override
            public void corrupt(int line, int offset, int length, CorruptDataException problem) {
            }
        });
        return outcomes.isEmpty() ? null : outcomes.get(0);
    }

    /** The decoded change (with its entity's class), or the exception's class and message. */
    private static String outcome(java.util.function.Supplier<Change> decode) {
        try {
            Change change = decode.get();
            return change + " " + change.entity().getClass().getSimpleName();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
