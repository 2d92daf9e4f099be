package org.workspaceengine.persistence.wire;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

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

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)} without allocation-heavy parsing, or
     * null to let the full parser decide (and produce its error).
     */
    private static Instant parseCommon(byte[] s, int from, int to) {
        int n = to - from;
        if (n < 20 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
                || s[from + 16] != ':') {
            return null;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int pos = from + 19;
        int nanos = 0;
        if (s[pos] == '.') {
            int start = ++pos;
            while (pos < to && pos - start < 10 && s[pos] >= '0' && s[pos] <= '9') {
                nanos = nanos * 10 + (s[pos] - '0');
                pos++;
            }
            int count = pos - start;
            if (count == 0 || count > 9) {
                return null;
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
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s[pos] == '-' ? -1 : 1);
        } else {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = date.toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        if (epochSecond < MIN_SECOND || epochSecond > MAX_SECOND) {
            return null; // an offset took it out of range: the full parser says so
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
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
