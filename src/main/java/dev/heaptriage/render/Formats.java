package dev.heaptriage.render;

import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.DumpSummary;
import dev.heaptriage.report.PathStep;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Timings;
import dev.heaptriage.report.ToolInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Plain-text pieces shared by the text, Markdown and HTML renderers: human sizes, counts, durations and the
 * header and totals lines. Results are unescaped; the Markdown and HTML renderers escape them.
 *
 * <p>Everything is formatted with {@link Locale#ROOT}, so the output does not depend on the machine's locale:
 * the thousands separator is always {@code ,} and the decimal point always {@code .}.
 *
 * <p>{@link #bytes(long)} and {@link #count(long)} are public so the command line's own tables ({@code threads},
 * {@code histogram}) print sizes and counts exactly as the reports do; the rest is for the renderers only.
 */
public final class Formats {

    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Formats() {
    }

    /**
     * A byte size in binary units: {@code 0 B}, {@code 1023 B}, {@code 128 KiB}, {@code 1.9 GiB}. Bytes and
     * KiB are whole numbers, larger units have one decimal. A value that would round to 1024 of a unit is
     * shown in the next unit ({@code 1.0 MiB}, never {@code 1024 KiB}).
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            // Negative sizes never come from a sane detector; print them raw rather than hide the bug.
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (true) {
            String number = unit == 0 ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.1f", value);
            if (unit == BINARY_UNITS.length - 1 || Double.parseDouble(number) < 1024) {
                return number + " " + BINARY_UNITS[unit];
            }
            value /= 1024;
            unit++;
        }
    }

    /** A count with {@code ,} between thousands, whatever the default locale: {@code 39,610,386}. */
    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** Milliseconds as seconds with one decimal: {@code 64.1 s}. */
    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** {@code count} followed by {@code noun} or its plural: {@code 1 finding}, {@code 2 findings}. */
    static String plural(long count, String noun) {
        return count(count) + " " + noun + (count == 1 ? "" : "s");
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
        facts.add(bytes(dump.sizeBytes()));
        if (dump.format() != null && !dump.format().isEmpty()) {
            facts.add(dump.format());
        }
        facts.add(plural(dump.objects(), "object"));
        facts.add(bytes(dump.usedHeapBytes()) + " used heap");
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
        StringBuilder sb = new StringBuilder(plural(report.summary().findings(), "finding"));
        Map<String, Integer> bySeverity = report.summary().bySeverity();
        if (!bySeverity.isEmpty()) {
            StringJoiner levels = new StringJoiner(", ", " (", ")");
            bySeverity.forEach((level, n) -> levels.add(count(n) + " " + level));
            sb.append(levels);
        }
        Timings timings = report.timings();
        if (timings != null) {
            sb.append(" · loaded in ").append(seconds(timings.loadMillis()))
                    .append(" · analysed in ").append(seconds(timings.detectMillis()));
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
    static List<String> rootFirst(List<PathStep> pathToGcRoot, Function<PathStep, String> step) {
        List<String> out = new ArrayList<>(pathToGcRoot.size());
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

    /**
     * Word-wraps {@code text} to {@code width} columns. The first line starts with {@code firstPrefix}, every
     * further line with {@code indent}. Line breaks in {@code text} are kept; a word longer than a line is not
     * broken (a path or class name is more useful whole). Each line, including the last, ends with {@code \n}.
     * Null is treated as empty.
     */
    static String wrap(String firstPrefix, String text, String indent, int width) {
        if (text == null) {
            text = "";
        }
        StringBuilder out = new StringBuilder();
        String prefix = firstPrefix;
        for (String paragraph : text.split("\r\n|\r|\n", -1)) {
            List<List<String>> units = new ArrayList<>();
            for (String word : words(paragraph)) {
                units.add(List.of(word));
            }
            fill(out, prefix, units, indent, width);
            prefix = indent;
        }
        return out.toString();
    }

    /**
     * Like {@link #wrap} for a line of {@code segments} joined by {@code " " + separator + " "} (e.g. {@code ·}
     * or {@code →}), but breaks between segments when it can, so {@code retained 12.0 MiB} or
     * {@code /etc/hosts ×24} is not split across lines. A segment longer than a whole line is word-wrapped.
     * A line that breaks after a segment ends with the separator, which tells the reader the line goes on.
     */
    static String wrapSegments(String firstPrefix, List<String> segments, String separator, String indent,
                               int width) {
        List<List<String>> units = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            List<String> words = new ArrayList<>(words(segments.get(i)));
            if (i < segments.size() - 1) {
                words.add(separator);
            }
            units.add(words);
        }
        StringBuilder out = new StringBuilder();
        fill(out, firstPrefix, units, indent, width);
        return out.toString();
    }

    /**
     * Greedy fill: a unit (words that belong together) goes on the current line if it fits, else on a new line
     * if it fits there, else word by word. Writes one or more {@code \n}-terminated lines without trailing spaces.
     */
    private static void fill(StringBuilder out, String firstPrefix, List<List<String>> units, String indent,
                             int width) {
        StringBuilder line = new StringBuilder(firstPrefix);
        int contentStart = line.length();
        for (List<String> unit : units) {
            int unitLength = String.join(" ", unit).length();
            boolean lineEmpty = line.length() == contentStart;
            if (!lineEmpty && line.length() + 1 + unitLength > width && indent.length() + unitLength <= width) {
                out.append(stripTrailing(line)).append('\n');
                line.setLength(0);
                line.append(indent);
                contentStart = line.length();
            }
            for (String word : unit) {
                if (line.length() > contentStart && line.length() + 1 + word.length() > width) {
                    out.append(stripTrailing(line)).append('\n');
                    line.setLength(0);
                    line.append(indent);
                    contentStart = line.length();
                }
                if (line.length() > contentStart) {
                    line.append(' ');
                }
                line.append(word);
            }
        }
        out.append(stripTrailing(line)).append('\n');
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static String stripTrailing(CharSequence line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.subSequence(0, end).toString();
    }
}
