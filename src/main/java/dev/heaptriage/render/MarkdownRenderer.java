package dev.heaptriage.render;

import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A GitHub-flavoured Markdown report for issues, pull requests and wikis: header, a table of findings, a
 * section per finding (facts, summary, breakdown, evidence table, fix), then errors and warnings.
 *
 * <p>Every string that comes from the report is escaped by {@link #escape(String)}: dump contents (file paths,
 * thread names, field values) must show as typed and never turn into tables, links, emphasis or HTML.
 */
public final class MarkdownRenderer implements Renderer {

    public static final String NAME = "markdown";

    /**
     * Characters with inline meaning: {@code |} splits table cells, {@code * _ ~} emphasise, backticks open code,
     * {@code < >} open HTML or autolinks, {@code [ ]} links, {@code $} GitHub math (class names like
     * {@code Outer$Inner} have it), {@code #} closes a heading when it ends one, and {@code \} itself.
     * CommonMark lets a backslash escape any of them.
     */
    private static final String SPECIAL = "\\|*_`<>[]~$#";

    /**
     * Markers that make a line a list item, thematic break or setext underline when they start it. A leading
     * {@code - + =} is always escaped (cheap and covers {@code ---}); digits only when they form an ordered-list
     * marker, so an address like {@code 10.0.0.7:5432} stays readable.
     */
    private static final Pattern BLOCK_START = Pattern.compile("^([-+=]|\\d{1,9}[.)](?=[ \t]|$))");

    private static final String NONE = "—";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension() {
        return "md";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        out.write(format(report));
        out.flush();
    }

    static String format(Report report) {
        StringBuilder sb = new StringBuilder();
        String file = report.dump() == null ? "" : Formats.fileName(report.dump().path());
        sb.append("# heaptriage report");
        if (!file.isEmpty()) {
            sb.append(": ").append(escape(file));
        }
        sb.append("\n\n");
        sb.append(escapeLine(Formats.headline(report))).append("\n\n");
        sb.append(escapeLine(Formats.totals(report))).append("\n\n");

        sb.append("## Findings\n\n");
        List<Finding> findings = report.findings();
        if (findings.isEmpty()) {
            sb.append("No leaks found.\n\n");
        } else {
            sb.append("| # | Severity | Detector | Title | Count | Retained | Wasted |\n");
            sb.append("|--:|---|---|---|--:|--:|--:|\n");
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                sb.append("| ").append(i + 1)
                        .append(" | ").append(SeverityLabels.markdown(f.severity()))
                        .append(" | ").append(escape(f.detector()))
                        .append(" | ").append(escape(f.title()))
                        .append(" | ").append(Formats.count(f.count()))
                        .append(" | ").append(Formats.bytes(f.retainedBytes()))
                        .append(" | ").append(f.wastedBytes() == null ? NONE : Formats.bytes(f.wastedBytes()))
                        .append(" |\n");
            }
            sb.append('\n');
            for (int i = 0; i < findings.size(); i++) {
                appendFinding(sb, i + 1, findings.get(i));
            }
        }

        if (!report.errors().isEmpty()) {
            sb.append("## Errors\n\n");
            for (DetectorError error : report.errors()) {
                sb.append("- **").append(escape(error.detector())).append(":** ")
                        .append(escape(Formats.message(error))).append('\n');
            }
            sb.append('\n');
        }
        if (!report.warnings().isEmpty()) {
            sb.append("## Warnings\n\n");
            for (String warning : report.warnings()) {
                sb.append("- ").append(escapeLine(warning)).append('\n');
            }
            sb.append('\n');
        }
        // One trailing newline, not a blank line, at the end of the file.
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static void appendFinding(StringBuilder sb, int number, Finding f) {
        sb.append("### ").append(number).append(". ").append(SeverityLabels.text(f.severity())).append(' ')
                .append(escape(f.detector())).append(": ").append(escape(f.title())).append("\n\n");
        if (!Formats.isBlank(f.summary())) {
            // The summary's own line breaks fold to spaces; one inside a dump string shows as \n.
            sb.append(escapeLine(Printable.summary(f).replace('\n', ' '))).append("\n\n");
        }
        if (!Formats.isBlank(f.owner())) {
            sb.append("- **Owner:** ").append(escape(f.owner())).append('\n');
        }
        sb.append("- **Count:** ").append(Formats.count(f.count())).append('\n');
        sb.append("- **Retained:** ").append(Formats.bytes(f.retainedBytes())).append('\n');
        if (f.wastedBytes() != null) {
            sb.append("- **Wasted:** ").append(Formats.bytes(f.wastedBytes())).append('\n');
        }
        sb.append("- **Fingerprint:** ").append(escape(f.fingerprint())).append("\n\n");

        if (!f.breakdown().isEmpty()) {
            sb.append("**Breakdown**\n\n");
            for (Breakdown b : f.breakdown()) {
                sb.append("- ").append(escapeLine(b.label())).append(" ×").append(Formats.count(b.count())).append('\n');
            }
            sb.append('\n');
        }
        if (!f.evidence().isEmpty()) {
            sb.append("**Evidence**\n\n");
            sb.append("| Object | Class | Shallow | Retained | Attributes | Path from GC root |\n");
            sb.append("|---|---|--:|--:|---|---|\n");
            for (Evidence e : f.evidence()) {
                sb.append("| ").append(escape(e.objectId()))
                        .append(" | ").append(escape(e.className()))
                        .append(" | ").append(Formats.bytes(e.shallowBytes()))
                        .append(" | ").append(Formats.bytes(e.retainedBytes()))
                        .append(" | ").append(attributes(e.attributes()))
                        .append(" | ").append(path(e.pathToGcRoot()))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        if (!Formats.isBlank(f.remediation())) {
            sb.append("**Fix:** ").append(escape(f.remediation())).append("\n\n");
        }
    }

    private static String attributes(Map<String, Object> attributes) {
        if (attributes.isEmpty()) {
            return NONE;
        }
        StringJoiner out = new StringJoiner(", ");
        attributes.forEach((k, v) -> out.add(escape(k) + "=" + escape(Formats.attributeValue(v))));
        return out.toString();
    }

    private static String path(List<PathStep> path) {
        if (path.isEmpty()) {
            return NONE;
        }
        return String.join(" → ", Formats.rootFirst(path, step -> escape(step.text())));
    }

    /**
     * {@link #escape(String)} for text that starts a line or a list item, where a leading {@code -}, {@code +},
     * {@code =} or {@code 1.} would open a list or underline a heading, and four leading spaces a code block.
     */
    static String escapeLine(String text) {
        String escaped = escape(text).strip();
        var m = BLOCK_START.matcher(escaped);
        if (m.find()) {
            int marker = m.end() - 1;
            return escaped.substring(0, marker) + "\\" + escaped.substring(marker);
        }
        return escaped;
    }

    /**
     * Escapes {@code text} for any inline position, table cells included: non-printable characters as
     * {@link Printable#escape} shows them (so a newline in a dump string reads {@code \n}), then a backslash
     * before every {@link #SPECIAL} character.
     * Null becomes the empty string.
     */
    static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        String text = Printable.escape(raw);
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
