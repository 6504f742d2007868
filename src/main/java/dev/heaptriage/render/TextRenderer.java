package dev.heaptriage.render;

import dev.heaptriage.units.Units;
import dev.heaptriage.units.Wrap;
import dev.heaptriage.report.BaselineFinding;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The terminal report of DESIGN.md §5: a header line, warnings, one block per finding, errors and a totals line.
 *
 * <p>A finding block starts with severity, detector id and title; the lines under it are indented
 * {@value #INDENT_WIDTH} columns so the titles line up, and long lines are word-wrapped at {@value #WIDTH}
 * columns with the same indent. The path is compact and root first, the direction a person follows it in code.
 * The header and totals lines are never wrapped.
 */
public final class TextRenderer implements Renderer {

    public static final String NAME = "text";

    /** Where long lines wrap; wide enough for most class names, narrow enough for a split terminal. */
    static final int WIDTH = 100;
    static final int INDENT_WIDTH = 7;
    /** Breakdown entries shown before {@code · … N more}; the JSON report keeps them all. */
    static final int MAX_BREAKDOWN = 5;

    private static final String INDENT = " ".repeat(INDENT_WIDTH);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension() {
        return "txt";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        out.write(format(report));
        out.flush();
    }

    /** The whole report; built in memory first so a failing writer never leaves half a finding behind. */
    static String format(Report report) {
        StringBuilder sb = new StringBuilder();
        // The header and totals lines are never wrapped: scripts and people grep them as one line.
        sb.append(Printable.escape(Formats.headline(report))).append("\n");
        if (Formats.jvmLine(report.dump()) != null) {
            sb.append(Printable.escape(Formats.jvmLine(report.dump()))).append("\n");
        }
        sb.append("\n");
        if (!report.warnings().isEmpty()) {
            for (String warning : report.warnings()) {
                sb.append(Wrap.wrap("warning: ", Printable.escape(warning), INDENT, WIDTH));
            }
            sb.append('\n');
        }
        if (report.findings().isEmpty()) {
            sb.append("no leaks found\n\n");
        }
        for (Finding finding : report.findings()) {
            appendFinding(sb, finding);
            sb.append('\n');
        }
        if (report.baseline() != null) {
            appendResolved(sb, report);
        }
        if (!report.errors().isEmpty()) {
            for (DetectorError error : report.errors()) {
                sb.append(Wrap.wrap("error in " + error.detector() + ": ", Printable.escape(Formats.message(error)),
                        INDENT, WIDTH));
            }
            sb.append('\n');
        }
        sb.append(Formats.totals(report)).append('\n');
        return sb.toString();
    }

    private static void appendFinding(StringBuilder sb, Finding finding) {
        String severity = SeverityLabels.text(finding.severity());
        // Pad to 6 so detector ids line up for every level but CRITICAL, which still gets one space.
        String head = String.format(Locale.ROOT, "%-6s %s  ", severity, finding.detector());
        // Dump strings are escaped (Printable): a thread name cannot move the cursor or forge a line.
        sb.append(Wrap.wrap(head, Printable.line(finding.title()), INDENT, WIDTH));

        List<String> sizes = new ArrayList<>(3);
        if (!Formats.isBlank(finding.owner())) {
            sizes.add("owner: " + Printable.line(finding.owner()));
        }
        sizes.add("retained " + Units.bytes(finding.retainedBytes()));
        if (finding.wastedBytes() != null) {
            sizes.add("wasted " + Units.bytes(finding.wastedBytes()));
        }
        sb.append(Wrap.wrapSegments(INDENT, sizes, "·", INDENT, WIDTH));
        String status = Formats.baselineStatus(finding);
        if (status != null) {
            line(sb, "baseline: " + status);
        }
        if (finding.location() != null) {
            line(sb, "code: " + finding.location().text());
        }

        if (!Formats.isBlank(finding.summary())) {
            line(sb, Printable.summary(finding));
        }
        if (!finding.breakdown().isEmpty()) {
            sb.append(Wrap.wrapSegments(INDENT, breakdown(finding.breakdown()), "·", INDENT, WIDTH));
        }
        if (!finding.evidence().isEmpty()) {
            Evidence first = finding.evidence().get(0);
            if (!first.pathToGcRoot().isEmpty()) {
                List<String> steps = new ArrayList<>(Formats.rootFirst(first.pathToGcRoot(),
                        step -> Printable.escape(step.compact())));
                steps.set(0, "path: " + steps.get(0));
                sb.append(Wrap.wrapSegments(INDENT, steps, "→", INDENT, WIDTH));
            }
        }
        if (!Formats.isBlank(finding.remediation())) {
            line(sb, "fix: " + Printable.escape(finding.remediation()));
        }
    }

    /** The baseline's findings that are gone, each as its old severity, detector and title. */
    private static void appendResolved(StringBuilder sb, Report report) {
        if (report.resolved().isEmpty()) {
            sb.append("resolved since the baseline: none\n\n");
            return;
        }
        sb.append("resolved since the baseline:\n");
        for (BaselineFinding b : report.resolved()) {
            // "was" first: a resolved line must never read like a finding's line to a person or a grep.
            String head = "was " + SeverityLabels.text(b.severity()) + " " + b.detector() + "  ";
            sb.append(Wrap.wrap(head, Printable.escape(b.title()) + " (was " + Units.count(b.count()) + ", "
                    + Units.bytes(b.retainedBytes()) + ")", INDENT, WIDTH));
        }
        sb.append('\n');
    }

    /**
     * The segments of {@code label ×count · label ×count}: at most {@value #MAX_BREAKDOWN} entries, then
     * {@code … N more}.
     */
    static List<String> breakdown(List<Breakdown> breakdown) {
        List<String> parts = new ArrayList<>(MAX_BREAKDOWN + 1);
        int shown = Math.min(MAX_BREAKDOWN, breakdown.size());
        for (int i = 0; i < shown; i++) {
            Breakdown b = breakdown.get(i);
            parts.add(Printable.line(b.label()) + " ×" + Units.count(b.count()));
        }
        if (breakdown.size() > shown) {
            parts.add("… " + Units.count(breakdown.size() - shown) + " more");
        }
        return parts;
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(Wrap.wrap(INDENT, text, INDENT, WIDTH));
    }
}
