package dev.heaptriage.render;

import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
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
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
            dl.facts dt { font-weight: 600; }
            dl.facts dd { margin: 0; }
            ol.path { margin: 0; padding-left: 1.4em; }
            ul.errors li { color: #82071e; }
            """ + severityRules() + HtmlHeapChart.STYLE;

    /** {@code .sev-high { background: #cf222e; }}, one rule per level, from {@link SeverityLabels#htmlColor}. */
    private static String severityRules() {
        StringBuilder sb = new StringBuilder();
        for (Severity s : Severity.values()) {
            sb.append('.').append(SeverityLabels.htmlClass(s)).append(" { background: ")
                    .append(SeverityLabels.htmlColor(s)).append("; }\n");
        }
        return sb.toString();
    }

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
        Html html = new Html();
        Outline.walk(report, html);
        return html.sb.toString();
    }

    /** HTML for each piece of the {@link Outline}. */
    private static final class Html implements Outline.Sink {
        final StringBuilder sb = new StringBuilder();

        @Override
        public void begin(String title) {
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
        }

        @Override
        public void heapChart(Outline.HeapChart chart) {
            HtmlHeapChart.append(sb, chart);
        }

        @Override
        public void paragraph(String text, boolean muted) {
            sb.append(muted ? "<p class=\"muted\">" : "<p>").append(escape(text)).append("</p>\n");
        }

        @Override
        public void section(String heading) {
            sb.append("<h2>").append(escape(heading)).append("</h2>\n");
        }

        @Override
        public void table(Outline.Table table) {
            sb.append("<table class=\"").append(table.cssClass()).append("\">\n<thead><tr>");
            for (Outline.Column c : table.columns()) {
                sb.append(c.numeric() ? "<th class=\"num\">" : "<th>").append(escape(c.header())).append("</th>");
            }
            sb.append("</tr></thead>\n<tbody>\n");
            for (List<Outline.Cell> row : table.rows()) {
                sb.append("<tr>");
                for (Outline.Cell cell : row) {
                    sb.append(cell.kind() == Outline.CellKind.NUMBER ? "<td class=\"num\">" : "<td>")
                            .append(cell(cell)).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }

        private static String cell(Outline.Cell c) {
            return switch (c.kind()) {
                case TEXT, NUMBER -> escape(c.text());
                case CODE -> "<code>" + escape(c.text()) + "</code>";
                case SEVERITY -> badge(c.severity());
                case LINK -> "<a href=\"#" + escape(c.anchor()) + "\">" + escape(c.text()) + "</a>";
                case ATTRIBUTES -> attributes(c.attributes());
                case PATH -> path(c.path());
            };
        }

        @Override
        public void summary(Finding f) {
            paragraph(f.summary().shown(), false);
        }

        @Override
        public void findingStart(int number, Finding f) {
            sb.append("<section id=\"finding-").append(number).append("\">\n");
            sb.append("<h3>").append(number).append(". ").append(badge(f.severity())).append(" <code>")
                    .append(escape(f.detector())).append("</code> ").append(escape(f.title().shown())).append("</h3>\n");
        }

        @Override
        public void facts(List<Outline.Fact> facts) {
            sb.append("<dl class=\"facts\">\n");
            for (Outline.Fact fact : facts) {
                String value = fact.code() ? "<code>" + escape(fact.value()) + "</code>" : escape(fact.value());
                sb.append("<dt>").append(escape(fact.term())).append("</dt><dd>").append(value).append("</dd>\n");
            }
            sb.append("</dl>\n");
        }

        @Override
        public void subheading(String heading) {
            sb.append("<h4>").append(escape(heading)).append("</h4>\n");
        }

        @Override
        public void bullets(String cssClass, List<String> items) {
            sb.append("<ul class=\"").append(cssClass).append("\">\n");
            for (String item : items) {
                sb.append("<li>").append(escape(item)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }

        @Override
        public void labeledBullets(String cssClass, List<Outline.Fact> items) {
            sb.append("<ul class=\"").append(cssClass).append("\">\n");
            for (Outline.Fact item : items) {
                sb.append("<li><code>").append(escape(item.term())).append("</code>: ").append(escape(item.value()))
                        .append("</li>\n");
            }
            sb.append("</ul>\n");
        }

        @Override
        public void labeled(String label, String text) {
            sb.append("<p><strong>").append(escape(label)).append(":</strong> ").append(escape(text))
                    .append("</p>\n");
        }

        @Override
        public void findingEnd() {
            sb.append("</section>\n");
        }

        @Override
        public void end() {
            sb.append("</body>\n</html>\n");
        }
    }

    private static String badge(Severity severity) {
        return "<span class=\"sev " + SeverityLabels.htmlClass(severity) + "\">" + SeverityLabels.text(severity)
                + "</span>";
    }

    private static String attributes(Map<String, Object> attributes) {
        if (attributes.isEmpty()) {
            return Outline.NONE;
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

    private static String path(List<String> rootFirst) {
        if (rootFirst.isEmpty()) {
            return Outline.NONE;
        }
        StringBuilder sb = new StringBuilder("<ol class=\"path\">");
        for (String step : rootFirst) {
            sb.append("<li><code>").append(escape(step)).append("</code></li>");
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
