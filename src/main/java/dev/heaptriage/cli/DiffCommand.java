package dev.heaptriage.cli;

import dev.heaptriage.detect.Detectors;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.render.JsonRenderer;
import dev.heaptriage.render.Printable;
import dev.heaptriage.report.BaselineComparison;
import dev.heaptriage.report.BaselineFinding;
import dev.heaptriage.report.BaselineReport;
import dev.heaptriage.report.ClassDiff;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Overview;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ReportStore;
import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code heaptriage diff OLD NEW}: per-class growth between two dumps of one service, and their findings compared. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Two dumps of the same service compared class by class: instances, shallow and retained bytes "
                + "before, after and the change, largest growth first; and, when 'analyze' has run on both, their "
                + "findings as new, persisting or resolved (as --baseline has them). After 'analyze' (or 'histogram') "
                + "of both dumps it needs no parse."})
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "OLD", description = "the earlier dump")
    Path oldDump;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later dump")
    Path newDump;

    @Option(names = "--index-dir", paramLabel = "DIR", description = "where to keep index files")
    Path indexDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress or warnings on stderr")
    boolean quiet;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, csv or html (default: ${DEFAULT-VALUE})")
    String format;

    @Mixin
    OutputOption output;

    @Option(names = "--top", paramLabel = "N", defaultValue = "30",
            description = "classes in text and html, 1 or more (default: ${DEFAULT-VALUE}); json and csv have all")
    int top;

    @Option(names = "--fail-on-growth", paramLabel = "PCT",
            description = "exit 1 when a class with at least --min-bytes in NEW grew its shallow bytes by PCT percent "
                    + "or more (a class new in NEW counts as grown)")
    Double failOnGrowth;

    @Option(names = "--min-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "the size floor of --fail-on-growth: shallow bytes in NEW (default: ${DEFAULT-VALUE}, 1 MiB)")
    long minBytes;

    @Option(names = "--redact", description = "replace strings from the dumps (the JVM overview, finding titles) with "
            + "<redacted:N chars>")
    boolean redact;

    /** The findings of both dumps compared, or why they are not. */
    record Findings(String note, List<Map<String, Object>> findings) {
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        format = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "json", "csv", "html").contains(format)) {
            throw new CommandLine.ParameterException(cl, "unknown format '" + format
                    + "'; expected one of text, json, csv, html");
        }
        if (top < 1 || minBytes < 0 || failOnGrowth != null && failOnGrowth < 0) {
            throw new CommandLine.ParameterException(cl, "--top must be 1 or more, --min-bytes and --fail-on-growth "
                    + "0 or more");
        }
        ReportOutput target = output.check(cl, oldDump, newDump);
        Overview[] tables = new Overview[2];
        Optional<Report>[] reports = new Optional[2];
        Path[] dumps = {oldDump, newDump};
        for (int i = 0; i < 2; i++) {
            int n = i;
            DumpOptions input = new DumpOptions();
            input.dump = dumps[i];
            input.indexDir = indexDir;
            input.quiet = quiet;
            int code = DumpOpener.withOverview("heaptriage diff", input, cl.getErr(), o -> tables[n] = o);
            if (code != ExitCode.OK.code) {
                return code;
            }
            reports[i] = cachedReport(dumps[i]);
        }
        ClassDiff diff = ClassDiff.of(shown(tables[0]), tables[0].histogram(), shown(tables[1]), tables[1].histogram());
        Findings findings = findings(reports[0], reports[1]);
        List<ClassDiff.Row> grown = failOnGrowth == null ? List.of() : diff.grownPast(failOnGrowth, minBytes);
        ReportOutput.Failure failure = OutputOption.write(target, w -> write(w, diff, findings, grown, tables),
                cl.getOut());
        if (failure != null) {
            return Errors.print(cl.getErr(), null, "heaptriage diff", failure.getMessage(), failure.exit);
        }
        return grown.isEmpty() ? ExitCode.OK.code : ExitCode.FINDINGS.code;
    }

    private dev.heaptriage.report.DumpSummary shown(Overview o) {
        return redact && o.dump() != null ? o.dump().redacted() : o.dump();
    }

    /** The report {@code analyze} cached for this dump with every detector (no options), if any. */
    private Optional<Report> cachedReport(Path dump) {
        try (IndexDirectory index = IndexDirectory.open(dump, indexDir, message -> { })) {
            List<String> ids = Detectors.select(List.of(), List.of()).stream().map(d -> d.info().id()).toList();
            String key = index.cacheKey(Version.get(), ids, 1);
            return index.read(index.analysisCacheFile(key), 1L << 30).flatMap(b -> ReportStore.fromBytes(b, key));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Findings findings(Optional<Report> before, Optional<Report> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return new Findings("findings not compared: run 'heaptriage analyze' on "
                    + (before.isEmpty() && after.isEmpty() ? "both dumps" : before.isEmpty() ? "OLD" : "NEW")
                    + " first (diff reads its stored report)", List.of());
        }
        try {
            StringWriter json = new StringWriter();
            dev.heaptriage.render.Renderers.byName(JsonRenderer.NAME).orElseThrow().render(before.get(), json);
            BaselineReport baseline = BaselineReport.read(oldDump.toString(),
                    JsonRenderer.mapper().readTree(json.toString()));
            Report compared = BaselineComparison.compare(after.get(), baseline,
                    BaselineComparison.DEFAULT_GROWTH_PERCENT);
            if (redact) {
                compared = compared.redacted();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Finding f : compared.findings()) {
                out.add(finding(f.baselineDelta() == null ? "new" : f.baselineDelta().status().name()
                        .toLowerCase(Locale.ROOT), f.severity().name().toLowerCase(Locale.ROOT), f.detector(),
                        f.fingerprint(), f.title().shown(), f.count(), f.retainedBytes()));
            }
            for (BaselineFinding b : compared.resolved()) {
                out.add(finding("resolved", b.severity().name().toLowerCase(Locale.ROOT), b.detector(),
                        b.fingerprint(), b.title(), b.count(), b.retainedBytes()));
            }
            return new Findings(null, out);
        } catch (IOException | BaselineReport.Refused | RuntimeException e) {
            return new Findings("findings not compared: " + e.getMessage(), List.of());
        }
    }

    private static Map<String, Object> finding(String status, String severity, String detector, String fingerprint,
                                               String title, long count, Long retained) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("severity", severity);
        m.put("detector", detector);
        m.put("fingerprint", fingerprint);
        m.put("title", title);
        m.put("count", count);
        m.put("retainedBytes", retained);
        return m;
    }

    private void write(Writer w, ClassDiff diff, Findings findings, List<ClassDiff.Row> grown, Overview[] tables)
            throws IOException {
        PrintWriter out = new PrintWriter(w);
        List<ClassDiff.Row> shown = diff.rows().subList(0, Math.min(top, diff.rows().size()));
        switch (format) {
            case "json" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("old", diff.old());
                body.put("classes", diff.rows());
                body.put("failOnGrowth", failOnGrowth);
                body.put("minBytes", minBytes);
                body.put("grown", grown.stream().map(ClassDiff.Row::className).toList());
                body.put("findingsNote", findings.note());
                body.put("findings", findings.findings());
                List<String> warnings = new ArrayList<>(tables[0].warnings());
                warnings.addAll(tables[1].warnings());
                JsonOutput.write(out, diff.current(), warnings, body);
            }
            case "csv" -> {
                TableFormat.csv(out, List.of("class", "instancesBefore", "instancesAfter", "instancesChange",
                        "shallowBytesBefore", "shallowBytesAfter", "shallowBytesChange", "retainedBytesBefore",
                        "retainedBytesAfter", "retainedBytesChange"));
                for (ClassDiff.Row r : diff.rows()) {
                    TableFormat.csv(out, List.of(r.className(), r.instancesBefore(), r.instancesAfter(),
                            r.instancesChange(), r.shallowBytesBefore(), r.shallowBytesAfter(), r.shallowBytesChange(),
                            r.retainedBytesBefore(), r.retainedBytesAfter(), r.retainedBytesChange()));
                }
            }
            case "html" -> html(out, diff, shown, findings, grown);
            default -> text(out, diff, shown, findings, grown);
        }
        out.flush();
    }

    private static String signed(long n, boolean bytes) {
        String s = bytes ? Units.bytes(Math.abs(n)) : Units.count(Math.abs(n));
        return n > 0 ? "+" + s : n < 0 ? "-" + s : "0";
    }

    private static String growth(ClassDiff.Row r) {
        Double p = r.shallowGrowthPercent();
        return p == null ? "new" : String.format(Locale.ROOT, "%+.0f%%", p);
    }

    private void text(PrintWriter out, ClassDiff diff, List<ClassDiff.Row> shown, Findings findings,
                      List<ClassDiff.Row> grown) {
        out.printf("%s (%s used) → %s (%s used): %s%n", Printable.escape(oldDump.getFileName().toString()),
                Units.bytes(diff.old().usedHeapBytes()), Printable.escape(newDump.getFileName().toString()),
                Units.bytes(diff.current().usedHeapBytes()),
                signed(diff.current().usedHeapBytes() - diff.old().usedHeapBytes(), true));
        out.printf("%n%12s %12s %8s %14s %14s  %s%n", "shallow", "change", "growth", "instances", "retained",
                "class (largest growth first)");
        for (ClassDiff.Row r : shown) {
            out.printf("%12s %12s %8s %14s %14s  %s%n", Units.bytes(r.shallowBytesAfter()),
                    signed(r.shallowBytesChange(), true), growth(r), signed(r.instancesChange(), false),
                    signed(r.retainedBytesChange(), true), r.className());
        }
        if (diff.rows().size() > shown.size()) {
            out.println("… " + Units.count(diff.rows().size() - shown.size()) + " more classes (--top)");
        }
        out.println();
        if (findings.note() != null) {
            out.println(Printable.escape(findings.note()));
        } else if (findings.findings().isEmpty()) {
            out.println("no findings in either dump");
        } else {
            for (Map<String, Object> f : findings.findings()) {
                out.printf("%-10s %-8s %s  %s%n", f.get("status"), String.valueOf(f.get("severity")).toUpperCase(
                        Locale.ROOT), f.get("detector"), Printable.escape(String.valueOf(f.get("title"))));
            }
        }
        if (failOnGrowth != null) {
            out.println();
            out.println(grown.isEmpty() ? "no class of " + Units.bytes(minBytes) + " or more grew by "
                    + failOnGrowth + "% or more" : Units.plural(grown.size(), "class") + " grew past --fail-on-growth "
                    + failOnGrowth + "%: " + String.join(", ", grown.stream().map(ClassDiff.Row::className)
                    .limit(10).toList()));
        }
    }

    private static String h(String s) {
        return Printable.escape(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    private void html(PrintWriter out, ClassDiff diff, List<ClassDiff.Row> shown, Findings findings,
                      List<ClassDiff.Row> grown) {
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>heaptriage diff</title>");
        out.println("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}td.c,th.c{text-align:left}"
                + ".up{color:#b00}.down{color:#070}</style></head><body>");
        out.printf("<h1>heaptriage diff</h1><p>%s (%s used) → %s (%s used)</p>%n", h(oldDump.getFileName().toString()),
                h(Units.bytes(diff.old().usedHeapBytes())), h(newDump.getFileName().toString()),
                h(Units.bytes(diff.current().usedHeapBytes())));
        out.println("<h2>Top growers</h2><table><tr><th>shallow</th><th>change</th><th>growth</th><th>instances</th>"
                + "<th>retained</th><th class=\"c\">class</th></tr>");
        for (ClassDiff.Row r : shown) {
            String cls = r.shallowBytesChange() > 0 ? "up" : r.shallowBytesChange() < 0 ? "down" : "";
            out.printf("<tr class=\"%s\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"c\">%s"
                            + "</td></tr>%n", cls, h(Units.bytes(r.shallowBytesAfter())),
                    h(signed(r.shallowBytesChange(), true)), h(growth(r)), h(signed(r.instancesChange(), false)),
                    h(signed(r.retainedBytesChange(), true)), h(r.className()));
        }
        out.println("</table><h2>Findings</h2>");
        if (findings.note() != null) {
            out.println("<p>" + h(findings.note()) + "</p>");
        } else {
            out.println("<table><tr><th class=\"c\">status</th><th class=\"c\">severity</th><th class=\"c\">detector"
                    + "</th><th class=\"c\">title</th></tr>");
            for (Map<String, Object> f : findings.findings()) {
                out.printf("<tr><td class=\"c\">%s</td><td class=\"c\">%s</td><td class=\"c\">%s</td>"
                                + "<td class=\"c\">%s</td></tr>%n", h(String.valueOf(f.get("status"))),
                        h(String.valueOf(f.get("severity"))), h(String.valueOf(f.get("detector"))),
                        h(String.valueOf(f.get("title"))));
            }
            out.println("</table>");
        }
        if (failOnGrowth != null) {
            out.println("<p>" + h(Units.plural(grown.size(), "class") + " grew past --fail-on-growth " + failOnGrowth
                    + "%") + "</p>");
        }
        out.println("</body></html>");
    }
}
