package org.workspaceengine.persistence.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code pstore}, the command-line tool for operators: list, dump, inspect, compact, verify, import and copy stores
 * by URI, without the domain classes (entities are handled as raw JSON).
 *
 * <pre>{@code
 * java -jar pstore.jar --store file:./data ls
 * java -jar pstore.jar dump workspace-1 --count
 * java -jar pstore.jar copy --from file:./data --to file:./backup
 * }</pre>
 *
 * <p>Exit status: 0 success; 1 an operational error (one line on stderr, the stack trace with {@code --verbose});
 * 2 a usage error; 3 {@code verify} found problems. Run {@code pstore --help} for every command and option.
 */
public final class Pstore {

    /** The exit status of success. */
    public static final int OK = 0;
    /** The exit status of an operational error: the command was understood but failed. */
    public static final int FAILED = 1;
    /** The exit status of a usage error: the command line is wrong. */
    public static final int USAGE = 2;
    /** The exit status of {@code verify} when it found problems. */
    public static final int PROBLEMS_FOUND = VerifyCommand.PROBLEMS_FOUND;

    private Pstore() {
    }

    /** Runs {@code pstore} with the process's streams and exits with its status. */
    public static void main(String[] args) {
        // picocli's converters for java.time and java.sql types are found by reflection at every start; pstore's
        // options take none of them.
        if (System.getProperty(CONVERTER_EXCLUSIONS) == null) {
            System.setProperty(CONVERTER_EXCLUSIONS, "java\\.time\\..*,java\\.sql\\..*");
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int status = run(new Io(System.in, out, err, System.console() != null, System::nanoTime), args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs {@code pstore} with {@code args} on the given streams and returns its exit status instead of exiting, for
     * embedding and tests. Progress is drawn as plain lines ({@code stderr} is not taken for a terminal).
     *
     * @param stdin what {@code import} reads
     * @param stdout where results go; flushed before returning
     * @param stderr where messages and progress go
     * @param args the command line, without the program name
     * @return the exit status: {@link #OK}, {@link #FAILED}, {@link #USAGE} or {@link #PROBLEMS_FOUND}
     */
    public static int run(InputStream stdin, PrintStream stdout, PrintStream stderr, String... args) {
        return run(new Io(stdin, stdout, stderr, false, System::nanoTime), args);
    }

    private static final String CONVERTER_EXCLUSIONS = "picocli.converters.excludes";

    /** The subcommands by name, in the order usage lists them. */
    private static final Map<String, Function<PstoreCommand, Object>> COMMANDS = commands();

    private static Map<String, Function<PstoreCommand, Object>> commands() {
        Map<String, Function<PstoreCommand, Object>> commands = new LinkedHashMap<>();
        commands.put("ls", LsCommand::new);
        commands.put("dump", DumpCommand::new);
        commands.put("stats", StatsCommand::new);
        commands.put("compact", CompactCommand::new);
        commands.put("delete", DeleteCommand::new);
        commands.put("verify", VerifyCommand::new);
        commands.put("import", ImportCommand::new);
        commands.put("copy", CopyCommand::new);
        commands.put("uris", UrisCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    /** The subcommand {@code args} name: the first argument that is not an option or {@code --store}'s value. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--store")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    /** Runs {@code pstore} with {@code args} on {@code io}; returns the exit status. */
    static int run(Io io, String... args) {
        Objects.requireNonNull(args, "args");
        PstoreCommand top = new PstoreCommand(io);
        CommandLine cli = new CommandLine(top);
        // Only the command named is built when there is one: each costs picocli's reflection at every start.
        Function<PstoreCommand, Object> named = COMMANDS.get(commandName(args));
        for (Function<PstoreCommand, Object> command : named != null ? List.of(named) : COMMANDS.values()) {
            cli.addSubcommand(command.apply(top));
        }
        cli.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler(Pstore::usageError);
        cli.setExecutionStrategy(parseResult -> {
            top.collectStores(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(top, commandLine, e));
        try {
            return cli.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("pstore: " + e.getMessage());
        err.println("Try 'pstore " + subcommandPath(command) + "--help' for usage.");
        err.flush();
        return USAGE;
    }

    private static String subcommandPath(CommandLine command) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    private static int failure(PstoreCommand top, CommandLine command, Exception e) {
        PrintStream err = top.io().err();
        top.io().out().flush();
        if (e instanceof UsageException) {
            err.println("pstore: " + e.getMessage());
            err.println("Try 'pstore " + subcommandPath(command) + "--help' for usage.");
        } else {
            err.println("pstore: " + Messages.oneLine(e));
        }
        if (top.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof UsageException ? USAGE : FAILED;
    }
}
