package org.workspaceengine.persistence.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One option of a kind of store, declared once, as Kafka's {@code ConfigDef} declares a client setting: its name
 * (the same for the builder method and the URI query), the values it takes, its default, what it does, and the builder
 * method that applies it. A backend declares its options as constants and derives the rest from them: the builder's
 * checks ({@link OptionValues}), its URI provider ({@link StoreOptions#apply}), unknown-option errors, the command-line
 * tool's help and its README's table ({@link StoreOptions#markdownTable()}).
 *
 * @param <B> the builder the option applies to
 * @param <T> the option's value type
 */
public final class StoreOption<B, T> {

    private final String name;
    private final String values;
    private final T defaultValue;
    private final String defaultText;
    private final String description;
    private final OptionRule<T> rule;
    private final BiConsumer<B, T> apply;

    private StoreOption(String name, String values, T defaultValue, String defaultText, String description,
                        OptionRule<T> rule, BiConsumer<B, T> apply) {
        this.name = requireText(name, "name");
        this.values = requireText(values, "values");
        this.defaultValue = defaultValue;
        this.defaultText = requireText(defaultText, "defaultText");
        this.description = requireText(description, "description");
        this.rule = rule;
        this.apply = Objects.requireNonNull(apply, "apply");
    }

    /**
     * An option of any type: {@code parser} reads its URI text (throwing {@link IllegalArgumentException} saying what
     * it expects), {@code check} says what is wrong with a value, or null.
     *
     * @param values the values it takes, for documentation, such as {@code all, atLeast:N}
     * @param defaultValue the value when unset, or null when it has none (then {@code defaultText} says what happens)
     * @param <B> the builder the option applies to
     * @param <T> the option's value type
     * @param name the name
     * @param defaultText the default text
     * @param description what the option does, for help and errors
     * @param parser the parser
     * @param check what is wrong with a value, or null when it is fine
     * @param apply sets the value on a builder
     * @return an option of any type: {@code parser} reads its URI text (throwing {@link IllegalArgumentException}
     *     saying what it expects), {@code check} says what is wrong with a value, or null
     */
    public static <B, T> StoreOption<B, T> of(String name, String values, T defaultValue, String defaultText,
                                              String description, Function<String, T> parser,
                                              Function<T, String> check, BiConsumer<B, T> apply) {
        return new StoreOption<>(name, values, defaultValue, defaultText, description, new OptionRule.Custom<>(parser, check),
                apply);
    }

    /**
     * A {@code true}/{@code false} option; in a URI a bare name means true.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a {@code true}/{@code false} option; in a URI a bare name means true
     */
    public static <B> StoreOption<B, Boolean> flag(String name, boolean defaultValue, String description,
                                                   BiConsumer<B, Boolean> apply) {
        return new StoreOption<>(name, "true, false", defaultValue, String.valueOf(defaultValue), description,
                new OptionRule.Flag(), apply);
    }

    /**
     * A whole number of at least {@code min}.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param defaultText the default text
     * @param min the min
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a whole number of at least {@code min}
     */
    public static <B> StoreOption<B, Integer> integer(String name, Integer defaultValue, String defaultText, int min,
                                                      String description, BiConsumer<B, Integer> apply) {
        return integer(name, defaultValue, defaultText, min, Integer.MAX_VALUE, description, apply);
    }

    /**
     * A whole number within {@code min} and {@code max}.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param defaultText the default text
     * @param min the min
     * @param max the max
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a whole number within {@code min} and {@code max}
     */
    public static <B> StoreOption<B, Integer> integer(String name, Integer defaultValue, String defaultText, int min,
                                                      int max, String description, BiConsumer<B, Integer> apply) {
        String values = max == Integer.MAX_VALUE ? "integer >= " + min : "integer " + min + "-" + max;
        return new StoreOption<>(name, values, defaultValue, defaultText, description, new OptionRule.IntegerRange(min, max),
                apply);
    }

    /**
     * A count of things (a long), at least {@code min}.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param defaultText the default text
     * @param min the min
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a count of things (a long), at least {@code min}
     */
    public static <B> StoreOption<B, Long> count(String name, Long defaultValue, String defaultText, long min,
                                                 String description, BiConsumer<B, Long> apply) {
        return new StoreOption<>(name, "integer >= " + min, defaultValue, defaultText, description,
                new OptionRule.LongMinimum(min, "must be an integer"), apply);
    }

    /**
     * A whole number of bytes, at least {@code min}.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param defaultText the default text
     * @param min the min
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a whole number of bytes, at least {@code min}
     */
    public static <B> StoreOption<B, Long> bytes(String name, Long defaultValue, String defaultText, long min,
                                                 String description, BiConsumer<B, Long> apply) {
        return new StoreOption<>(name, "bytes >= " + min, defaultValue, defaultText, description,
                new OptionRule.LongMinimum(min, "must be a whole number of bytes"), apply);
    }

    /**
     * A finite number greater than {@code above}.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param defaultText the default text
     * @param above the bound a value must exceed
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a finite number greater than {@code above}
     */
    public static <B> StoreOption<B, Double> decimal(String name, Double defaultValue, String defaultText,
                                                     double above, String description, BiConsumer<B, Double> apply) {
        return new StoreOption<>(name, "number > " + above, defaultValue, defaultText, description,
                new OptionRule.DecimalAbove(above), apply);
    }

    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 30d} or ISO-8601 such as {@code PT30S};
     * positive, or not negative when {@code zeroAllowed}.
     *
     * @param <B> the builder the option applies to
     * @param name the name
     * @param defaultValue the default value
     * @param defaultText the default text
     * @param zeroAllowed whether zero is allowed
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return a duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 30d} or ISO-8601 such as {@code
     *     PT30S}; positive, or not negative when {@code zeroAllowed}
     */
    public static <B> StoreOption<B, Duration> duration(String name, Duration defaultValue, String defaultText,
                                                        boolean zeroAllowed, String description,
                                                        BiConsumer<B, Duration> apply) {
        return new StoreOption<>(name, "duration (500ms, 30s, 2m, 1h, 30d, PT30S)", defaultValue, defaultText,
                description, new OptionRule.Durations(zeroAllowed), apply);
    }

    /**
     * One of the constants of {@code type}, case-insensitive in a URI.
     *
     * @param <B> the builder the option applies to
     * @param <E> the enum of the choices
     * @param name the name
     * @param type the enum class
     * @param defaultValue the default value
     * @param description what the option does, for help and errors
     * @param apply sets the value on a builder
     * @return one of the constants of {@code type}, case-insensitive in a URI
     */
    public static <B, E extends Enum<E>> StoreOption<B, E> choice(String name, Class<E> type, E defaultValue,
                                                                  String description, BiConsumer<B, E> apply) {
        OptionRule.Choice<E> choice = new OptionRule.Choice<>(type);
        String defaultText = defaultValue == null ? "none" : defaultValue.name().toLowerCase(Locale.ROOT);
        return new StoreOption<>(name, choice.names, defaultValue, defaultText, description, choice, apply);
    }

    /**
     * The option's name: the builder method's and the URI query's.
     *
     * @return the option's name: the builder method's and the URI query's
     */
    public String name() {
        return name;
    }

    /**
     * The values it takes, for documentation.
     *
     * @return the values it takes, for documentation
     */
    public String values() {
        return values;
    }

    /**
     * The value when unset; null when it has none.
     *
     * @return the value when unset; null when it has none
     */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * The default as documentation says it.
     *
     * @return the default as documentation says it
     */
    public String defaultText() {
        return defaultText;
    }

    /**
     * What the option does.
     *
     * @return what the option does
     */
    public String description() {
        return description;
    }

    /**
     * Returns {@code value} if the option takes it.
     *
     * @param value the value
     * @return {@code value} if the option takes it
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException saying what the option takes
     */
    public T check(T value) {
        Objects.requireNonNull(value, name);
        String problem = rule.problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(name + " " + problem + ", got " + describe(value));
        }
        return value;
    }

    /**
     * The value of {@code text}, checked.
     *
     * @param text the text
     * @return the value of {@code text}, checked
     * @throws IllegalArgumentException saying what the option takes
     */
    public T parse(String text) {
        T value;
        try {
            value = rule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + name + "' " + e.getMessage() + ", got '" + text + "'", e);
        }
        return check(value);
    }

    /**
     * Applies {@code value} to {@code builder} with the builder's own method.
     *
     * @param builder the builder
     * @param value the value
     */
    public void apply(B builder, T value) {
        apply.accept(builder, value);
    }

    /** A value as messages show it: strings and durations quoted. */
    static String describe(Object value) {
        return value instanceof String || value instanceof Duration ? "'" + value + "'" : String.valueOf(value);
    }

    private static String requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an option's " + what + " must not be blank");
        }
        return text;
    }

    @Override
    public String toString() {
        return name;
    }
}
