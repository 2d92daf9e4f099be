package org.workspaceengine.persistence.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

/**
 * Parses a {@code pstore} command line against the commands' {@link CommandSyntax}: {@code --store} and
 * {@code --verbose} anywhere, {@code --help} anywhere, {@code --version} before the command, then the command's own
 * options ({@code --name=value} or {@code --name value}) and parameters in any order; {@code --} ends the options.
 */
final class CommandLineParser {

    private final Map<String, CommandSyntax> commands;

    /** A parser for {@code commands}, in the order the help lists them. */
    CommandLineParser(List<CommandSyntax> commands) {
        this.commands = new LinkedHashMap<>();
        for (CommandSyntax command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    /** The commands, in the order the help lists them. */
    List<CommandSyntax> commands() {
        return List.copyOf(commands.values());
    }

    /**
     * What {@code args} say.
     *
     * @throws CommandLineException naming what is wrong, and the command it was found in (or none)
     */
    ParsedCommandLine parse(String... args) {
        CommandSyntax command = null;
        List<String> stores = new ArrayList<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> parameters = new ArrayList<>();
        boolean verbose = false;
        boolean help = false;
        boolean version = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                if (command == null) {
                    command = commands.get(arg);
                    if (command == null) {
                        throw new CommandLineException(null, "unknown command '" + arg + "'; the commands are "
                                + commandList());
                    }
                } else {
                    parameters.add(arg);
                }
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String inline = equals < 0 ? null : arg.substring(equals + 1);
            switch (name) {
                case "--" -> optionsEnded = true;
                case "--store" -> {
                    stores.add(inline != null ? inline : valueAfter(args, i++, command, name, "URI"));
                }
                case "--verbose" -> verbose = flag(command, name, inline);
                case "-h", "--help" -> help = flag(command, name, inline);
                case "-V", "--version" -> {
                    if (command != null) {
                        throw unknownOption(command, arg);
                    }
                    version = flag(null, name, inline);
                }
                default -> {
                    OptionSyntax option = command == null ? null : command.option(name);
                    if (option == null) {
                        throw unknownOption(command, arg);
                    }
                    List<String> given = values.computeIfAbsent(name, n -> new ArrayList<>());
                    if (!given.isEmpty() && !option.repeatable()) {
                        throw new CommandLineException(command, "option '" + name + "' is given twice");
                    }
                    if (option.isFlag()) {
                        flag(command, name, inline);
                        given.add("true");
                    } else {
                        given.add(inline != null ? inline : valueAfter(args, i++, command, name, option.valueLabel()));
                    }
                }
            }
        }
        ParsedCommandLine parsed = new ParsedCommandLine(command, new Arguments(values, parameters), stores, verbose,
                help, version);
        if (!help && !version) {
            check(parsed);
        }
        return parsed;
    }

    private void check(ParsedCommandLine parsed) {
        CommandSyntax command = parsed.command();
        if (command == null) {
            throw new CommandLineException(null, "a command is required: " + commandList());
        }
        for (OptionSyntax option : command.options()) {
            if (option.required() && parsed.arguments().value(option.name()) == null) {
                throw new CommandLineException(command, command.name() + ": option '" + option.label()
                        + "' is required");
            }
        }
        ParameterSyntax expected = command.parameters();
        List<String> given = parsed.arguments().parameters();
        int max = expected == null ? 0 : expected.max();
        if (given.size() > max) {
            throw new CommandLineException(command, command.name() + ": unexpected argument '" + given.get(max)
                    + "'");
        }
        if (expected != null && given.size() < expected.min()) {
            throw new CommandLineException(command, command.name() + ": missing " + expected.label() + " ("
                    + expected.description() + ")");
        }
    }

    private String commandList() {
        List<String> names = new ArrayList<>(commands.keySet());
        String last = names.remove(names.size() - 1);
        return String.join(", ", names) + " or " + last;
    }

    private static boolean flag(CommandSyntax command, String name, String inline) {
        if (inline != null) {
            throw new CommandLineException(command, "option '" + name + "' takes no value, got '" + name + "="
                    + inline + "'");
        }
        return true;
    }

    private static String valueAfter(String[] args, int index, CommandSyntax command, String name, String label) {
        if (index + 1 >= args.length) {
            throw new CommandLineException(command, "option '" + name + "' needs a value (" + label + ")");
        }
        return args[index + 1];
    }

    private static CommandLineException unknownOption(CommandSyntax command, String arg) {
        return new CommandLineException(command, "unknown option '" + arg + "'"
                + (command == null ? "" : " for " + command.name()));
    }

    /**
     * A parsed command line.
     *
     * @param command the command named, or null (then help or version was asked for)
     * @param arguments the command's options and parameters
     * @param stores every {@code --store} URI, in order
     * @param verbose whether {@code --verbose} was given
     * @param help whether help was asked for (of the command when there is one)
     * @param version whether {@code --version} was given
     */
    record ParsedCommandLine(CommandSyntax command, Arguments arguments, List<String> stores, boolean verbose,
                             boolean help, boolean version) {
    }

    /** What the command line gave a command: its options' values and its parameters. */
    static final class Arguments {

        private final Map<String, List<String>> values;
        private final List<String> parameters;

        Arguments(Map<String, List<String>> values, List<String> parameters) {
            this.values = values;
            this.parameters = List.copyOf(parameters);
        }

        /** Whether the flag {@code name} was given. */
        boolean flag(String name) {
            return values.containsKey(name);
        }

        /** The value of the option {@code name}, or null when it was not given. */
        String value(String name) {
            List<String> given = values.get(name);
            return given == null || given.isEmpty() ? null : given.get(given.size() - 1);
        }

        /** The positional parameters, in order. */
        List<String> parameters() {
            return parameters;
        }
    }

    /** A command line that does not parse, and the command whose help would say what it takes (or null). */
    static final class CommandLineException extends UsageException {

        private static final long serialVersionUID = 1L;

        private final transient CommandSyntax command;

        CommandLineException(CommandSyntax command, String message) {
            super(message);
            this.command = command;
        }

        /** The command the error is in, or null for the top level. */
        CommandSyntax command() {
            return command;
        }
    }
}
