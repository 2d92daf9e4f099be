package org.workspaceengine.persistence.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of one kind of store, in the order its documentation lists them: what its URI provider applies
 * ({@link #apply}), what the command-line tool's help shows, and the table its README carries
 * ({@link #markdownTable()}, checked by a test against the README).
 *
 * @param <B> the builder they apply to
 */
public final class StoreOptions<B> {

    private static final StoreOptions<Object> NONE = new StoreOptions<>(List.of());

    private final Map<String, StoreOption<B, ?>> byName = new LinkedHashMap<>();

    private StoreOptions(List<StoreOption<B, ?>> options) {
        for (StoreOption<B, ?> option : options) {
            if (byName.put(option.name(), option) != null) {
                throw new IllegalArgumentException("option '" + option.name() + "' is declared twice");
            }
        }
    }

    /**
     * The options given, in order.
     *
     * @param <B> the builder they apply to
     * @param options the options
     * @return the options given, in order
     */
    @SafeVarargs
    public static <B> StoreOptions<B> of(StoreOption<B, ?>... options) {
        List<StoreOption<B, ?>> list = new ArrayList<>(options.length);
        for (StoreOption<B, ?> option : options) {
            list.add(option);
        }
        return new StoreOptions<>(list);
    }

    /**
     * No options.
     *
     * @return no options
     */
    public static StoreOptions<Object> none() {
        return NONE;
    }

    /**
     * The options, in order.
     *
     * @return the options, in order
     */
    public List<StoreOption<B, ?>> list() {
        return List.copyOf(byName.values());
    }

    /**
     * The option named {@code name}, if declared.
     *
     * @param name the name
     * @return the option named {@code name}, if declared
     */
    public Optional<StoreOption<B, ?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Applies each declared option present in the query of {@code uri} to {@code builder} through its builder method.
     * Options not declared here are left for the caller, which then calls {@link UriOptions#rejectUnknown()}.
     *
     * @param uri the store URI
     * @param builder the builder
     * @throws IllegalArgumentException naming the option, the value given and what it takes
     */
    public void apply(UriOptions uri, B builder) {
        for (StoreOption<B, ?> option : byName.values()) {
            applyOne(option, uri, builder);
        }
    }

    private static <B, T> void applyOne(StoreOption<B, T> option, UriOptions uri, B builder) {
        Optional<String> text = uri.get(option.name());
        if (text.isEmpty()) {
            return;
        }
        T value;
        try {
            value = option.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw uri.bad(e.getMessage());
        }
        try {
            option.apply(builder, value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw uri.bad("option '" + option.name() + "': " + e.getMessage());
        }
    }

    /**
     * The options as a Markdown table ({@code | option | values | default | meaning |}), one row each, in order: the
     * table a backend's README carries.
     *
     * @return the options as a Markdown table ({@code | option | values | default | meaning |}), one row each, in
     *     order: the table a backend's README carries
     */
    public String markdownTable() {
        List<String> rows = new ArrayList<>();
        rows.add("| option | values | default | meaning |");
        rows.add("|---|---|---|---|");
        for (StoreOption<B, ?> option : byName.values()) {
            rows.add("| `" + option.name() + "` | " + option.values() + " | " + option.defaultText() + " | "
                    + option.description().replace("|", "\\|") + " |");
        }
        return String.join("\n", rows) + "\n";
    }

    /**
     * The options as plain text lines ({@code name=values (default ...): meaning}), for a command-line help.
     *
     * @return the options as plain text lines ({@code name=values (default ...): meaning}), for a command-line help
     */
    public List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        for (StoreOption<B, ?> option : byName.values()) {
            lines.add(option.name() + "=" + option.values() + " (default " + option.defaultText() + "): "
                    + option.description());
        }
        return lines;
    }
}
