package org.workspaceengine.persistence.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@code pstore} command takes on its command line, declared once: its options, its positional parameters
 * and their help. The parser ({@link CommandLineParser}) and the help ({@link Help}) both read it.
 *
 * <p>pstore parses its own command line instead of using an annotation-driven library: such a library's reflection
 * and classes cost a fresh JVM more than the rest of {@code pstore ls} together.
 *
 * @param name the command's name, as typed
 * @param description paragraphs of help, unwrapped (the help wraps them to the terminal); the first is the summary
 * @param options the command's own options (the shared ones, such as {@code --store}, are added by the parser)
 * @param parameters the positional parameters, or null when it takes none
 * @param takesStore whether {@code --store} applies (its help lists it)
 */
record CommandSyntax(String name, List<String> description, List<OptionSyntax> options, ParameterSyntax parameters,
                     boolean takesStore) {

    CommandSyntax {
        Objects.requireNonNull(name, "name");
        description = List.copyOf(description);
        options = List.copyOf(options);
    }

    /** A command taking {@code --store}, with the given description paragraphs. */
    static CommandSyntax of(String name, String... description) {
        return new CommandSyntax(name, List.of(description), List.of(), null, true);
    }

    /** This syntax with {@code option} added. */
    CommandSyntax with(OptionSyntax option) {
        List<OptionSyntax> more = new ArrayList<>(options);
        more.add(option);
        return new CommandSyntax(name, description, more, parameters, takesStore);
    }

    /** This syntax with {@code parameters}. */
    CommandSyntax with(ParameterSyntax parameters) {
        return new CommandSyntax(name, description, options, parameters, takesStore);
    }

    /** This syntax without {@code --store} (a command that names its stores otherwise). */
    CommandSyntax withoutStore() {
        return new CommandSyntax(name, description, options, parameters, false);
    }

    /** The first paragraph of the description, for the list of commands. */
    String summary() {
        return description.isEmpty() ? "" : description.get(0);
    }

    /** The option named {@code name}, or null. */
    OptionSyntax option(String name) {
        for (OptionSyntax option : options) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        return null;
    }

    /**
     * An option: a flag when {@code valueLabel} is null, else an option taking one value ({@code --name=VALUE} or
     * {@code --name VALUE}).
     *
     * @param name the option as typed, such as {@code --all}
     * @param valueLabel what the value is, such as {@code URI}, or null for a flag
     * @param description its help, unwrapped
     * @param required whether the command needs it
     * @param repeatable whether it may be given more than once
     */
    record OptionSyntax(String name, String valueLabel, String description, boolean required, boolean repeatable) {

        /** An optional flag. */
        static OptionSyntax flag(String name, String description) {
            return new OptionSyntax(name, null, description, false, false);
        }

        /** An optional option taking one value. */
        static OptionSyntax value(String name, String valueLabel, String description) {
            return new OptionSyntax(name, valueLabel, description, false, false);
        }

        /** A required option taking one value. */
        static OptionSyntax required(String name, String valueLabel, String description) {
            return new OptionSyntax(name, valueLabel, description, true, false);
        }

        boolean isFlag() {
            return valueLabel == null;
        }

        /** {@code --name} or {@code --name=LABEL}. */
        String label() {
            return isFlag() ? name : name + "=" + valueLabel;
        }
    }

    /**
     * Positional parameters.
     *
     * @param label what each is, such as {@code NS}
     * @param min how many at least
     * @param max how many at most ({@link Integer#MAX_VALUE}: any number)
     * @param description their help, unwrapped
     */
    record ParameterSyntax(String label, int min, int max, String description) {

        /** In a usage line: {@code NS}, {@code NS...} or {@code [NS...]}. */
        String synopsis() {
            String many = max > 1 ? label + "..." : label;
            return min == 0 ? "[" + many + "]" : many;
        }
    }
}
