package dev.heaptriage.render;

import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.DumpSummary;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Timings;
import dev.heaptriage.report.ToolInfo;
import dev.heaptriage.units.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Plain-text pieces shared by the text, Markdown and HTML renderers: the header and totals lines and paths read root
 * first. Sizes, counts and durations come from {@link Units}, the one formatter every layer uses. Results are
 * unescaped; the Markdown and HTML renderers escape them.
 */
public final class Formats {

    private Formats() {
    }

    /** The last segment of a dump path, for either separator; the whole path keeps only the JSON report. */
    static String fileName(String path) {
        if (path == null) {
            return "";
        }
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }

    /** {@code heaptriage 0.1.0}. */
    static String tool(ToolInfo tool) {
        if (tool == null) {
            return "heaptriage";
        }
        return tool.version() == null || tool.version().isEmpty() ? tool.name() : tool.name() + " " + tool.version();
    }

    /** The facts in the header's parentheses: {@code 1.9 GiB, JAVA PROFILE 1.0.2, 39,610,386 objects, 2.0 GiB used heap}. */
    static String dumpFacts(DumpSummary dump) {
        StringJoiner facts = new StringJoiner(", ");
        facts.add(Units.bytes(dump.sizeBytes()));
        if (dump.format() != null && !dump.format().isEmpty()) {
            facts.add(dump.format());
        }
        facts.add(Units.plural(dump.objects(), "object"));
        facts.add(Units.bytes(dump.usedHeapBytes()) + " used heap");
        return facts.toString();
    }

    /**
     * The header line of DESIGN.md §5:
     * {@code heaptriage 0.1.0 — app.hprof (1.9 GiB, JAVA PROFILE 1.0.2, 39,610,386 objects, 2.0 GiB used heap)}.
     * Only the file name is shown: the full path may be long or private, and the JSON report keeps it.
     */
    static String headline(Report report) {
        String tool = tool(report.tool());
        DumpSummary dump = report.dump();
        if (dump == null) {
            return tool;
        }
        return tool + " — " + fileName(dump.path()) + " (" + dumpFacts(dump) + ")";
    }

    /**
     * The closing line of DESIGN.md §5:
     * {@code 2 findings (1 high, 1 medium) · loaded in 64.1 s · analysed in 2.3 s}, plus {@code · from cache}
     * when the findings came from the analysis cache. Without timings only the counts are shown.
     */
    static String totals(Report report) {
        StringBuilder sb = new StringBuilder(Units.plural(report.summary().findings(), "finding"));
        Map<String, Integer> bySeverity = report.summary().bySeverity();
        if (!bySeverity.isEmpty()) {
            StringJoiner levels = new StringJoiner(", ", " (", ")");
            bySeverity.forEach((level, n) -> levels.add(Units.count(n) + " " + level));
            sb.append(levels);
        }
        Timings timings = report.timings();
        if (timings != null) {
            sb.append(" · loaded in ").append(Units.seconds(timings.loadMillis()))
                    .append(" · analysed in ").append(Units.seconds(timings.detectMillis()));
            if (Boolean.TRUE.equals(timings.cached())) {
                sb.append(" · from cache");
            }
        }
        return sb.toString();
    }

    /**
     * A path to a GC root turned around so it reads from the root to the object, each step formatted by
     * {@code step}. The model stores it object first because that is how it is found.
     */
    static <T> List<T> rootFirst(List<PathStep> pathToGcRoot, Function<PathStep, T> step) {
        List<T> out = new ArrayList<>(pathToGcRoot.size());
        for (int i = pathToGcRoot.size() - 1; i >= 0; i--) {
            out.add(step.apply(pathToGcRoot.get(i)));
        }
        return out;
    }

    /** An evidence attribute value as text: strings as they are, lists as {@code [a, b]}, null as {@code null}. */
    static String attributeValue(Object value) {
        return String.valueOf(value);
    }

    /** A detector error's message; an exception without one (a bare NPE) still says something. */
    static String message(DetectorError error) {
        return isBlank(error.message()) ? "no message" : error.message();
    }

    /** True when {@code s} is null or empty; detectors leave optional prose empty rather than null. */
    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

}
