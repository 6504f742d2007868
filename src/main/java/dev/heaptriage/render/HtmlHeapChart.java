package dev.heaptriage.render;

import dev.heaptriage.units.Units;
import java.util.Locale;

/**
 * The picture the HTML report opens with: one inline SVG bar of the used heap made of disjoint parts (what the
 * findings' owners retain, each object once: {@link Outline.HeapChart}), a segment per part coloured by the level of
 * its first finding and numbered like the findings in it ({@code 1 + 3} when two findings hold the same objects), and
 * the rest in grey, with a legend that links to each finding. Each segment has a {@code <title>}, so a browser shows
 * its numbers on hover without any script; segments too small to see get a sliver of {@value #MIN_WIDTH} units (taken
 * from the rest) so every part is there. The bar never goes past the used heap.
 */
final class HtmlHeapChart {
    static final int WIDTH = 1000;
    static final int BAR_HEIGHT = 40;
    static final double MIN_WIDTH = 3;
    static final String REST_COLOR = "#d0d7de";

    static final String STYLE = """
            figure.heap { margin: 1em 0 1.5em; }
            svg.heap-chart { width: 100%; height: auto; display: block; }
            svg.heap-chart text { font: 13px system-ui, sans-serif; }
            svg.heap-chart text.n { fill: #fff; font-weight: 600; }
            ol.legend { list-style: none; padding: 0; margin: 0.4em 0 0; columns: 2 24em; }
            ol.legend li { margin: 0.1em 0; break-inside: avoid; }
            .swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px; margin-right: 0.4em;
                      vertical-align: -0.1em; }
            .swatch.rest { background: REST; }
            """.replace("REST", REST_COLOR);

    private HtmlHeapChart() {
    }

    static void append(StringBuilder sb, Outline.HeapChart chart) {
        sb.append("<figure class=\"heap\">\n");
        sb.append("<svg class=\"heap-chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(BAR_HEIGHT + 22).append("\" aria-labelledby=\"heap-chart-title\">\n");
        sb.append("<title id=\"heap-chart-title\">").append(HtmlRenderer.escape(chart.caption())).append("</title>\n");
        double x = 0;
        double scale = chart.scaleBytes();
        for (Outline.HeapChart.Slice s : chart.slices()) {
            double w = s.bytes() <= 0 ? 0 : Math.max(MIN_WIDTH, WIDTH * (s.bytes() / scale));
            w = Math.min(w, WIDTH - x);
            if (w <= 0) {
                continue;
            }
            sb.append("<rect class=\"finding\" x=\"").append(num(x)).append("\" y=\"0\" width=\"").append(num(w))
                    .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"")
                    .append(SeverityLabels.htmlColor(s.severity())).append("\"><title>")
                    .append(HtmlRenderer.escape(s.label() + ". " + String.join(", ", s.detectors()) + ": "
                            + Units.bytes(s.bytes()) + " (" + Units.percent(s.bytes(), chart.usedHeapBytes())
                            + " of the used heap)" + (s.numbers().size() > 1 ? ", the same objects" : "") + ", "
                            + s.title()))
                    .append("</title></rect>\n");
            if (w >= 10 * s.label().length()) {
                sb.append("<text class=\"n\" x=\"").append(num(x + w / 2)).append("\" y=\"25\" text-anchor=\"middle\">")
                        .append(HtmlRenderer.escape(s.label())).append("</text>\n");
            }
            x += w;
        }
        if (x < WIDTH) {
            sb.append("<rect class=\"rest\" x=\"").append(num(x)).append("\" y=\"0\" width=\"").append(num(WIDTH - x))
                    .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(REST_COLOR)
                    .append("\"><title>").append(HtmlRenderer.escape("the rest of the used heap: "
                            + Units.bytes(chart.restBytes()))).append("</title></rect>\n");
        }
        sb.append("<text x=\"0\" y=\"").append(BAR_HEIGHT + 18).append("\">0 B</text>\n");
        sb.append("<text x=\"").append(WIDTH).append("\" y=\"").append(BAR_HEIGHT + 18)
                .append("\" text-anchor=\"end\">").append(HtmlRenderer.escape(Units.bytes(chart.scaleBytes())))
                .append(chart.scaleBytes() > chart.usedHeapBytes() ? " (the findings together)" : " used heap")
                .append("</text>\n");
        sb.append("</svg>\n");
        sb.append("<figcaption>").append(HtmlRenderer.escape(chart.caption())).append("</figcaption>\n");
        sb.append("<ol class=\"legend\">\n");
        for (Outline.HeapChart.Slice s : chart.slices()) {
            sb.append("<li><span class=\"swatch ").append(SeverityLabels.htmlClass(s.severity())).append("\"></span>");
            for (int i = 0; i < s.numbers().size(); i++) {
                int n = s.numbers().get(i);
                sb.append(i == 0 ? "" : " + ").append("<a href=\"#finding-").append(n).append("\">").append(n)
                        .append("</a>");
            }
            sb.append(". ").append(HtmlRenderer.escape(String.join(", ", s.detectors()) + " " + Units.bytes(s.bytes())
                    + " (" + Units.percent(s.bytes(), chart.usedHeapBytes()) + ")"
                    + (s.numbers().size() > 1 ? ", the same objects" : ""))).append("</li>\n");
        }
        sb.append("<li><span class=\"swatch rest\"></span>rest ").append(HtmlRenderer.escape(
                Units.bytes(chart.restBytes()) + " (" + Units.percent(chart.restBytes(), chart.usedHeapBytes())
                        + ")")).append("</li>\n");
        sb.append("</ol>\n</figure>\n");
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
