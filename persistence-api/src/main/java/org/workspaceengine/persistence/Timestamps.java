package org.workspaceengine.persistence;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as the Go original writes them ({@code time.RFC3339Nano}: UTC with {@code Z}, fraction
 * trimmed of trailing zeros, none for whole seconds), and read with any offset and 0-9 fraction digits.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** The longest text {@link #format(Instant, char[])} writes: {@code 0000-00-00T00:00:00.000000000Z}. */
    static final int MAX_LENGTH = 30;

    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

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
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            throw new IllegalArgumentException("timestamp " + instant + " is outside years 0000-9999 of RFC 3339");
        }
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
     * @throws DateTimeException if {@code text} is not one
     */
    static Instant parse(String text) {
        Instant fast = parseCommon(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new DateTimeException("not an RFC 3339 timestamp: '" + text + "'", e);
        }
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)} without allocation-heavy parsing, or
     * null to let the full parser decide (and produce its error).
     */
    private static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int pos = 19;
        int nanos = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && pos - start < 10 && Character.isDigit(s.charAt(pos))) {
                nanos = nanos * 10 + (s.charAt(pos) - '0');
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
        if (pos == n - 1 && s.charAt(pos) == 'Z') {
            offsetSeconds = 0;
        } else if (pos == n - 6 && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && s.charAt(pos + 3) == ':') {
            int offsetHours = digits(s, pos + 1, 2);
            int offsetMinutes = digits(s, pos + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(pos) == '-' ? -1 : 1);
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
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
