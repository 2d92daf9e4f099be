package org.workspaceengine.persistence.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The streams and clock a run of {@code pstore} uses, so that tests run it in-process.
 *
 * @param in standard input (read by {@code import})
 * @param out standard output: the results
 * @param err standard error: messages and progress
 * @param errIsTerminal whether {@code err} is an interactive terminal (progress is drawn as a bar, and
 *     {@code delete} may ask for confirmation, reading the answer from {@code in}): a console is attached
 * @param nanoTime a monotonic clock in nanoseconds (paces progress lines)
 */
record Io(InputStream in, PrintStream out, PrintStream err, boolean errIsTerminal, LongSupplier nanoTime) {

    Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(nanoTime, "nanoTime");
    }
}
