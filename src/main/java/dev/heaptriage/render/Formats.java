package dev.heaptriage.render;

import dev.heaptriage.report.BaselineDelta;
import dev.heaptriage.report.BaselineStatus;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Finding;
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
     * The JVM that made the dump, in one line under the headline ({@code JVM 17.0.9+9 (Eclipse Adoptium, OpenJDK
     * 64-Bit Server VM) · 8 threads: 4 RUNNABLE, 3 WAITING, 1 TIMED_WAITING · 3 class loaders · command: Main});
     * null when the report has no overview.
     */
    public static String jvmLine(DumpSummary dump) {
        if (dump == null || dump.jvm() == null) {
            return null;
        }
        dev.heaptriage.report.JvmOverview j = dump.jvm();
        StringBuilder sb = new StringBuilder("JVM ").append(j.version() == null ? "(no system properties)" : j.version());
        List<String> about = new java.util.ArrayList<>();
        if (j.vendor() != null) {
            about.add(j.vendor());
        }
        if (j.vmName() != null) {
            about.add(j.vmName());
        }
        if (!about.isEmpty()) {
            sb.append(" (").append(String.join(", ", about)).append(')');
        }
        int threads = j.threadsByState().values().stream().mapToInt(Integer::intValue).sum();
        sb.append(" · ").append(Units.plural(threads, "thread"));
        if (!j.threadsByState().isEmpty()) {
            List<String> states = new java.util.ArrayList<>();
            j.threadsByState().forEach((state, n) -> states.add(n + " " + state));
            sb.append(": ").append(String.join(", ", states));
        }
        sb.append(" · ").append(Units.plural(j.classLoaders(), "class loader"));
        if (j.uptimeMillis() != null) {
            sb.append(" · up ").append(Units.seconds(j.uptimeMillis()));
        }
        if (j.command() != null) {
            sb.append(" · command: ").append(j.command());
        }
        return sb.toString();
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
        if (report.baseline() != null) {
            sb.append(" · baseline: ").append(baselineCounts(report));
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

    /** {@code 1 new, 2 persisting (1 grown), 3 resolved}: the findings against the baseline. */
    static String baselineCounts(Report report) {
        long fresh = report.findings().stream().filter(f -> f.baselineStatus() == BaselineStatus.NEW).count();
        long persisting = report.findings().stream()
                .filter(f -> f.baselineStatus() == BaselineStatus.PERSISTING).count();
        long grown = report.findings().stream().filter(f -> Boolean.TRUE.equals(f.grown())).count();
        return Units.count(fresh) + " new, " + Units.count(persisting) + " persisting"
                + (grown > 0 ? " (" + Units.count(grown) + " grown)" : "") + ", "
                + Units.count(report.resolved().size()) + " resolved";
    }

    /**
     * A finding against the baseline: {@code new}, {@code persisting, unchanged}, or {@code persisting, count +24,
     * retained +3.0 KiB} with {@code , grown} when it grew past the threshold; null without a baseline.
     */
    static String baselineStatus(Finding f) {
        BaselineDelta d = f.baselineDelta();
        if (d == null) {
            return null;
        }
        if (d.status() == BaselineStatus.NEW) {
            return "new";
        }
        if (d.countDelta() == 0 && d.bytesDelta() == 0) {
            return "persisting, unchanged";
        }
        return "persisting, count " + signed(d.countDelta()) + ", retained " + signedBytes(d.bytesDelta())
                + (d.grown() ? ", grown" : "");
    }

    /** The short form of {@link #baselineStatus} for a table cell: {@code new}, {@code persisting}, {@code grown}. */
    static String baselineWord(Finding f) {
        BaselineDelta d = f.baselineDelta();
        return d == null ? "" : d.status() == BaselineStatus.NEW ? "new" : d.grown() ? "grown" : "persisting";
    }

    /** {@code +24}, {@code -3}, {@code ±0}. */
    static String signed(long n) {
        return n == 0 ? "±0" : (n > 0 ? "+" : "-") + Units.count(Math.abs(n));
    }

    /** {@code +3.0 KiB}, {@code -1.0 MiB}, {@code ±0 B}. */
    static String signedBytes(long n) {
        return n == 0 ? "±0 B" : (n > 0 ? "+" : "-") + Units.bytes(Math.abs(n));
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

    /**
     * An evidence attribute value as text: strings and dump strings as they are (the caller escapes them for its
     * format), lists as {@code [a, b]}, null as {@code null}.
     */
    static String attributeValue(Object value) {
        if (value instanceof dev.heaptriage.text.DumpString d) {
            return d.contents();
        }
        if (value instanceof java.util.Collection<?> c) {
            java.util.StringJoiner out = new java.util.StringJoiner(", ", "[", "]");
            c.forEach(v -> out.add(attributeValue(v)));
            return out.toString();
        }
        return String.valueOf(value);
    }

    /** A detector error's message; an exception without one (a bare NPE) still says something. */
    static String message(DetectorError error) {
        return isBlank(error.message()) ? "no message" : error.message();
    }

    /** True when {@code s} is null or empty; detectors leave optional prose empty rather than null. */
    static boolean isBlank(dev.heaptriage.text.Text t) {
        return t == null || t.isBlank();
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

}
