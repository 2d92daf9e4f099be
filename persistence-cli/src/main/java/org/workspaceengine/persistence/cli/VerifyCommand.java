package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.Verifiable;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.VerificationReport.Problem;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

/**
 * {@code pstore verify NS... | --all}: reads every record and reports each torn or corrupt one. With several
 * {@code --store}s each store is verified on its own (a union's merged load would hide a member's bad records). A
 * store that cannot check record by record ({@link Verifiable}) is verified by a full strict load; a failing load is
 * reported as one problem.
 */
final class VerifyCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("verify",
                    "Read namespaces through as a strict load does and report each corrupt record.",
                    "Each problem is printed with its line number (or offset); a torn last line is a warning (a "
                            + "load ignores it). Exit status 0 when every namespace loads, 3 when one does not. "
                            + "With --all, a file store's *.jsonl files that hold no namespace are problems too. "
                            + "With several --store options, each store is verified on its own.")
            .with(OptionSyntax.flag("--all", "Verify every namespace of the store."))
            .with(Capabilities.MISSING_OK)
            .with(new ParameterSyntax("NS", 0, Integer.MAX_VALUE, "the namespaces"));

    /** The exit status when problems were found. */
    static final int PROBLEMS_FOUND = 3;

    private final PstoreCommand top;

    private List<String> namespaces;

    private boolean all;

    VerifyCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        namespaces = arguments.parameters();
        all = arguments.flag("--all");
        Capabilities.requireNamespacesOrAll("verify", namespaces, all);
        PrintStream out = top.io().out();
        List<OpenedStore> stores = top.stores().openEach(StoreSelection.Access.READ_ONLY, EntityTypes.generic());
        long problems = 0;
        try {
            for (OpenedStore opened : stores) {
                Capabilities.requireExisting(opened, namespaces, arguments.flag("--missing-ok"));
            }
            for (OpenedStore opened : stores) {
                String suffix = stores.size() > 1 ? " (" + opened.name() + ")" : "";
                for (String namespace : Capabilities.namespaces(opened, namespaces, all)) {
                    VerificationReport report = verify(opened, namespace);
                    problems += report.isClean() ? 0 : 1;
                    print(out, opened, report, suffix);
                    out.flush();
                }
                if (all) {
                    for (String stray : Capabilities.unrecognizedData(opened)) {
                        problems++;
                        out.println("not a namespace file" + suffix + ": " + oneLine(stray));
                    }
                }
            }
        } finally {
            closeAll(stores);
        }
        return problems == 0 ? 0 : PROBLEMS_FOUND;
    }

    private static VerificationReport verify(OpenedStore opened, String namespace) {
        if (opened.store() instanceof Verifiable verifiable) {
            return verifiable.verify(namespace);
        }
        try {
            int loaded = opened.store().load(namespace).size();
            return new VerificationReport(namespace, loaded, List.of());
        } catch (PersistenceException e) {
            String description = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new VerificationReport(namespace, 0,
                    List.of(new Problem(opened.name(), 0, Kind.CORRUPT, "load failed: " + description)));
        }
    }

    private static void print(PrintStream out, OpenedStore opened, VerificationReport report, String suffix) {
        String records = plural(report.records(), "record");
        boolean fallback = !(opened.store() instanceof Verifiable);
        if (report.problems().isEmpty()) {
            out.println(report.namespace() + suffix + ": ok, "
                    + (fallback ? "loaded " + plural(report.records(), "current change")
                            + " (this store is verified by a full load)" : records));
            return;
        }
        long corrupt = report.problems().stream().filter(problem -> problem.kind() == Kind.CORRUPT).count();
        out.println(report.namespace() + suffix + ": " + (report.isClean()
                ? "ok (loads), " + plural(report.problems().size(), "warning")
                : plural(corrupt, "problem") + (corrupt < report.problems().size() ? " and "
                        + plural(report.problems().size() - corrupt, "warning") : ""))
                + (fallback ? "" : " in " + records));
        for (Problem problem : report.problems()) {
            out.println("  " + problem.location() + position(opened, problem) + ": "
                    + problem.kind().name().toLowerCase(Locale.ROOT) + ": " + oneLine(problem.description()));
        }
    }

    private static String position(OpenedStore opened, Problem problem) {
        if (!(opened.store() instanceof Verifiable)) {
            return "";
        }
        return (opened.countsLines() ? " line " : " offset ") + problem.position();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    private static void closeAll(List<OpenedStore> stores) {
        RuntimeException failure = null;
        for (OpenedStore store : stores) {
            try {
                store.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
