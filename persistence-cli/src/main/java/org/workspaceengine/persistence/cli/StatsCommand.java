package org.workspaceengine.persistence.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.StorageStatistics;
import org.workspaceengine.persistence.StorageStats;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;
import org.workspaceengine.persistence.union.UnionStore;

/**
 * {@code pstore stats NS... | --all}: how each namespace is stored. A store that cannot describe its storage
 * ({@link StorageStatistics}) has its entities counted ({@link EntityCounting}), or else loaded and counted; lines,
 * bytes and the garbage ratio are then printed as unknown ({@code null} in JSON). With {@code --all}, every
 * namespace and then the totals.
 */
final class StatsCommand implements Subcommand {

    static final CommandSyntax SYNTAX = CommandSyntax.of("stats",
                    "Print how namespaces are stored: lines, bytes, entities, garbage ratio.",
                    "Lines are stored records (superseded versions included); the garbage ratio is lines per "
                            + "current entity (1.00 when compacted). Stores that do not report storage figures "
                            + "print lines, bytes and ratio as unknown. With --all, every namespace, then the "
                            + "totals. For a union with a backlog directory, also the changes waiting in each "
                            + "member's backlog.")
            .with(OptionSyntax.flag("--all", "Every namespace of the store, then the totals."))
            .with(OptionSyntax.flag("--json", "Print one JSON object per namespace, one per line."))
            .with(Capabilities.MISSING_OK)
            .with(new ParameterSyntax("NS", 0, Integer.MAX_VALUE, "the namespaces"));

    /** Created on first use: an ObjectMapper costs a tenth of a second at start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final PstoreCommand top;

    private List<String> namespaces;

    private boolean all;

    private boolean json;

    StatsCommand(PstoreCommand top) {
        this.top = top;
    }

    @Override
    public int run(CommandLineParser.Arguments arguments) {
        namespaces = arguments.parameters();
        all = arguments.flag("--all");
        json = arguments.flag("--json");
        Capabilities.requireNamespacesOrAll("stats", namespaces, all);
        PrintStream out = top.io().out();
        try (OpenedStore opened = top.stores().open(StoreSelection.Access.READ_ONLY, EntityTypes.generic())) {
            boolean first = true;
            long live = 0;
            long unset = 0;
            Capabilities.requireExisting(opened, namespaces, arguments.flag("--missing-ok"));
            List<String> shown = Capabilities.namespaces(opened, namespaces, all);
            for (String namespace : shown) {
                Figures figures = figures(opened.store(), namespace);
                live += figures.liveEntities();
                unset += figures.unsetMarkers();
                if (json) {
                    out.println(figures.toJson());
                } else {
                    if (!first) {
                        out.println();
                    }
                    out.print(figures.toText());
                }
                first = false;
            }
            if (all) {
                printTotals(out, shown.size(), live, unset);
            }
            if (opened.store() instanceof UnionStore union && union.backlogDirectory().isPresent()) {
                printBacklog(out, union.pendingChanges());
            }
        }
        return 0;
    }

    /** The totals of {@code --all}: a block of text, or one JSON object {@code {"namespaces":n,...}}. */
    private void printTotals(PrintStream out, int namespaceCount, long live, long unset) {
        if (json) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("namespaces", namespaceCount).put("liveEntities", live).put("unsetMarkers", unset);
            out.println(node);
            return;
        }
        if (namespaceCount > 0) {
            out.println();
        }
        out.printf(Locale.ROOT, "namespaces     %d%n", namespaceCount);
        out.printf(Locale.ROOT, "live entities  %d%n", live);
        out.printf(Locale.ROOT, "unset markers  %d%n", unset);
    }

    /**
     * The changes waiting in each union member's backlog (acknowledged by the union, missed by the member), after
     * the namespaces: a block of text, or one JSON object {@code {"pendingChanges":{"member":n,...}}}.
     */
    private void printBacklog(PrintStream out, Map<String, Long> pending) {
        if (json) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            ObjectNode members = node.putObject("pendingChanges");
            pending.forEach(members::put);
            out.println(node);
            return;
        }
        out.println();
        out.println("union backlog  (changes acknowledged by the union that a member has not received yet)");
        int width = pending.keySet().stream().mapToInt(String::length).max().orElse(0);
        pending.forEach((member, count) -> out.printf(Locale.ROOT, "  %-" + width + "s  %d pending%n", member,
                count));
    }

    /** The figures of {@code namespace} in {@code store}: from its statistics, its counts, or a load. */
    static Figures figures(Store store, String namespace) {
        if (store instanceof StorageStatistics statistics) {
            StorageStats stats = statistics.storageStats(namespace);
            return new Figures(namespace, stats.records(), stats.bytes(), stats.liveEntities(), stats.unsetMarkers(),
                    stats.garbageRatio());
        }
        EntityCounts counts = store instanceof EntityCounting counting ? counting.countEntities(namespace)
                : EntityCounts.of(namespace, store.load(namespace));
        return new Figures(namespace, null, null, counts.liveEntities(), counts.unsetMarkers(), null);
    }

    /**
     * What {@code stats} prints for one namespace; null figures are unknown.
     *
     * @param namespace the namespace
     * @param lines stored records, superseded versions included
     * @param bytes bytes those records take
     * @param liveEntities entities whose latest change is a set
     * @param unsetMarkers entities whose latest change is an unset
     * @param garbageRatio lines per current entity
     */
    record Figures(String namespace, Long lines, Long bytes, long liveEntities, long unsetMarkers,
                   Double garbageRatio) {

        String toText() {
            return String.format(Locale.ROOT, "namespace      %s%n", namespace)
                    + String.format(Locale.ROOT, "lines          %s%n", orUnknown(lines))
                    + String.format(Locale.ROOT, "bytes          %s%n", orUnknown(bytes))
                    + String.format(Locale.ROOT, "live entities  %d%n", liveEntities)
                    + String.format(Locale.ROOT, "unset markers  %d%n", unsetMarkers)
                    + String.format(Locale.ROOT, "garbage ratio  %s%n",
                            garbageRatio == null ? "unknown" : String.format(Locale.ROOT, "%.2f", garbageRatio));
        }

        String toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("namespace", namespace);
            node.put("lines", lines);
            node.put("bytes", bytes);
            node.put("liveEntities", liveEntities);
            node.put("unsetMarkers", unsetMarkers);
            node.put("garbageRatio", garbageRatio == null ? null
                    : Math.round(garbageRatio * 10_000) / 10_000.0);
            return node.toString();
        }

        private static String orUnknown(Long value) {
            return value == null ? "unknown" : value.toString();
        }
    }
}
