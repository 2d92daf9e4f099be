package org.workspaceengine.persistence.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Runs pstore's main class in-process and captures what it printed. */
final class Cli {

    private Cli() {
    }

    /**
     * What one run printed and returned.
     *
     * @param status the exit status
     * @param out standard output
     * @param err standard error
     */
    record Result(int status, String out, String err) {

        /** The lines of standard output. */
        List<String> outLines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1)).subList(0, count(out));
        }

        /** The lines of standard error. */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n", -1)).subList(0, count(err));
        }

        private static int count(String text) {
            int lines = text.split("\n", -1).length;
            return text.endsWith("\n") ? lines - 1 : lines;
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code args} with empty stdin. */
    static Result run(String... args) {
        return runWithInput("", args);
    }

    /** Runs {@code args} with {@code stdin} as standard input, stderr not a terminal. */
    static Result runWithInput(String stdin, String... args) {
        return run(stdin, false, new AtomicLong()::get, args);
    }

    /** Runs {@code args} with {@code stdin} as the bytes of standard input, stderr not a terminal. */
    static Result runWithInput(byte[] stdin, String... args) {
        return run(stdin, false, new AtomicLong()::get, args);
    }

    /** Runs {@code args}; {@code clock} is the nanosecond clock progress is paced by. */
    static Result run(String stdin, boolean terminal, java.util.function.LongSupplier clock, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), terminal, clock, args);
    }

    private static Result run(byte[] stdin, boolean terminal, java.util.function.LongSupplier clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Pstore.run(new Io(new ByteArrayInputStream(stdin), outStream,
                errStream, terminal, clock), args);
        outStream.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
