package dev.heaptriage.render;

import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.PathStep;
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
     * for SEVERITY; {@code attributes} for ATTRIBUTES; {@code path} (root first) for PATH.
     */
    record Cell(CellKind kind, String text, String anchor, Severity severity, Map<String, Object> attributes,
                List<PathStep> path) {
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

    /** What a format does with each piece, in walk order; every string given is unescaped. */
    interface Sink {
        void begin(String title);

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
        sink.section("Findings");
        List<Finding> findings = report.findings();
        if (findings.isEmpty()) {
            sink.paragraph("No leaks found.", false);
        } else {
            sink.table(findingsTable(findings));
            for (int i = 0; i < findings.size(); i++) {
                finding(sink, i + 1, findings.get(i));
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

    private static Table findingsTable(List<Finding> findings) {
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            rows.add(List.of(Cell.number(Integer.toString(i + 1)),
                    new Cell(CellKind.SEVERITY, null, null, f.severity(), null, null),
                    Cell.code(f.detector()),
                    new Cell(CellKind.LINK, f.title(), "finding-" + (i + 1), null, null, null),
                    Cell.number(Units.count(f.count())),
                    Cell.number(Units.bytes(f.retainedBytes())),
                    Cell.number(f.wastedBytes() == null ? NONE : Units.bytes(f.wastedBytes()))));
        }
        return new Table("findings", List.of(new Column("#", true), new Column("Severity", false),
                new Column("Detector", false), new Column("Title", false), new Column("Count", true),
                new Column("Retained", true), new Column("Wasted", true)), rows);
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
        facts.add(new Fact("Fingerprint", f.fingerprint(), true));
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
            for (Evidence e : f.evidence()) {
                rows.add(List.of(Cell.code(e.objectId()), Cell.code(e.className()),
                        Cell.number(Units.bytes(e.shallowBytes())), Cell.number(Units.bytes(e.retainedBytes())),
                        new Cell(CellKind.ATTRIBUTES, null, null, null, e.attributes(), null),
                        new Cell(CellKind.PATH, null, null, null, null, Formats.rootFirst(e.pathToGcRoot(), step -> step))));
            }
            sink.table(new Table("evidence", List.of(new Column("Object", false), new Column("Class", false),
                    new Column("Shallow", true), new Column("Retained", true), new Column("Attributes", false),
                    new Column("Path from GC root", false)), rows));
        }
        if (!Formats.isBlank(f.remediation())) {
            sink.labeled("Fix", f.remediation());
        }
        sink.findingEnd();
    }
}
