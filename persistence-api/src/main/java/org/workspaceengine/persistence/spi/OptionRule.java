package org.workspaceengine.persistence.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * How a {@link StoreOption} reads its URI text and what it finds wrong with a value. The standard kinds are classes
 * rather than lambdas: every store's builder initializes its options when it is first used, and a lambda's first
 * call costs about a millisecond in a fresh JVM, where a store restarts.
 *
 * @param <T> the option's value type
 */
abstract class OptionRule<T> {

    /** The value {@code text} stands for; throws {@link IllegalArgumentException} saying what it expects. */
    abstract T parse(String text);

    /** What is wrong with {@code value}, or null when it is fine. */
    abstract String problem(T value);

    /** A rule given as functions, by {@link StoreOption#of}. */
    static final class Custom<T> extends OptionRule<T> {
        private final Function<String, T> parser;
        private final Function<T, String> check;

        Custom(Function<String, T> parser, Function<T, String> check) {
            this.parser = Objects.requireNonNull(parser, "parser");
            this.check = Objects.requireNonNull(check, "check");
        }

        @Override
        T parse(String text) {
            return parser.apply(text);
        }

        @Override
        String problem(T value) {
            return check.apply(value);
        }
    }

    /** {@code true} or {@code false}; an empty text (a bare name in a URI) is true. */
    static final class Flag extends OptionRule<Boolean> {
        @Override
        Boolean parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "", "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("must be true or false");
            };
        }

        @Override
        String problem(Boolean value) {
            return null;
        }
    }

    /** An {@code int} within bounds. */
    static final class IntegerRange extends OptionRule<Integer> {
        private final int min;
        private final int max;

        IntegerRange(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        Integer parse(String text) {
            long value = parseWhole(text, "must be an integer");
            if (value != (int) value) {
                throw new IllegalArgumentException("must be at most " + max);
            }
            return (int) value;
        }

        @Override
        String problem(Integer value) {
            if (value >= min && value <= max) {
                return null;
            }
            return max == Integer.MAX_VALUE ? "must be at least " + min : "must be within " + min + "-" + max;
        }
    }

    /** A {@code long} of at least a minimum; {@code expected} says what else the text should have been. */
    static final class LongMinimum extends OptionRule<Long> {
        private final long min;
        private final String expected;

        LongMinimum(long min, String expected) {
            this.min = min;
            this.expected = expected;
        }

        @Override
        Long parse(String text) {
            return parseWhole(text, expected);
        }

        @Override
        String problem(Long value) {
            return value < min ? "must be at least " + min : null;
        }
    }

    /** A finite {@code double} above a bound. */
    static final class DecimalAbove extends OptionRule<Double> {
        private final double above;

        DecimalAbove(double above) {
            this.above = above;
        }

        @Override
        Double parse(String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number");
            }
        }

        @Override
        String problem(Double value) {
            return value > above && Double.isFinite(value) ? null : "must be a finite number > " + above;
        }
    }

    /** A duration, positive, or zero too when allowed. */
    static final class Durations extends OptionRule<Duration> {
        private final boolean zeroAllowed;

        Durations(boolean zeroAllowed) {
            this.zeroAllowed = zeroAllowed;
        }

        @Override
        Duration parse(String text) {
            return parseDuration(text);
        }

        @Override
        String problem(Duration value) {
            return value.isNegative() || !zeroAllowed && value.isZero()
                    ? "must be " + (zeroAllowed ? "zero or positive" : "positive") : null;
        }
    }

    /** One of an enum's constants, by its name in any case. */
    static final class Choice<E extends Enum<E>> extends OptionRule<E> {
        private final E[] constants;
        /** The constants' names in lower case, for documentation and errors. */
        final String names;

        Choice(Class<E> type) {
            this.constants = type.getEnumConstants();
            StringJoiner names = new StringJoiner(", ");
            for (E constant : constants) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            this.names = names.toString();
        }

        @Override
        E parse(String text) {
            for (E constant : constants) {
                if (constant.name().equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("must be one of " + names);
        }

        @Override
        String problem(E value) {
            return null;
        }
    }

    private static long parseWhole(String text, String expected) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    private static Duration parseDuration(String text) {
        String value = text.trim();
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.parse(value);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 2m, 1h, 30d or PT30S");
        }
    }
}
