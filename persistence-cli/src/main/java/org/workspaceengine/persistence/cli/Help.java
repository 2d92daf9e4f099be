package org.workspaceengine.persistence.cli;

import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

/**
 * The help of {@code pstore} and of each command, made from their {@link CommandSyntax} and wrapped at word
 * boundaries to the terminal's width ({@code COLUMNS} when the shell exports it, else 80 columns).
 */
final class Help {

    /** The widest the option column gets; a longer label puts its description on the next line. */
    private static final int MAX_LABEL_COLUMN = 22;

    private static final OptionSyntax STORE = new OptionSyntax("--store", "URI", "The store to act on (default: "
            + StoreSelection.DEFAULT_URI + "). Given twice or more, commands act on the union of those stores.",
            false, true);
    private static final OptionSyntax VERBOSE = OptionSyntax.flag("--verbose",
            "Print the stack trace of an error, not only its message.");
    private static final OptionSyntax HELP = OptionSyntax.flag("-h, --help", "Show this help and exit.");
    private static final OptionSyntax VERSION = OptionSyntax.flag("-V, --version", "Print the version and exit.");

    private static final String SUMMARY = "Inspect, verify, compact, import and copy persistence stores.";
    private static final List<String[]> STORE_URIS = List.of(
            new String[] {"file:./data", "a JSONL file store directory (the default)"},
            new String[] {"kafka://host:9092/topic", "a Kafka store on a compacted topic"},
            new String[] {"memory:", "an empty in-memory store (for trying things out)"},
            new String[] {"union:?...", "a union of stores (or give --store twice)"});
    private static final List<String[]> EXIT_STATUS = List.of(
            new String[] {"0", "success"},
            new String[] {"1", "an operational error (one line on stderr; the stack trace with --verbose)"},
            new String[] {"2", "a usage error"},
            new String[] {"3", "verify found problems"});

    private final int width;

    /** Help wrapped to {@code width} columns. */
    Help(int width) {
        this.width = Math.max(40, width);
    }

    /** Help wrapped to the terminal: {@code COLUMNS} when set to a number, else 80. */
    static Help forTerminal() {
        String columns = System.getenv("COLUMNS");
        try {
            return new Help(columns == null ? 80 : Math.min(200, Integer.parseInt(columns.trim())));
        } catch (NumberFormatException e) {
            return new Help(80);
        }
    }

    /** {@code pstore --help}. */
    String top(List<CommandSyntax> commands) {
        StringBuilder out = new StringBuilder();
        out.append("Usage: pstore [--store=URI]... [--verbose] COMMAND [ARGS]...\n");
        out.append("       pstore --help | --version | COMMAND --help\n");
        paragraph(out, SUMMARY, "");
        out.append("\nOptions:\n");
        table(out, List.of(row(STORE), row(VERBOSE), row(HELP), row(VERSION)));
        out.append("\nCommands:\n");
        List<String[]> rows = new ArrayList<>();
        for (CommandSyntax command : commands) {
            rows.add(new String[] {command.name(), command.summary()});
        }
        table(out, rows);
        out.append("\nStore URIs ('pstore uris' lists every scheme's options):\n");
        table(out, STORE_URIS);
        out.append("\nExit status:\n");
        table(out, EXIT_STATUS);
        return out.toString();
    }

    /** {@code pstore COMMAND --help}. */
    String of(CommandSyntax command) {
        StringBuilder synopsis = new StringBuilder("Usage: pstore");
        if (command.takesStore()) {
            synopsis.append(" [--store=URI]...");
        }
        synopsis.append(" [--verbose] ").append(command.name());
        for (OptionSyntax option : command.options()) {
            synopsis.append(' ').append(option.required() ? option.label() : "[" + option.label() + "]");
        }
        if (command.parameters() != null) {
            synopsis.append(' ').append(command.parameters().synopsis());
        }
        StringBuilder out = new StringBuilder();
        paragraph(out, synopsis.toString(), "        ");
        for (String paragraph : command.description()) {
            paragraph(out, paragraph, "");
        }
        ParameterSyntax parameters = command.parameters();
        if (parameters != null) {
            out.append("\nParameters:\n");
            table(out, List.<String[]>of(new String[] {parameters.label(), parameters.description()}));
        }
        out.append("\nOptions:\n");
        List<String[]> rows = new ArrayList<>();
        command.options().forEach(option -> rows.add(row(option)));
        if (command.takesStore()) {
            rows.add(row(STORE));
        }
        rows.add(row(VERBOSE));
        rows.add(row(HELP));
        table(out, rows);
        return out.toString();
    }

    private static String[] row(OptionSyntax option) {
        return new String[] {option.label(), option.description()};
    }

    /** Rows of a label and its description, the descriptions in one wrapped column. */
    private void table(StringBuilder out, List<String[]> rows) {
        int labels = 0;
        for (String[] row : rows) {
            labels = Math.max(labels, Math.min(MAX_LABEL_COLUMN, row[0].length()));
        }
        String indent = " ".repeat(2 + labels + 2);
        for (String[] row : rows) {
            String label = "  " + row[0];
            if (row[0].length() > labels) {
                out.append(label).append('\n');
                paragraph(out, indent + row[1], indent);
            } else {
                paragraph(out, label + " ".repeat(indent.length() - label.length()) + row[1], indent);
            }
        }
    }

    /** Appends {@code text} wrapped at word boundaries, continuation lines indented by {@code indent}. */
    private void paragraph(StringBuilder out, String text, String indent) {
        int lineStart = out.length();
        int lastBreak = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' && out.length() > lineStart && out.charAt(out.length() - 1) != ' ') {
                lastBreak = out.length();
            }
            out.append(c);
            if (out.length() - lineStart > width && lastBreak > lineStart + indent.length()) {
                String rest = out.substring(lastBreak + 1);
                out.setLength(lastBreak);
                out.append('\n');
                lineStart = out.length();
                out.append(indent).append(rest);
                lastBreak = -1;
            }
        }
        out.append('\n');
    }
}
