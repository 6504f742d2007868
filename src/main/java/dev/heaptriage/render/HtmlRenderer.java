package dev.heaptriage.render;

import dev.heaptriage.units.Units;
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

/**
 * A self-contained HTML page to attach to a ticket or open from CI artifacts: the same content as the Markdown
 * report, styled by a small inline style sheet. It loads nothing and runs nothing: no scripts, no external
 * resources, and a Content-Security-Policy that forbids both, so a hostile string in a dump stays text.
 *
 * <p>Every string that comes from the report goes through {@link #escape(String)}.
 */
public final class HtmlRenderer implements Renderer {

    public static final String NAME = "html";

    private static final String NONE = "—";

    private static final String STYLE = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
                   max-width: 80em; margin: 2em auto; padding: 0 1em; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; }
            h3 { font-size: 1.05em; margin-top: 1.6em; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; }
            th, td { border: 1px solid #d0d7de; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; }
            .num { text-align: right; white-space: nowrap; }
            code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
            .muted { color: #59636e; }
            .sev { display: inline-block; min-width: 5.5em; padding: 0 0.4em; border-radius: 3px; color: #fff;
                   font-weight: 600; font-size: 0.85em; text-align: center; }
            .sev-critical { background: #82071e; }
            .sev-high { background: #cf222e; }
            .sev-medium { background: #9a6700; }
            .sev-low { background: #0969da; }
            .sev-info { background: #59636e; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
            dl.facts dt { font-weight: 600; }
            dl.facts dd { margin: 0; }
            ol.path { margin: 0; padding-left: 1.4em; }
            ul.errors li { color: #82071e; }
            """;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension() {
        return "html";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        out.write(format(report));
        out.flush();
    }

    static String format(Report report) {
        StringBuilder sb = new StringBuilder();
        String file = report.dump() == null ? "" : Formats.fileName(report.dump().path());
        String title = file.isEmpty() ? "heaptriage report" : "heaptriage report: " + file;
        sb.append("<!DOCTYPE html>\n")
                .append("<html lang=\"en\">\n")
                .append("<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n")
                .append("</head>\n")
                .append("<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n");
        sb.append("<p class=\"muted\">").append(escape(Formats.headline(report))).append("</p>\n");
        sb.append("<p>").append(escape(Formats.totals(report))).append("</p>\n");

        sb.append("<h2>Findings</h2>\n");
        List<Finding> findings = report.findings();
        if (findings.isEmpty()) {
            sb.append("<p>No leaks found.</p>\n");
        } else {
            sb.append("<table class=\"findings\">\n")
                    .append("<thead><tr><th class=\"num\">#</th><th>Severity</th><th>Detector</th><th>Title</th>")
                    .append("<th class=\"num\">Count</th><th class=\"num\">Retained</th>")
                    .append("<th class=\"num\">Wasted</th></tr></thead>\n")
                    .append("<tbody>\n");
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                sb.append("<tr><td class=\"num\">").append(i + 1).append("</td>")
                        .append("<td>").append(badge(f)).append("</td>")
                        .append("<td><code>").append(escape(f.detector())).append("</code></td>")
                        .append("<td><a href=\"#finding-").append(i + 1).append("\">").append(escape(f.title()))
                        .append("</a></td>")
                        .append("<td class=\"num\">").append(Units.count(f.count())).append("</td>")
                        .append("<td class=\"num\">").append(Units.bytes(f.retainedBytes())).append("</td>")
                        .append("<td class=\"num\">")
                        .append(f.wastedBytes() == null ? NONE : Units.bytes(f.wastedBytes())).append("</td>")
                        .append("</tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
            for (int i = 0; i < findings.size(); i++) {
                appendFinding(sb, i + 1, findings.get(i));
            }
        }

        if (!report.errors().isEmpty()) {
            sb.append("<h2>Errors</h2>\n<ul class=\"errors\">\n");
            for (DetectorError error : report.errors()) {
                sb.append("<li><code>").append(escape(error.detector())).append("</code>: ")
                        .append(escape(Formats.message(error))).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        if (!report.warnings().isEmpty()) {
            sb.append("<h2>Warnings</h2>\n<ul class=\"warnings\">\n");
            for (String warning : report.warnings()) {
                sb.append("<li>").append(escape(warning)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void appendFinding(StringBuilder sb, int number, Finding f) {
        sb.append("<section id=\"finding-").append(number).append("\">\n");
        sb.append("<h3>").append(number).append(". ").append(badge(f)).append(" <code>")
                .append(escape(f.detector())).append("</code> ").append(escape(f.title())).append("</h3>\n");
        if (!Formats.isBlank(f.summary())) {
            sb.append("<p>").append(escape(f.summary())).append("</p>\n");
        }
        sb.append("<dl class=\"facts\">\n");
        if (!Formats.isBlank(f.owner())) {
            fact(sb, "Owner", escape(f.owner()));
        }
        fact(sb, "Count", Units.count(f.count()));
        fact(sb, "Retained", Units.bytes(f.retainedBytes()));
        if (f.wastedBytes() != null) {
            fact(sb, "Wasted", Units.bytes(f.wastedBytes()));
        }
        fact(sb, "Fingerprint", "<code>" + escape(f.fingerprint()) + "</code>");
        sb.append("</dl>\n");

        if (!f.breakdown().isEmpty()) {
            sb.append("<h4>Breakdown</h4>\n<ul class=\"breakdown\">\n");
            for (Breakdown b : f.breakdown()) {
                sb.append("<li>").append(escape(b.label())).append(" ×").append(Units.count(b.count()))
                        .append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        if (!f.evidence().isEmpty()) {
            sb.append("<h4>Evidence</h4>\n<table class=\"evidence\">\n")
                    .append("<thead><tr><th>Object</th><th>Class</th><th class=\"num\">Shallow</th>")
                    .append("<th class=\"num\">Retained</th><th>Attributes</th><th>Path from GC root</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (Evidence e : f.evidence()) {
                sb.append("<tr><td><code>").append(escape(e.objectId())).append("</code></td>")
                        .append("<td><code>").append(escape(e.className())).append("</code></td>")
                        .append("<td class=\"num\">").append(Units.bytes(e.shallowBytes())).append("</td>")
                        .append("<td class=\"num\">").append(Units.bytes(e.retainedBytes())).append("</td>")
                        .append("<td>").append(attributes(e.attributes())).append("</td>")
                        .append("<td>").append(path(e.pathToGcRoot())).append("</td></tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }
        if (!Formats.isBlank(f.remediation())) {
            sb.append("<p><strong>Fix:</strong> ").append(escape(f.remediation())).append("</p>\n");
        }
        sb.append("</section>\n");
    }

    private static String badge(Finding f) {
        return "<span class=\"sev " + SeverityLabels.htmlClass(f.severity()) + "\">"
                + SeverityLabels.text(f.severity()) + "</span>";
    }

    /** {@code valueHtml} is markup built here, with every report string in it already escaped. */
    private static void fact(StringBuilder sb, String term, String valueHtml) {
        sb.append("<dt>").append(term).append("</dt><dd>").append(valueHtml).append("</dd>\n");
    }

    private static String attributes(Map<String, Object> attributes) {
        if (attributes.isEmpty()) {
            return NONE;
        }
        StringBuilder sb = new StringBuilder();
        attributes.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append("<br>");
            }
            sb.append(escape(k)).append(" = <code>").append(escape(Formats.attributeValue(v))).append("</code>");
        });
        return sb.toString();
    }

    private static String path(List<PathStep> path) {
        if (path.isEmpty()) {
            return NONE;
        }
        StringBuilder sb = new StringBuilder("<ol class=\"path\">");
        for (String step : Formats.rootFirst(path, step -> escape(step.text()))) {
            sb.append("<li><code>").append(step).append("</code></li>");
        }
        return sb.append("</ol>").toString();
    }

    /**
     * Escapes {@code text} for element content and quoted attribute values: {@code & < > " '}. Null becomes the
     * empty string.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
