package org.workspaceengine.persistence.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * {@code pstore import}: saves wire-format lines from stdin in batches and acknowledges each batch on stdout.
 *
 * <p>A batch is decoded completely before it is saved, so a malformed line stops the import with nothing of its batch
 * stored: exactly the changes of the acknowledged batches are stored.
 */
final class ImportCommand implements Subcommand {

    private static final int DEFAULT_BATCH = 1000;

    static final CommandSyntax SYNTAX = CommandSyntax.of("import",
                    "Save wire-format JSON lines from stdin, in batches.",
                    "Reads lines as 'pstore dump' prints them. After each save returns, prints 'acked <changes "
                            + "saved so far>' on stdout, so a script knows exactly what is stored. A malformed line "
                            + "stops the import with its line number; nothing after the last acknowledged batch is "
                            + "stored. Blank lines are skipped.")
            .with(OptionSyntax.value("--namespace", "NS",
                    "Save every change to this namespace instead of the namespace on its line."))
            .with(OptionSyntax.value("--batch", "N", "Changes per save (default: " + DEFAULT_BATCH + ")."));

    private static final int EXCERPT_BYTES = 60;
    /** The longest line read: the longest a file store keeps (64 MiB with its newline), newline left out. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024 - 1;

    private final PstoreCommand top;

    private String namespace;

    private int batch;

    ImportCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        namespace = arguments.value("--namespace");
        batch = batchSize(arguments.value("--batch"));
        if (namespace != null) {
            Capabilities.requireValid("import: --namespace", List.of(namespace));
        }
        EntityTypes types = EntityTypes.generic();
        WireFormat wire = WireFormat.create(types);
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.READ_WRITE, types)) {
            importAll(opened.store(), wire);
        } catch (StdinLines.LineTooLongException e) {
            throw new OperationException("stdin line " + e.lineNumber() + " is longer than "
                    + MAX_LINE_BYTES + " bytes, more than a store keeps; it was not read through (the "
                    + "changes acked before it are stored, nothing after them)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin: " + e.getMessage(), e);
        }
        return 0;
    }

    private static int batchSize(String given) {
        if (given == null) {
            return DEFAULT_BATCH;
        }
        try {
            int batch = Integer.parseInt(given);
            if (batch >= 1) {
                return batch;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("import: --batch must be a whole number of at least 1, got '" + given + "'");
    }

    private void importAll(Store store, WireFormat wire) throws IOException {
        PrintStream out = top.io().out();
        StdinLines lines = new StdinLines(top.io().in(), MAX_LINE_BYTES);
        List<Change> pending = new ArrayList<>(Math.min(batch, 10_000));
        long firstPendingLine = 0;
        long acked = 0;
        while (lines.next()) {
            if (lines.isBlank()) {
                continue;
            }
            if (pending.isEmpty()) {
                firstPendingLine = lines.number();
            }
            pending.add(decode(wire, lines, acked));
            if (pending.size() == batch) {
                acked = save(store, pending, firstPendingLine, lines.number(), acked, out);
            }
        }
        if (!pending.isEmpty()) {
            save(store, pending, firstPendingLine, lines.number(), acked, out);
        }
    }

    private Change decode(WireFormat wire, StdinLines lines, long acked) {
        Change change;
        try {
            change = wire.decode(wire.decodeEnvelope(lines.bytes(), 0, lines.length()));
        } catch (CorruptDataException e) {
            throw new OperationException("stdin line " + lines.number() + ": " + e.problem() + "; the line starts: `"
                    + excerpt(lines) + "` (" + stored(acked) + ")", e);
        }
        if (namespace != null && !namespace.equals(change.namespace())) {
            change = new Change(namespace, change.changeType(), change.entity(), change.timestamp());
        }
        return change;
    }

    private static long save(Store store, List<Change> pending, long fromLine, long toLine, long acked,
                             PrintStream out) {
        try {
            store.save(Changes.of(pending));
        } catch (RejectedChangeException e) {
            throw new OperationException("saving stdin lines " + fromLine + "-" + toLine + " failed (" + stored(acked)
                    + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new OperationException("saving stdin lines " + fromLine + "-" + toLine + " failed ("
                    + "acked " + acked + " before; this batch may be partly stored): " + e.getMessage(), e);
        }
        long total = acked + pending.size();
        pending.clear();
        out.println("acked " + total);
        out.flush();
        return total;
    }

    private static String excerpt(StdinLines lines) {
        int length = Math.min(lines.length(), EXCERPT_BYTES);
        String text = new String(lines.bytes(), 0, length, StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown + (lines.length() > EXCERPT_BYTES ? "..." : "");
    }

    private static String stored(long acked) {
        return acked == 0 ? "nothing was stored" : "stored: the " + acked + " acked changes only";
    }
}
