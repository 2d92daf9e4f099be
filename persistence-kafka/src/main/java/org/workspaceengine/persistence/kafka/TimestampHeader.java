package org.workspaceengine.persistence.kafka;

import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The record header {@value #NAME} that repeats a change's timestamp: 12 bytes, the epoch second (8 bytes) and the
 * nanosecond (4 bytes), big-endian. A load applies latest-wins from keys and this header without parsing values, and
 * parses only the winners; the value stays authoritative (a winner whose value disagrees is corrupt data). Records
 * without the header (written by other clients) are parsed as they come.
 */
final class TimestampHeader {

    /** The header's name. */
    static final String NAME = "ts";

    private TimestampHeader() {
    }

    static byte[] encode(Instant timestamp) {
        byte[] bytes = new byte[12];
        long seconds = timestamp.getEpochSecond();
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) seconds;
            seconds >>= 8;
        }
        int nanos = timestamp.getNano();
        for (int i = 11; i >= 8; i--) {
            bytes[i] = (byte) nanos;
            nanos >>= 8;
        }
        return bytes;
    }

    /** The timestamp in {@code headers}, or null if there is no well-formed one. */
    static Instant decode(Headers headers) {
        Header header = headers.lastHeader(NAME);
        if (header == null || header.value() == null || header.value().length != 12) {
            return null;
        }
        byte[] bytes = header.value();
        long seconds = 0;
        for (int i = 0; i < 8; i++) {
            seconds = seconds << 8 | (bytes[i] & 0xff);
        }
        int nanos = 0;
        for (int i = 8; i < 12; i++) {
            nanos = nanos << 8 | (bytes[i] & 0xff);
        }
        if (nanos < 0 || nanos > 999_999_999) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
