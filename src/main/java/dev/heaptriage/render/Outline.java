package dev.heaptriage.render;

import dev.heaptriage.report.BaselineFinding;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.units.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one walk over a report that the document formats (Markdown, HTML) share: which sections, facts and tables a
 * report has and in which order. A format supplies a {@link Sink} that turns each piece into its own markup and
 * escapes every string; adding a field to a finding means adding it here once.
 */
final class Outline {
    /** What a table cell holds, so each format can mark it up (code, a badge, a link, a list). */
    enum CellKind { TEXT, CODE, NUMBER, SEVERITY, LINK, ATTRIBUTES, PATH }

    /**
     * One table cell. {@code text} for TEXT, CODE, NUMBER and LINK ({@code anchor} the target); {@code severity}
     * for SEVERITY; {@code attributes} for ATTRIBUTES; {@code path} (root first, compact steps) for PATH.
     */
    record Cell(CellKind kind, String text, String anchor, Severity severity, Map<String, Object> attributes,
                List<String> path) {
        static Cell text(String text) {
            return new Cell(CellKind.TEXT, text, null, null, null, null);
        }

        static Cell code(String text) {
            return new Cell(CellKind.CODE, text, null, null, null, null);
        }

        static Cell number(String text) {
            return new Cell(CellKind.NUMBER, text, null, null, null, null);
        }
    }

    /** A column: its header and whether it holds numbers (right-aligned). */
    record Column(String header, boolean numeric) {
    }

    /** A table with a CSS class (for HTML), its columns and rows of cells. */
    record Table(String cssClass, List<Column> columns, List<List<Cell>> rows) {
    }

    /** A term and its value; {@code code} when the value reads best as code (a fingerprint). */
    record Fact(String term, String value, boolean code) {
    }

    /**
     * The picture a report opens with: the used heap split into disjoint parts (the report's {@code heapParts}: what
     * the findings' owners retain, each object once, from the dominator tree) and the rest, so it never shows more
     * than the heap. {@code placed} is false for a report without parts (written by an older version): each finding
     * is then its own slice of its retained bytes, and when those add up to more than the heap (their retained sets
     * overlap) the bar shows each one's share of their sum ({@code scaleBytes}) and the caption says so.
     */
    record HeapChart(long usedHeapBytes, long partsBytes, long scaleBytes, boolean placed, List<Slice> slices) {
        /** One part: the numbers of the findings in it (several when they hold the same objects), its bytes. */
        record Slice(List<Integer> numbers, Severity severity, List<String> detectors, String title, long bytes) {
            /** {@code 1}, or {@code 1 + 3} for findings that share the part. */
            String label() {
                return String.join(" + ", numbers.stream().map(String::valueOf).toList());
            }
        }

        long restBytes() {
            return Math.max(0, usedHeapBytes - partsBytes);
        }

        /** What the picture shows, in words (the Markdown report's stand-in for it, and the HTML figure's caption). */
        String caption() {
            StringBuilder sb = new StringBuilder();
            if (!placed) {
                sb.append("What each finding retains, of the ").append(Units.bytes(usedHeapBytes)).append(" used heap");
                if (scaleBytes > usedHeapBytes) {
                    sb.append(": together ").append(Units.bytes(partsBytes)).append(", more than the heap, because ")
                            .append("their retained sets overlap; the bar shows each one's share of that sum.");
                } else {
                    sb.append(": ").append(Units.bytes(partsBytes)).append(" (")
                            .append(Units.percent(partsBytes, usedHeapBytes)).append(").");
                }
                return sb.toString();
            }
            sb.append("Of the ").append(Units.bytes(usedHeapBytes)).append(" used heap, the findings' owners retain ")
                    .append(Units.bytes(partsBytes)).append(" (").append(Units.percent(partsBytes, usedHeapBytes))
                    .append("), each object counted once (disjoint parts of the dominator tree)");
            String sep = ": ";
            for (Slice s : slices) {
                sb.append(sep).append(Units.bytes(s.bytes())).append(" (").append(Units.percent(s.bytes(), usedHeapBytes))
                        .append(") by finding").append(s.numbers().size() > 1 ? "s " : " ")
                        .append(s.numbers().size() > 1 ? String.join(" and ", s.numbers().stream()
                                .map(String::valueOf).toList()) + " together (the same objects)" : s.label());
                sep = ", ";
            }
            return sb.append("; the rest, ").append(Units.bytes(restBytes())).append(", is in no finding's part.")
                    .toString();
        }
    }

    /** What a format does with each piece, in walk order; every string given is unescaped. */
    interface Sink {
        void begin(String title);

        /** The used heap split into what each finding retains and the rest (before the findings). */
        void heapChart(HeapChart chart);

        void paragraph(String text, boolean muted);

        void section(String heading);

        void table(Table table);

        void findingStart(int number, Finding finding);

        /** A finding's summary: prose by the detector that may quote dump strings (a {@link dev.heaptriage.text.Text}). */
        void summary(Finding finding);

        void facts(List<Fact> facts);

        void subheading(String heading);

        /** A bulleted list of plain items; {@code cssClass} names it for HTML. */
        void bullets(String cssClass, List<String> items);

        /** A bulleted list of term: value items (errors by detector). */
        void labeledBullets(String cssClass, List<Fact> items);

        /** A paragraph that starts with a bold label: {@code Fix: ...}. */
        void labeled(String label, String text);

        void findingEnd();

        void end();
    }

    /** Shown for a missing value (wasted bytes of a finding that has none, an empty path). */
    static final String NONE = "—";

    private Outline() {
    }

    static void walk(Report report, Sink sink) {
        String file = report.dump() == null ? "" : Formats.fileName(report.dump().path());
        sink.begin(file.isEmpty() ? "heaptriage report" : "heaptriage report: " + file);
        sink.paragraph(Formats.headline(report), true);
        if (Formats.jvmLine(report.dump()) != null) {
            sink.paragraph(Formats.jvmLine(report.dump()), false);
        }
        sink.paragraph(Formats.totals(report), false);
        if (report.dump() != null && report.dump().usedHeapBytes() > 0) {
            sink.heapChart(chart(report));
        }
        if (report.baseline() != null) {
            sink.paragraph(baselineLine(report), true);
        }
        sink.section("Findings");
        List<Finding> findings = report.findings();
        boolean compared = report.baseline() != null;
        if (findings.isEmpty()) {
            sink.paragraph("No leaks found.", false);
        } else {
            sink.table(findingsTable(findings, compared));
            for (int i = 0; i < findings.size(); i++) {
                finding(sink, i + 1, findings.get(i));
            }
        }
        if (compared) {
            sink.section("Resolved since the baseline");
            if (report.resolved().isEmpty()) {
                sink.paragraph("None: every finding of the baseline is still there.", false);
            } else {
                sink.table(resolvedTable(report.resolved()));
            }
        }
        if (!report.errors().isEmpty()) {
            sink.section("Errors");
            List<Fact> errors = new ArrayList<>();
            for (DetectorError e : report.errors()) {
                errors.add(new Fact(e.detector(), Formats.message(e), false));
            }
            sink.labeledBullets("errors", errors);
        }
        if (!report.warnings().isEmpty()) {
            sink.section("Warnings");
            sink.bullets("warnings", report.warnings());
        }
        sink.end();
    }

    /** The baseline compared with: {@code Compared with the baseline heaptriage.json (dump app.hprof, 2026-...).} */
    private static String baselineLine(Report report) {
        var b = report.baseline();
        String dump = Formats.isBlank(b.dump()) ? "" : "dump " + Formats.fileName(b.dump());
        String when = Formats.isBlank(b.createdAt()) ? "" : (dump.isEmpty() ? "" : " of ") + b.createdAt();
        String about = dump.isEmpty() && when.isEmpty() ? "" : " (" + dump + when + ")";
        return "Compared with the baseline " + Formats.fileName(b.path()) + about + ": "
                + Formats.baselineCounts(report) + ".";
    }

    static HeapChart chart(Report report) {
        long used = report.dump().usedHeapBytes();
        List<Finding> findings = report.findings();
        List<HeapChart.Slice> slices = new ArrayList<>();
        long sum = 0;
        if (report.heapParts().isEmpty()) {
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                slices.add(new HeapChart.Slice(List.of(i + 1), f.severity(), List.of(f.detector()), f.title().shown(),
                        f.retainedBytes()));
                sum += f.retainedBytes();
            }
            return new HeapChart(used, sum, Math.max(used, sum), false, slices);
        }
        java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            numbers.put(findings.get(i).fingerprint(), i + 1);
        }
        // Filters (--min-severity) leave parts of findings not shown out; parts left with the same findings merge.
        java.util.Map<List<Integer>, long[]> byNumbers = new java.util.TreeMap<>(
                java.util.Comparator.comparing((List<Integer> l) -> l.get(0)).thenComparing(List::size)
                        .thenComparing(Object::toString));
        for (dev.heaptriage.report.HeapPart p : report.heapParts()) {
            List<Integer> shown = p.findings().stream().map(numbers::get).filter(java.util.Objects::nonNull).distinct()
                    .sorted().toList();
            if (!shown.isEmpty()) {
                byNumbers.computeIfAbsent(shown, k -> new long[1])[0] += p.bytes();
            }
        }
        for (var e : byNumbers.entrySet()) {
            Finding first = findings.get(e.getKey().get(0) - 1);
            slices.add(new HeapChart.Slice(e.getKey(), first.severity(),
                    e.getKey().stream().map(n -> findings.get(n - 1).detector()).distinct().toList(), first.title().shown(),
                    e.getValue()[0]));
            sum += e.getValue()[0];
        }
        return new HeapChart(used, Math.min(sum, used), used, true, slices);
    }

    private static Table findingsTable(List<Finding> findings, boolean compared) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            List<Cell> row = new ArrayList<>(List.of(Cell.number(Integer.toString(i + 1)),
                    new Cell(CellKind.SEVERITY, null, null, f.severity(), null, null),
                    Cell.code(f.detector()),
                    new Cell(CellKind.LINK, f.title().shown(), "finding-" + (i + 1), null, null, null),
                    Cell.number(Units.count(f.count())),
                    Cell.number(Units.bytes(f.retainedBytes())),
                    Cell.number(f.wastedBytes() == null ? NONE : Units.bytes(f.wastedBytes()))));
            if (compared) {
                row.add(Cell.text(Formats.baselineWord(f)));
            }
            rows.add(row);
        }
        List<Column> columns = new ArrayList<>(List.of(new Column("#", true), new Column("Severity", false),
                new Column("Detector", false), new Column("Title", false), new Column("Count", true),
                new Column("Retained", true), new Column("Wasted", true)));
        if (compared) {
            columns.add(new Column("Baseline", false));
        }
        return new Table("findings", columns, rows);
    }

    private static Table resolvedTable(List<BaselineFinding> resolved) {
        List<List<Cell>> rows = new ArrayList<>();
        for (BaselineFinding b : resolved) {
            rows.add(List.of(new Cell(CellKind.SEVERITY, null, null, b.severity(), null, null),
                    Cell.code(b.detector()), Cell.text(b.title()), Cell.number(Units.count(b.count())),
                    Cell.number(Units.bytes(b.retainedBytes())), Cell.code(b.fingerprint())));
        }
        return new Table("resolved", List.of(new Column("Was", false), new Column("Detector", false),
                new Column("Title", false), new Column("Count", true), new Column("Retained", true),
                new Column("Fingerprint", false)), rows);
    }

    private static void finding(Sink sink, int number, Finding f) {
        sink.findingStart(number, f);
        if (!Formats.isBlank(f.summary())) {
            sink.summary(f);
        }
        List<Fact> facts = new ArrayList<>();
        if (!Formats.isBlank(f.owner())) {
            facts.add(new Fact("Owner", f.owner().shown(), false));
        }
        facts.add(new Fact("Count", Units.count(f.count()), false));
        facts.add(new Fact("Retained", Units.bytes(f.retainedBytes()), false));
        if (f.wastedBytes() != null) {
            facts.add(new Fact("Wasted", Units.bytes(f.wastedBytes()), false));
        }
        if (f.location() != null) {
            facts.add(new Fact("Code", f.location().text(), true));
        }
        facts.add(new Fact("Fingerprint", f.fingerprint(), true));
        String status = Formats.baselineStatus(f);
        if (status != null) {
            facts.add(new Fact("Baseline", status, false));
        }
        sink.facts(facts);
        if (!f.breakdown().isEmpty()) {
            sink.subheading("Breakdown");
            List<String> items = new ArrayList<>();
            for (Breakdown b : f.breakdown()) {
                items.add(b.label().shown() + " ×" + Units.count(b.count()));
            }
            sink.bullets("breakdown", items);
        }
        if (!f.evidence().isEmpty()) {
            sink.subheading("Evidence");
            List<List<Cell>> rows = new ArrayList<>();
            for (EvidenceFolds.Fold fold : EvidenceFolds.fold(f.evidence())) {
                Evidence e = fold.first();
                rows.add(List.of(Cell.code(e.objectId()), Cell.number(Units.count(fold.count())),
                        Cell.code(e.className()),
                        Cell.number(Units.bytes(e.shallowBytes())), Cell.number(Units.bytes(e.retainedBytes())),
                        new Cell(CellKind.ATTRIBUTES, null, null, null, e.attributes(), null),
                        new Cell(CellKind.PATH, null, null, null, null, fold.path())));
            }
            sink.table(new Table("evidence", List.of(new Column("Object", false), new Column("Count", true),
                    new Column("Class", false), new Column("Shallow", true), new Column("Retained", true),
                    new Column("Attributes", false), new Column("Path from GC root", false)), rows));
        }
        if (!Formats.isBlank(f.remediation())) {
            sink.labeled("Fix", f.remediation());
        }
        sink.findingEnd();
    }
}
