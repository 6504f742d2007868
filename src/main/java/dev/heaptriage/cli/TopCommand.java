package dev.heaptriage.cli;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Dominators;
import dev.heaptriage.detect.Overviews;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.render.Printable;
import dev.heaptriage.report.DumpSummary;
import dev.heaptriage.report.Overview;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.TopTable;
import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code heaptriage top DUMP}: the dominator tree from the top, or grouped by class, package or loader. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"The dominator tree from the top: the objects that retain most of the heap, with class, "
                + "retained and shallow bytes, share of the heap, owner in application code and shortest path from "
                + "a GC root. After 'analyze' of the same dump it needs no parse (the top "
                + Overviews.TOP_ROWS + " objects, " + Overviews.TOP_DEPTH + " levels deep, are stored)."})
final class TopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Mixin
    TableFormatOption table;

    @Mixin
    OutputOption output;

    @Option(names = "--by", paramLabel = "GROUPING", defaultValue = "object",
            description = "object (the dominator tree), class, package or loader: the top level grouped (default: "
                    + "${DEFAULT-VALUE})")
    String by;

    @Option(names = "--under", paramLabel = "ID",
            description = "the objects that the object ID (an address as evidence prints it, 0x...) dominates")
    String under;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "1",
            description = "levels of the tree to print, 1 or more (default: ${DEFAULT-VALUE}: the top level only)")
    int depth;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "rows (and children per node with --depth) to show, 1 or more (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--redact", description = "replace thread names (in owners and paths) with <redacted:N chars>")
    boolean redact;

    @Option(names = "--app-packages", paramLabel = "PKG", split = ",",
            description = "the application's own packages, for owners (as in analyze); needs a parse")
    List<String> appPackages = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        by = by.toLowerCase(Locale.ROOT);
        if (!by.equals("object") && !Dominators.GROUPINGS.contains(by)) {
            throw new CommandLine.ParameterException(cl, "unknown --by '" + by
                    + "'; expected one of object, class, package, loader");
        }
        if (depth < 1 || rows < 1) {
            throw new CommandLine.ParameterException(cl, "--depth and --top must be 1 or more");
        }
        long underAddress = under == null ? -1 : parseAddress(cl, under);
        if (under != null && !by.equals("object")) {
            throw new CommandLine.ParameterException(cl, "--under lists objects; it does not go with --by " + by);
        }
        ReportOutput target = output.check(cl, input.dump);
        ReportOutput.Failure[] failure = new ReportOutput.Failure[1];
        String[] missing = new String[1];
        PrintWriter out = cl.getOut();
        int code = DumpOpener.withHeap("heaptriage top", input, cl.getErr(), this::answers,
                overview -> failure[0] = emit(target, out, overview, fromStored(overview.top(), underAddress)),
                (heap, overview) -> {
                    TopTable t = fromHeap(heap, underAddress);
                    if (t == null) {
                        missing[0] = "no object at " + under + " in this dump (ids are addresses as evidence and "
                                + "'top' print them)";
                        return;
                    }
                    failure[0] = emit(target, out, overview, t);
                });
        if (code != ExitCode.OK.code) {
            return code;
        }
        if (missing[0] != null) {
            return Errors.print(cl.getErr(), null, "heaptriage top", missing[0], ExitCode.USAGE);
        }
        if (failure[0] != null) {
            return Errors.print(cl.getErr(), null, "heaptriage top", failure[0].getMessage(), failure[0].exit);
        }
        return ExitCode.OK.code;
    }

    private static long parseAddress(CommandLine cl, String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        try {
            return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cl, "--under expects an object id such as 0x7ff001200, found '"
                    + id + "'");
        }
    }

    /** Whether the stored top of the tree answers this run. */
    private boolean answers(Overview stored) {
        TopTable t = stored.top();
        if (t == null || !appPackages.isEmpty() || rows > Overviews.TOP_ROWS) {
            return false;
        }
        if (under == null) {
            return depth <= t.depth() && complete(t.nodes(), depth);
        }
        return fromStored(t, parseAddress(spec.commandLine(), under)) != null;
    }

    /** The table this run shows, cut from the stored one; null when the stored one does not reach so far. */
    private TopTable fromStored(TopTable t, long underAddress) {
        if (under == null) {
            return new TopTable(t.usedHeapBytes(), depth, cut(t.nodes(), rows, depth), t.groups());
        }
        String id = dev.heaptriage.report.Evidence.objectId(underAddress);
        TopTable.Node node = find(t.nodes(), id, t.depth(), 1);
        if (node == null || !complete(List.of(node), depth + 1)) {
            return null;
        }
        return new TopTable(t.usedHeapBytes(), depth, cut(node.children(), rows, depth), Map.of());
    }

    /** The node with this id whose children reach {@code depth} more levels in the stored tree, or null. */
    private TopTable.Node find(List<TopTable.Node> nodes, String id, int storedDepth, int level) {
        for (TopTable.Node n : nodes) {
            if (n.objectId().equals(id)) {
                return storedDepth - level >= depth && (!n.children().isEmpty() || n.moreChildren() == 0) ? n : null;
            }
            TopTable.Node below = find(n.children(), id, storedDepth, level + 1);
            if (below != null) {
                return below;
            }
        }
        return null;
    }

    /** Whether the stored nodes have the first {@code --top} children of each, {@code levels} deep. */
    private boolean complete(List<TopTable.Node> nodes, int levels) {
        if (levels <= 1) {
            return true;
        }
        for (TopTable.Node n : nodes.subList(0, Math.min(rows, nodes.size()))) {
            if (n.children().size() < rows && n.moreChildren() > 0 || !complete(n.children(), levels - 1)) {
                return false;
            }
        }
        return true;
    }

    private static List<TopTable.Node> cut(List<TopTable.Node> nodes, int rows, int depth) {
        List<TopTable.Node> out = new ArrayList<>();
        for (TopTable.Node n : nodes.subList(0, Math.min(rows, nodes.size()))) {
            List<TopTable.Node> kids = depth > 1 ? cut(n.children(), rows, depth - 1) : List.of();
            int more = n.moreChildren() + n.children().size() - kids.size();
            out.add(new TopTable.Node(n.objectId(), n.className(), n.shallowBytes(), n.retainedBytes(), n.owner(),
                    n.ownerThread(), n.pathToGcRoot(), kids, more));
        }
        return out;
    }

    private TopTable fromHeap(HeapView heap, long underAddress) {
        Dominators d = new Dominators(heap, AppCode.infer(heap, appPackages));
        if (under == null) {
            return d.top(rows, depth, rows);
        }
        int id = heap.objectIdAt(underAddress);
        return id < 0 ? null : d.under(id, rows, depth, rows);
    }

    private ReportOutput.Failure emit(ReportOutput target, PrintWriter out, Overview shownOverview, TopTable t) {
        TopTable shown = redact ? t.redacted() : t;
        Overview overview = redact && shownOverview.dump() != null ? new Overview(shownOverview.dump().redacted(),
                shownOverview.threads(), shownOverview.histogram(), shownOverview.warnings(), shownOverview.top())
                : shownOverview;
        return OutputOption.write(target, w -> write(w, overview, shown), out);
    }

    private void write(Writer w, Overview overview, TopTable t) throws IOException {
        PrintWriter out = new PrintWriter(w);
        boolean grouped = !by.equals("object");
        List<TopTable.Group> groups = grouped ? t.groups().getOrDefault(by, List.of()) : List.of();
        groups = groups.subList(0, Math.min(rows, groups.size()));
        switch (table.format) {
            case TEXT -> {
                text(out, overview.dump(), t, groups);
            }
            case JSON -> {
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("by", by);
                body.put("under", under == null ? null : dev.heaptriage.report.Evidence.objectId(
                        parseAddress(spec.commandLine(), under)));
                body.put("usedHeapBytes", t.usedHeapBytes());
                if (grouped) {
                    body.put("groups", groups);
                } else {
                    body.put("objects", t.nodes());
                }
                JsonOutput.write(out, overview.dump(), overview.warnings(), body);
            }
            case CSV -> {
                if (grouped) {
                    TableFormat.csv(out, List.of(by, "objects", "shallowBytes", "retainedBytes", "heapShare"));
                    for (TopTable.Group g : groups) {
                        TableFormat.csv(out, List.of(g.name(), g.objects(), g.shallowBytes(), g.retainedBytes(),
                                share(g.retainedBytes(), t.usedHeapBytes())));
                    }
                } else {
                    TableFormat.csv(out, List.of("level", "objectId", "class", "shallowBytes", "retainedBytes",
                            "heapShare", "owner", "path"));
                    csvNodes(out, t.nodes(), 0, t.usedHeapBytes());
                }
            }
        }
        out.flush();
    }

    private static String share(long part, long whole) {
        return whole <= 0 ? "" : String.format(Locale.ROOT, "%.4f", (double) part / whole);
    }

    private static void csvNodes(PrintWriter out, List<TopTable.Node> nodes, int level, long heap) {
        for (TopTable.Node n : nodes) {
            TableFormat.csv(out, java.util.Arrays.asList(level, n.objectId(), n.className(), n.shallowBytes(),
                    n.retainedBytes(), share(n.retainedBytes(), heap), n.owner(),
                    n.pathToGcRoot().isEmpty() ? null : pathText(n.pathToGcRoot())));
            csvNodes(out, n.children(), level + 1, heap);
        }
    }

    /** The path root first, in the report's compact form: {@code App.CACHE → HashMap.table → HashMap$Node[]}. */
    static String pathText(List<PathStep> path) {
        List<String> steps = new ArrayList<>();
        for (int i = path.size() - 1; i >= 0; i--) {
            steps.add(path.get(i).compact());
        }
        return String.join(" → ", steps);
    }

    private void text(PrintWriter out, DumpSummary dump, TopTable t, List<TopTable.Group> groups) {
        if (dump != null) {
            out.printf("%s used heap · %s objects · %s classes · %s%n", Units.bytes(dump.usedHeapBytes()),
                    Units.count(dump.objects()), Units.count(dump.classes()), Units.plural(dump.threads(), "thread"));
            String jvm = dev.heaptriage.render.Formats.jvmLine(dump);
            if (jvm != null) {
                out.println(Printable.escape(jvm));
            }
        }
        if (!by.equals("object")) {
            out.printf("%n%10s %7s %10s %10s  %s%n", "retained", "share", "shallow", "objects", by);
            for (TopTable.Group g : groups) {
                out.printf("%10s %7s %10s %10s  %s%n", Units.bytes(g.retainedBytes()),
                        Units.percent(g.retainedBytes(), t.usedHeapBytes()), Units.bytes(g.shallowBytes()),
                        Units.count(g.objects()), Printable.escape(g.name()));
            }
            out.println();
            out.println("(objects at the top of the dominator tree, grouped by " + by + ")");
            return;
        }
        if (under != null) {
            out.println("dominated by " + under.trim().toLowerCase(Locale.ROOT) + ":");
        }
        out.printf("%n%10s %7s %10s  %s%n", "retained", "share", "shallow", "object");
        textNodes(out, t.nodes(), 0, t.usedHeapBytes());
    }

    private static void textNodes(PrintWriter out, List<TopTable.Node> nodes, int level, long heap) {
        String indent = "  ".repeat(level);
        String pad = " ".repeat(31) + indent;
        for (TopTable.Node n : nodes) {
            out.printf("%10s %7s %10s  %s%s @%s%n", Units.bytes(n.retainedBytes()),
                    Units.percent(n.retainedBytes(), heap), Units.bytes(n.shallowBytes()), indent,
                    Printable.escape(n.className()), n.objectId());
            if (n.owner() != null) {
                out.println(pad + "  owner: " + Printable.escape(n.owner()));
            }
            if (!n.pathToGcRoot().isEmpty()) {
                out.println(pad + "  path: " + Printable.escape(pathText(n.pathToGcRoot())));
            }
            textNodes(out, n.children(), level + 1, heap);
            if (!n.children().isEmpty() && n.moreChildren() > 0) {
                out.println(pad + "  … " + Units.count(n.moreChildren()) + " more dominated");
            }
        }
    }
}
