package org.workspaceengine.persistence;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as the Go original writes them ({@code time.RFC3339Nano}: UTC with {@code Z}, fraction
 * trimmed of trailing zeros, none for whole seconds), and read with any offset and 0-9 fraction digits.
 */
final class Timestamps {

    private Timestamps() {
    }

    static String format(Instant instant) {
        OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(30);
        int year = utc.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("timestamp " + instant + " is outside years 0000-9999 of RFC 3339");
        }
        pad(out, year, 4).append('-');
        pad(out, utc.getMonthValue(), 2).append('-');
        pad(out, utc.getDayOfMonth(), 2).append('T');
        pad(out, utc.getHour(), 2).append(':');
        pad(out, utc.getMinute(), 2).append(':');
        pad(out, utc.getSecond(), 2);
        int nanos = utc.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            out.append('.');
            pad(out, nanos, digits);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
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
