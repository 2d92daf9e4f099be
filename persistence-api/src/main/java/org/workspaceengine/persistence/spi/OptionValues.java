package org.workspaceengine.persistence.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options a builder was given: each checked by its declaration ({@link StoreOption#check}) and set at most once,
 * so that a contradiction (two different values for one option, say from a URI and code) fails at once, naming the
 * option and its earlier value. Setting the same value again changes nothing. Not thread-safe, as builders are not.
 */
public final class OptionValues {

    private final Map<StoreOption<?, ?>, Object> values = new HashMap<>();

    /** No option set. */
    public OptionValues() {
    }

    /**
     * Sets {@code option} to {@code value}.
     *
     * @param <T> the option's value type
     * @param option the option
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException if the option does not take it
     * @throws IllegalStateException if the option was set to another value
     */
    public <T> T set(StoreOption<?, T> option, T value) {
        option.check(value);
        Object earlier = values.putIfAbsent(option, value);
        if (earlier != null && !earlier.equals(value)) {
            throw new IllegalStateException(option.name() + " was already set to " + StoreOption.describe(earlier));
        }
        return value;
    }

    /**
     * A builder setting that is not a store option (such as its entity types), given once like an option: returns
     * {@code value} when nothing was set before or the same value was.
     *
     * @param setting the setting's name, for the message
     * @param earlier the value set before, or null
     * @param <T> the option's value type
     * @param value the value
     * @return a builder setting that is not a store option (such as its entity types), given once like an option:
     *     returns {@code value} when nothing was set before or the same value was
     * @throws NullPointerException naming the setting if {@code value} is null
     * @throws IllegalStateException naming the earlier value if it differs
     */
    public static <T> T once(String setting, T earlier, T value) {
        Objects.requireNonNull(value, setting);
        if (earlier != null && !earlier.equals(value)) {
            throw new IllegalStateException(setting + " was already set to " + StoreOption.describe(earlier));
        }
        return value;
    }

    /**
     * The value of {@code option}: the one set, else its default (null when it has none).
     *
     * @param <T> the option's value type
     * @param option the option
     * @return the value of {@code option}: the one set, else its default (null when it has none)
     */
    @SuppressWarnings("unchecked")
    public <T> T get(StoreOption<?, T> option) {
        Object value = values.get(option);
        return value != null ? (T) value : option.defaultValue();
    }

    /**
     * Whether {@code option} was set.
     *
     * @param option the option
     * @return whether {@code option} was set
     */
    public boolean isSet(StoreOption<?, ?> option) {
        return values.containsKey(option);
    }
}
