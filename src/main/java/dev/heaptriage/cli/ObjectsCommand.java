package dev.heaptriage.cli;

import dev.heaptriage.detect.ObjectQuery;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.render.Printable;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.ObjectTable;
import dev.heaptriage.report.Overview;
import dev.heaptriage.report.Report;
import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heaptriage objects DUMP CLASS}: the instances of a class, filtered, with chosen values. */
@Command(name = "objects", mixinStandardHelpOptions = true,
        description = {"The instances of a class (with --subclasses, of its subclasses too) with a count, chosen "
                + "values (--fields: dotted field paths that follow references; size() of a JDK collection or map, "
                + "length of an array; @id @class @shallow @retained) and a filter (--where: comparisons = != < > "
                + "<= >= and ~ (regular expression), joined by and/or, with parentheses). Largest retained first."})
final class ObjectsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    DumpOptions input;

    @Parameters(index = "1", paramLabel = "CLASS", description = "the class's full name (java.util.HashMap)")
    String className;

    @Option(names = "--where", paramLabel = "EXPR", description = "e.g. \"user.name = 'alice' and items.size() > 1000\"")
    String where;

    @Option(names = "--fields", paramLabel = "F", split = ",", description = "field paths to show, e.g. user.name,items.size()")
    List<String> fields = new ArrayList<>();

    @Option(names = "--subclasses", description = "also the instances of classes that extend CLASS")
    boolean subclasses;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "rows to show, 0 or more (default: ${DEFAULT-VALUE}); the count is always the full number")
    int limit;

    @Mixin
    TableFormatOption table;

    @Mixin
    OutputOption output;

    @Option(names = "--redact", description = "replace string values from the dump with <redacted:N chars>")
    boolean redact;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (limit < 0) {
            throw new CommandLine.ParameterException(cl, "--limit must be 0 or more, found " + limit);
        }
        ObjectQuery.Filter filter;
        try {
            filter = where == null ? null : ObjectQuery.parse(where);
        } catch (ObjectQuery.SyntaxException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        List<String> paths = fields.stream().map(String::trim).filter(f -> !f.isEmpty()).toList();
        ReportOutput target = output.check(cl, input.dump);
        String[] problem = new String[1];
        ReportOutput.Failure[] failure = new ReportOutput.Failure[1];
        PrintWriter out = cl.getOut();
        int code = DumpOpener.withHeap("heaptriage objects", input, cl.getErr(), stored -> false, stored -> { },
                (heap, overview) -> {
                    if (heap.classes(className).isEmpty()) {
                        problem[0] = "no class '" + className + "' in this dump (give its full name, e.g. "
                                + "java.util.HashMap)";
                        return;
                    }
                    ObjectTable t = query(heap, filter, paths);
                    failure[0] = OutputOption.write(target, w -> write(w, overview, t), out);
                });
        if (code != ExitCode.OK.code) {
            return code;
        }
        if (problem[0] != null) {
            return Errors.print(cl.getErr(), null, "heaptriage objects", problem[0], ExitCode.USAGE);
        }
        if (failure[0] != null) {
            return Errors.print(cl.getErr(), null, "heaptriage objects", failure[0].getMessage(), failure[0].exit);
        }
        return ExitCode.OK.code;
    }

    private ObjectTable query(HeapView heap, ObjectQuery.Filter filter, List<String> paths) {
        ObjectQuery q = new ObjectQuery(heap);
        List<HeapObject> all = heap.instancesOf(className, subclasses);
        List<HeapObject> matched = new ArrayList<>();
        for (HeapObject o : all) {
            if (filter == null || filter.test(q, o)) {
                matched.add(o);
            }
        }
        matched.sort(Comparator.comparingLong(HeapObject::retainedBytes).reversed()
                .thenComparingLong(HeapObject::address));
        List<ObjectTable.Row> rows = new ArrayList<>();
        for (HeapObject o : matched.subList(0, Math.min(limit, matched.size()))) {
            List<Object> values = new ArrayList<>();
            for (String p : paths) {
                Object v = q.value(o, p);
                if (v instanceof ObjectQuery.DumpText t) {
                    v = redact ? Report.redact(t.text()) : t.text();
                }
                values.add(v);
            }
            rows.add(new ObjectTable.Row(Evidence.objectId(o.address()), o.className(), o.shallowBytes(),
                    o.retainedBytes(), values));
        }
        return new ObjectTable(className, subclasses, where, paths, all.size(), matched.size(), rows);
    }

    private void write(Writer w, Overview overview, ObjectTable t) throws IOException {
        PrintWriter out = new PrintWriter(w);
        switch (table.format) {
            case TEXT -> text(out, t);
            case JSON -> JsonOutput.write(out, redact && overview.dump() != null ? overview.dump().redacted()
                    : overview.dump(), overview.warnings(), t);
            case CSV -> {
                List<Object> header = new ArrayList<>(List.of("objectId", "class", "shallowBytes", "retainedBytes"));
                header.addAll(t.fields());
                TableFormat.csv(out, header);
                for (ObjectTable.Row r : t.rows()) {
                    List<Object> line = new ArrayList<>(List.of(r.objectId(), r.className(), r.shallowBytes(),
                            r.retainedBytes()));
                    line.addAll(r.values());
                    TableFormat.csv(out, line);
                }
            }
        }
        out.flush();
    }

    private static void text(PrintWriter out, ObjectTable t) {
        out.printf("%s of %s%s%s%n", Units.count(t.count()), Units.plural(t.instances(), "instance"),
                t.subclasses() ? " (with subclasses)" : "", t.where() == null ? "" : " match "
                        + Printable.escape(t.where()));
        if (t.rows().isEmpty()) {
            return;
        }
        out.printf("%n%10s %10s  %s%n", "retained", "shallow", "object");
        for (ObjectTable.Row r : t.rows()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.fields().size(); i++) {
                Object v = r.values().get(i);
                sb.append("  ").append(t.fields().get(i)).append('=')
                        .append(v instanceof String s ? "'" + Printable.escape(s) + "'" : String.valueOf(v));
            }
            out.printf("%10s %10s  %s @%s%s%n", Units.bytes(r.retainedBytes()), Units.bytes(r.shallowBytes()),
                    r.className(), r.objectId(), sb);
        }
        if (t.count() > t.rows().size()) {
            out.println("… " + Units.count(t.count() - t.rows().size()) + " more (--limit)");
        }
    }
}
