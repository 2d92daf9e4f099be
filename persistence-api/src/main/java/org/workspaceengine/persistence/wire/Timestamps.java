package org.workspaceengine.persistence.wire;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * RFC 3339 timestamps as the Go original writes them ({@code time.RFC3339Nano}: UTC with {@code Z}, fraction
 * trimmed of trailing zeros, none for whole seconds), and read with any offset and 0-9 fraction digits.
 *
 * <p>The range is RFC 3339's, which is also Go's: years 0000 to 9999 in UTC. A change outside it cannot be built
 * ({@link #requireInRange}), and a stored timestamp outside it is not read.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** The longest text {@link #format(Instant, char[])} writes: {@code 0000-00-00T00:00:00.000000000Z}. */
    static final int MAX_LENGTH = 30;

    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    /**
     * Returns {@code instant} if its UTC year is within 0000-9999.
     *
     * @throws IllegalArgumentException if it is not
     */
    static Instant requireInRange(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            throw new IllegalArgumentException(outOfRange(instant));
        }
        return instant;
    }

    private static String outOfRange(Instant instant) {
        return "timestamp " + instant + " is outside years 0000-9999 (UTC), the range of RFC 3339 timestamps";
    }

    static String format(Instant instant) {
        char[] out = new char[MAX_LENGTH];
        return new String(out, 0, format(instant, out));
    }

    /**
     * Writes {@code instant} into {@code out} (at least {@link #MAX_LENGTH} long) from index 0, digit by digit:
     * saves format a timestamp per change, so this avoids the date-time objects and strings of a formatter.
     *
     * @return the number of characters written
     * @throws IllegalArgumentException if the year is outside 0000-9999, which RFC 3339 cannot write
     */
    static int format(Instant instant, char[] out) {
        long seconds = requireInRange(instant).getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int length = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            out[length++] = '.';
            digits(out, length, nanos, width);
            length += width;
        }
        out[length++] = 'Z';
        return length;
    }

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code offset}. */
    private static void digits(char[] out, int offset, int value, int width) {
        for (int i = offset + width - 1; i >= offset; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses an RFC 3339 timestamp.
     *
     * @throws DateTimeException if {@code text} is not one, or if it is outside years 0000-9999 in UTC
     */
    static Instant parse(String text) {
        // Every character of a timestamp is ASCII; any other becomes '?', which the common shape refuses.
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        Instant fast = parseCommon(ascii, 0, ascii.length);
        return fast != null ? fast : parseFully(text);
    }

    /**
     * {@link #parse(String)} of the ASCII text in bytes {@code [from, to)}, without building a string in the common
     * case.
     *
     * @throws DateTimeException if the text is not an RFC 3339 timestamp
     */
    static Instant parse(byte[] ascii, int from, int to) {
        Instant fast = parseCommon(ascii, from, to);
        return fast != null ? fast : parseFully(new String(ascii, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private static Instant parseFully(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new DateTimeException("not an RFC 3339 timestamp: '" + text + "'", e);
        }
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            throw new DateTimeException(outOfRange(instant) + ": '" + text + "'");
        }
        return instant;
    }

    /** What {@link #localSeconds} and {@link #fractionAndZone} return for text not in the common shape. */
    private static final long NOT_COMMON = Long.MIN_VALUE;
    /** The length of {@code yyyy-MM-ddTHH:mm:ss}. */
    private static final int DATE_TIME_LENGTH = 19;

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)} without allocation-heavy parsing, or
     * null to let the full parser decide (and produce its error).
     */
    private static Instant parseCommon(byte[] s, int from, int to) {
        if (to - from < DATE_TIME_LENGTH + 1) {
            return null;
        }
        long local = localSeconds(s, from);
        long rest = local == NOT_COMMON ? NOT_COMMON : fractionAndZone(s, from + DATE_TIME_LENGTH, to);
        long epochSecond = epochSecond(local, rest);
        return epochSecond == NOT_COMMON ? null : Instant.ofEpochSecond(epochSecond, nanos(rest));
    }

    /**
     * The date and time {@code yyyy-MM-ddTHH:mm:ss} at {@code from} (at least 19 bytes) as seconds since the epoch
     * as if in UTC, or {@link #NOT_COMMON}.
     */
    private static long localSeconds(byte[] s, int from) {
        if (s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':') {
            return NOT_COMMON;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return NOT_COMMON;
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return NOT_COMMON;
        }
        return date.toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second;
    }

    /**
     * The optional fraction and the zone ({@code [.f{1,9}](Z|+hh:mm|-hh:mm)}) in bytes {@code [from, to)}, as the
     * zone's offset in seconds times 10^9 plus the nanoseconds (see {@link #nanos}), or {@link #NOT_COMMON}.
     */
    private static long fractionAndZone(byte[] s, int from, int to) {
        int pos = from;
        int nanos = 0;
        if (pos < to && s[pos] == '.') {
            int start = ++pos;
            while (pos < to && pos - start < 10 && s[pos] >= '0' && s[pos] <= '9') {
                nanos = nanos * 10 + (s[pos] - '0');
                pos++;
            }
            int count = pos - start;
            if (count == 0 || count > 9) {
                return NOT_COMMON;
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (pos == to - 1 && s[pos] == 'Z') {
            offsetSeconds = 0;
        } else if (pos == to - 6 && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
            int offsetHours = digits(s, pos + 1, 2);
            int offsetMinutes = digits(s, pos + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) {
                return NOT_COMMON;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s[pos] == '-' ? -1 : 1);
        } else {
            return NOT_COMMON;
        }
        return offsetSeconds * 1_000_000_000L + nanos;
    }

    /** The epoch second of a local date-time and what {@link #fractionAndZone} read, or {@link #NOT_COMMON}. */
    private static long epochSecond(long localSeconds, long fractionAndZone) {
        if (localSeconds == NOT_COMMON || fractionAndZone == NOT_COMMON) {
            return NOT_COMMON;
        }
        long epochSecond = localSeconds - Math.floorDiv(fractionAndZone, 1_000_000_000L);
        // An offset can take it out of range: the full parser says so.
        return epochSecond < MIN_SECOND || epochSecond > MAX_SECOND ? NOT_COMMON : epochSecond;
    }

    private static int nanos(long fractionAndZone) {
        return (int) Math.floorMod(fractionAndZone, 1_000_000_000L);
    }

    /**
     * Reads timestamp after timestamp, as {@link #parse(byte[], int, int)} does, into its fields instead of an
     * {@link Instant}, and reuses the date and time of the previous one when its first 19 bytes repeat: the lines
     * of a file read in order mostly share them. Not thread-safe.
     */
    static final class Reader {
        /** The last timestamp read. */
        long epochSecond;
        int nano;
        private final byte[] dateTime = new byte[DATE_TIME_LENGTH];
        private long dateTimeSeconds = NOT_COMMON;

        /**
         * Reads the ASCII timestamp in bytes {@code [from, to)}; the fields are unchanged if it fails.
         *
         * @throws DateTimeException if the text is not an RFC 3339 timestamp
         */
        void read(byte[] s, int from, int to) {
            if (to - from > DATE_TIME_LENGTH) {
                long local = dateTimeSeconds != NOT_COMMON
                        && Arrays.equals(s, from, from + DATE_TIME_LENGTH, dateTime, 0, DATE_TIME_LENGTH)
                        ? dateTimeSeconds : remember(s, from);
                long rest = local == NOT_COMMON ? NOT_COMMON : fractionAndZone(s, from + DATE_TIME_LENGTH, to);
                long epoch = epochSecond(local, rest);
                if (epoch != NOT_COMMON) {
                    epochSecond = epoch;
                    nano = nanos(rest);
                    return;
                }
            }
            Instant instant = parse(s, from, to);
            epochSecond = instant.getEpochSecond();
            nano = instant.getNano();
        }

        private long remember(byte[] s, int from) {
            long local = localSeconds(s, from);
            if (local != NOT_COMMON) {
                System.arraycopy(s, from, dateTime, 0, DATE_TIME_LENGTH);
            }
            dateTimeSeconds = local;
            return local;
        }
    }

    private static int digits(byte[] s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            byte c = s[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
