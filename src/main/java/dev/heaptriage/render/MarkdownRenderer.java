package dev.heaptriage.render;

import dev.heaptriage.report.Finding;
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
        Markdown md = new Markdown();
        Outline.walk(report, md);
        return md.sb.toString();
    }

    /** Markdown for each piece of the {@link Outline}. */
    private static final class Markdown implements Outline.Sink {
        final StringBuilder sb = new StringBuilder();

        @Override
        public void begin(String title) {
            sb.append("# ").append(escape(title)).append("\n\n");
        }

        @Override
        public void heapChart(Outline.HeapChart chart) {
            // GitHub strips inline SVG from Markdown: the picture's one sentence stands in for it.
            paragraph(chart.caption(), false);
        }

        @Override
        public void paragraph(String text, boolean muted) {
            sb.append(escapeLine(text)).append("\n\n");
        }

        @Override
        public void section(String heading) {
            sb.append("## ").append(escape(heading)).append("\n\n");
        }

        @Override
        public void table(Outline.Table table) {
            StringBuilder header = new StringBuilder("|");
            StringBuilder rule = new StringBuilder("|");
            for (Outline.Column c : table.columns()) {
                header.append(' ').append(c.header()).append(" |");
                rule.append(c.numeric() ? "--:|" : "---|");
            }
            sb.append(header).append('\n').append(rule).append('\n');
            for (List<Outline.Cell> row : table.rows()) {
                sb.append('|');
                for (Outline.Cell cell : row) {
                    sb.append(' ').append(cell(cell)).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }

        private static String cell(Outline.Cell c) {
            return switch (c.kind()) {
                case TEXT, CODE, LINK -> escape(c.text());
                case NUMBER -> c.text();
                case SEVERITY -> SeverityLabels.markdown(c.severity());
                case ATTRIBUTES -> attributes(c.attributes());
                case PATH -> c.path().isEmpty() ? Outline.NONE
                        : String.join(" → ", c.path().stream().map(MarkdownRenderer::escape).toList());
            };
        }

        @Override
        public void summary(Finding f) {
            // The summary's own line breaks fold to spaces; one inside a dump string shows as \n.
            sb.append(escapeLine(Printable.summary(f).replace('\n', ' '))).append("\n\n");
        }

        @Override
        public void findingStart(int number, Finding f) {
            sb.append("### ").append(number).append(". ").append(SeverityLabels.text(f.severity())).append(' ')
                    .append(escape(f.detector())).append(": ").append(escape(f.title().shown())).append("\n\n");
        }

        @Override
        public void facts(List<Outline.Fact> facts) {
            for (Outline.Fact fact : facts) {
                sb.append("- **").append(escape(fact.term())).append(":** ").append(escape(fact.value())).append('\n');
            }
            sb.append('\n');
        }

        @Override
        public void subheading(String heading) {
            sb.append("**").append(escape(heading)).append("**\n\n");
        }

        @Override
        public void bullets(String cssClass, List<String> items) {
            for (String item : items) {
                sb.append("- ").append(escapeLine(item)).append('\n');
            }
            sb.append('\n');
        }

        @Override
        public void labeledBullets(String cssClass, List<Outline.Fact> items) {
            for (Outline.Fact item : items) {
                sb.append("- **").append(escape(item.term())).append(":** ").append(escape(item.value())).append('\n');
            }
            sb.append('\n');
        }

        @Override
        public void labeled(String label, String text) {
            sb.append("**").append(escape(label)).append(":** ").append(escape(text)).append("\n\n");
        }

        @Override
        public void findingEnd() {
        }

        @Override
        public void end() {
            // One trailing newline, not a blank line, at the end of the file.
            sb.setLength(sb.length() - 1);
        }
    }

    private static String attributes(Map<String, Object> attributes) {
        if (attributes.isEmpty()) {
            return Outline.NONE;
        }
        StringJoiner out = new StringJoiner(", ");
        attributes.forEach((k, v) -> out.add(escape(k) + "=" + escape(Formats.attributeValue(v))));
        return out.toString();
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
