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
     * The picture a report opens with: the used heap split into what each finding retains and the rest.
     * {@code scaleBytes} is the used heap, or the findings' sum when their retained sets overlap and add up to more
     * ({@code overlapping}).
     */
    record HeapChart(long usedHeapBytes, long findingsBytes, long restBytes, long scaleBytes, boolean overlapping,
                     List<Slice> slices) {
        /** A finding's share: its number in the report, level, detector and title, and retained bytes. */
        record Slice(int number, Severity severity, String detector, String title, long bytes) {
        }

        /** {@code The findings retain 27.5 MiB of the 29.2 MiB used heap (94%).} and the overlap, if any. */
        String caption() {
            String base = "The findings retain " + Units.bytes(findingsBytes) + " of the " + Units.bytes(usedHeapBytes)
                    + " used heap (" + Units.percent(findingsBytes, usedHeapBytes) + ").";
            return overlapping ? base + " Their retained sets overlap, so the bar is scaled to their sum." : base;
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

        /** A finding's summary: prose by the detector that may quote dump strings ({@code sensitiveValues}). */
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

    private static HeapChart chart(Report report) {
        long used = report.dump().usedHeapBytes();
        List<HeapChart.Slice> slices = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < report.findings().size(); i++) {
            Finding f = report.findings().get(i);
            slices.add(new HeapChart.Slice(i + 1, f.severity(), f.detector(), f.title(), f.retainedBytes()));
            sum += f.retainedBytes();
        }
        boolean overlapping = sum > used;
        return new HeapChart(used, sum, Math.max(0, used - sum), Math.max(used, sum), overlapping, slices);
    }

    private static Table findingsTable(List<Finding> findings, boolean compared) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            List<Cell> row = new ArrayList<>(List.of(Cell.number(Integer.toString(i + 1)),
                    new Cell(CellKind.SEVERITY, null, null, f.severity(), null, null),
                    Cell.code(f.detector()),
                    new Cell(CellKind.LINK, f.title(), "finding-" + (i + 1), null, null, null),
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
            facts.add(new Fact("Owner", f.owner(), false));
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
                items.add(b.label() + " ×" + Units.count(b.count()));
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
