package dev.heaptriage.cli;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.RootPaths;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.render.Printable;
import dev.heaptriage.report.Overview;
import dev.heaptriage.report.WhyTree;
import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heaptriage why DUMP TARGET}: the merged shortest paths from GC roots to an object or a class's instances. */
@Command(name = "why", mixinStandardHelpOptions = true,
        description = {"Why objects are alive: the shortest path from a GC root to an object (its id as evidence and "
                + "'top' print it, 0x...) or to every instance of a class, merged into a tree with how many paths "
                + "pass through each step and what their objects retain; the first step in application code is "
                + "marked. Objects only the finalizer or a cleaner holds are left out unless --include-weak."})
final class WhyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Parameters(index = "1", paramLabel = "TARGET", description = "an object id (0x...) or a class name")
    String target;

    @Mixin
    TableFormatOption table;

    @Mixin
    OutputOption output;

    @Option(names = "--max-paths", paramLabel = "N", defaultValue = "10000",
            description = "paths to merge, 1 or more: those of the objects that retain most (default: ${DEFAULT-VALUE})")
    int maxPaths;

    @Option(names = "--include-weak", description = "also objects that only the finalizer or a cleaner (a final or "
            + "phantom reference) holds, through that reference; weak and soft references are never followed")
    boolean includeWeak;

    @Option(names = "--redact", description = "replace thread names (in roots and locals) with <redacted:N chars>")
    boolean redact;

    @Option(names = "--app-packages", paramLabel = "PKG", split = ",",
            description = "the application's own packages, for the mark of the first application step")
    List<String> appPackages = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (maxPaths < 1) {
            throw new CommandLine.ParameterException(cl, "--max-paths must be 1 or more, found " + maxPaths);
        }
        ReportOutput target0 = output.check(cl, input.dump);
        String[] problem = new String[1];
        ReportOutput.Failure[] failure = new ReportOutput.Failure[1];
        PrintWriter out = cl.getOut();
        int code = DumpOpener.withHeap("heaptriage why", input, cl.getErr(), stored -> false, stored -> { },
                (heap, overview) -> {
                    int[] ids = targets(heap);
                    if (ids == null) {
                        problem[0] = target.startsWith("0x") ? "no object at " + target + " in this dump (ids are "
                                + "addresses as evidence and 'top' print them)"
                                : "no class '" + target + "' in this dump (give its full name, e.g. java.util.HashMap)";
                        return;
                    }
                    WhyTree tree = new RootPaths(heap, AppCode.infer(heap, appPackages))
                            .why(target, ids, maxPaths, includeWeak, redact);
                    failure[0] = OutputOption.write(target0, w -> write(w, overview, tree), out);
                });
        if (code != ExitCode.OK.code) {
            return code;
        }
        if (problem[0] != null) {
            return Errors.print(cl.getErr(), null, "heaptriage why", problem[0], ExitCode.USAGE);
        }
        if (failure[0] != null) {
            return Errors.print(cl.getErr(), null, "heaptriage why", failure[0].getMessage(), failure[0].exit);
        }
        return ExitCode.OK.code;
    }

    /** The object ids TARGET names; null when the dump has none. */
    private int[] targets(HeapView heap) {
        String t = target.trim();
        if (t.toLowerCase(Locale.ROOT).startsWith("0x")) {
            try {
                int id = heap.objectIdAt(Long.parseUnsignedLong(t.substring(2), 16));
                return id < 0 ? null : new int[] {id};
            } catch (NumberFormatException e) {
                return null;
            }
        }
        List<HeapClass> classes = heap.classes(t);
        if (classes.isEmpty()) {
            return null;
        }
        int n = 0;
        for (HeapClass c : classes) {
            n += c.instanceCount();
        }
        int[] out = new int[n];
        int i = 0;
        for (HeapClass c : classes) {
            for (int id : c.instanceIds()) {
                out[i++] = id;
            }
        }
        return out;
    }

    private void write(Writer w, Overview overview, WhyTree tree) throws IOException {
        PrintWriter out = new PrintWriter(w);
        switch (table.format) {
            case TEXT -> text(out, tree);
            case JSON -> JsonOutput.write(out, redact && overview.dump() != null ? overview.dump().redacted()
                    : overview.dump(), overview.warnings(), tree);
            case CSV -> {
                TableFormat.csv(out, List.of("level", "count", "retainedBytes", "application", "chain", "className",
                        "step"));
                csv(out, tree.roots(), 0);
            }
        }
        out.flush();
    }

    private static void text(PrintWriter out, WhyTree tree) {
        out.printf("%s · %s retained · %s merged (the shortest of each, largest retained first)%n",
                Units.plural(tree.targets(), "object"), Units.bytes(tree.retainedBytes()),
                Units.plural(tree.paths(), "path"));
        if (tree.notLive() > 0) {
            out.println(Units.plural(tree.notLive(), "object") + " only the finalizer or a cleaner holds"
                    + (tree.paths() < tree.targets() ? " (left out; --include-weak shows them)" : ""));
        }
        out.printf("%n%10s %10s  %s%n", "paths", "retained", "from GC roots");
        lines(out, tree.roots(), 0);
    }

    private static void lines(PrintWriter out, List<WhyTree.Node> nodes, int level) {
        for (WhyTree.Node n : nodes) {
            out.printf("%10s %10s  %s%s%s%n", Units.count(n.count()), Units.bytes(n.retainedBytes()),
                    "  ".repeat(level), Printable.escape(n.step()) + (n.chain() ? " …" : ""), n.application() ? "   ◀ application code" : "");
            lines(out, n.children(), level + 1);
        }
    }

    private static void csv(PrintWriter out, List<WhyTree.Node> nodes, int level) {
        for (WhyTree.Node n : nodes) {
            TableFormat.csv(out, List.of(level, n.count(), n.retainedBytes(), n.application(), n.chain(),
                    n.className(), n.step()));
            csv(out, n.children(), level + 1);
        }
    }
}
