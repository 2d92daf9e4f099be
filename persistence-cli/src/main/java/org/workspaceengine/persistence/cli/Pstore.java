package org.workspaceengine.persistence.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

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

    /** The commands, in the order the help lists them. */
    private static final CommandLineParser PARSER = new CommandLineParser(List.of(LsCommand.SYNTAX,
            DumpCommand.SYNTAX, StatsCommand.SYNTAX, CompactCommand.SYNTAX, DeleteCommand.SYNTAX, VerifyCommand.SYNTAX,
            ImportCommand.SYNTAX, CopyCommand.SYNTAX, UrisCommand.SYNTAX));

    private static Subcommand create(String name, PstoreCommand top) {
        return switch (name) {
            case "ls" -> new LsCommand(top);
            case "dump" -> new DumpCommand(top);
            case "stats" -> new StatsCommand(top);
            case "compact" -> new CompactCommand(top);
            case "delete" -> new DeleteCommand(top);
            case "verify" -> new VerifyCommand(top);
            case "import" -> new ImportCommand(top);
            case "copy" -> new CopyCommand(top);
            case "uris" -> new UrisCommand(top);
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /** Runs {@code pstore} with {@code args} on {@code io}; returns the exit status. */
    static int run(Io io, String... args) {
        Objects.requireNonNull(args, "args");
        try {
            return parseAndRun(io, args);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    private static int parseAndRun(Io io, String[] args) {
        CommandLineParser.ParsedCommandLine parsed;
        try {
            parsed = PARSER.parse(args);
        } catch (CommandLineParser.CommandLineException e) {
            return usageError(io, e.command(), e.getMessage());
        }
        CommandSyntax command = parsed.command();
        if (parsed.help()) {
            Help help = Help.forTerminal();
            io.out().print(command == null ? help.top(PARSER.commands()) : help.of(command));
            return OK;
        }
        if (parsed.version()) {
            io.out().println(PstoreVersion.line());
            return OK;
        }
        PstoreCommand top = new PstoreCommand(io, parsed.stores(), parsed.verbose());
        try {
            return create(command.name(), top).run(parsed.arguments());
        } catch (UsageException e) {
            printStackTraceIfVerbose(top, e);
            return usageError(io, command, e.getMessage());
        } catch (RuntimeException e) {
            return failure(top, e);
        }
    }

    private static int usageError(Io io, CommandSyntax command, String message) {
        io.out().flush();
        io.err().println("pstore: " + message);
        io.err().println("Try 'pstore " + (command == null ? "" : command.name() + " ") + "--help' for usage.");
        return USAGE;
    }

    private static int failure(PstoreCommand top, RuntimeException e) {
        top.io().out().flush();
        top.io().err().println("pstore: " + Messages.oneLine(e));
        printStackTraceIfVerbose(top, e);
        return FAILED;
    }

    private static void printStackTraceIfVerbose(PstoreCommand top, Throwable e) {
        if (top.verbose()) {
            e.printStackTrace(top.io().err());
        }
    }
}
