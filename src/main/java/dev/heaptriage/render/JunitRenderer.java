package dev.heaptriage.render;

import dev.heaptriage.report.DetectorDescriptor;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.units.Units;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JUnit XML for the test tab of any CI: one test suite for the dump and one test case per finding, named by its
 * fingerprint (stable across runs, so a CI's test history follows the leak) in the class {@code heaptriage.<detector>}.
 * A finding that fails the gate (at or above {@code --fail-on}, or {@code low} without it; with a baseline, only new
 * and grown ones) has one {@code <failure>}; the others pass and say why in {@code <system-out>}. A detector with no
 * finding is one passing test case named by its id, and a detector that failed is one test case with an
 * {@code <error>}. So every test case has at most one failure or error, and {@code tests} counts them all.
 * The suite's {@code <system-err>} holds the report's warnings (what a damaged dump lacks), one per line.
 *
 * <p>Dump strings are shown as {@link Printable#escape} makes them (XML 1.0 cannot carry most control characters,
 * even as references), then XML-escaped.
 */
public final class JunitRenderer implements Renderer {

    public static final String NAME = "junit";

    /** Failures without {@code --fail-on}: every finding that is more than worth knowing. */
    static final Severity DEFAULT_LEVEL = Severity.LOW;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String fileExtension() {
        return "xml";
    }

    @Override
    public void render(Report report, Writer out) throws IOException {
        out.write(format(report));
        out.flush();
    }

    static String format(Report report) {
        Severity level = report.failOn() == null ? DEFAULT_LEVEL : report.failOn();
        Map<String, List<Finding>> byDetector = new LinkedHashMap<>();
        for (DetectorDescriptor d : report.detectors()) {
            byDetector.put(d.id(), new ArrayList<>());
        }
        for (DetectorError e : report.errors()) {
            byDetector.putIfAbsent(e.detector(), new ArrayList<>());
        }
        for (Finding f : report.findings()) {
            byDetector.computeIfAbsent(f.detector(), k -> new ArrayList<>()).add(f);
        }
        StringBuilder cases = new StringBuilder();
        int tests = 0;
        for (Map.Entry<String, List<Finding>> e : byDetector.entrySet()) {
            tests += testCases(cases, report, e.getKey(), e.getValue(), level);
        }
        int failures = (int) report.findings().stream().filter(f -> f.failsGate(level)).count();
        int errors = report.errors().size();
        String suite = "heaptriage " + (report.dump() == null ? "report" : Formats.fileName(report.dump().path()));
        String time = report.timings() == null ? null : seconds(report.timings().detectMillis());

        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"heaptriage\" tests=\"").append(tests).append("\" failures=\"")
                .append(failures).append("\" errors=\"").append(errors).append('"')
                .append(time == null ? "" : " time=\"" + time + "\"").append(">\n");
        sb.append("  <testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\"").append(time == null ? "" : " time=\"" + time + "\"").append(">\n");
        sb.append("    <properties>\n");
        property(sb, "failOn", level.id());
        if (report.dump() != null) {
            property(sb, "usedHeapBytes", Long.toString(report.dump().usedHeapBytes()));
        }
        if (report.baseline() != null) {
            property(sb, "baseline", Formats.fileName(report.baseline().path()));
        }
        sb.append("    </properties>\n");
        sb.append(cases);
        if (!report.warnings().isEmpty()) {
            // What a damaged dump lacks, where a test tab shows the suite's own output.
            sb.append("    <system-err>");
            for (String w : report.warnings()) {
                sb.append(text("warning: " + Printable.escape(w))).append('\n');
            }
            sb.append("</system-err>\n");
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    /** The test cases of one detector; returns how many. */
    private static int testCases(StringBuilder sb, Report report, String detector, List<Finding> findings,
                                 Severity level) {
        Long millis = report.timings() == null ? null : report.timings().detectorMillis().get(detector);
        String time = millis == null ? "" : " time=\"" + seconds(millis) + "\"";
        String className = attr("heaptriage." + detector);
        List<DetectorError> errors = report.errors().stream().filter(x -> x.detector().equals(detector)).toList();
        int n = 0;
        for (DetectorError x : errors) {
            sb.append("    <testcase classname=\"").append(className).append("\" name=\"").append(attr(detector))
                    .append('"').append(time).append(">\n");
            sb.append("      <error type=\"detector-error\" message=\"").append(attr(Formats.message(x)))
                    .append("\"/>\n    </testcase>\n");
            n++;
        }
        if (findings.isEmpty() && errors.isEmpty()) {
            sb.append("    <testcase classname=\"").append(className).append("\" name=\"").append(attr(detector))
                    .append('"').append(time).append("/>\n");
            return 1;
        }
        for (Finding f : findings) {
            sb.append("    <testcase classname=\"").append(className).append("\" name=\"")
                    .append(attr(f.fingerprint())).append("\">\n");
            if (f.failsGate(level)) {
                sb.append("      <failure type=\"").append(SeverityLabels.junit(f.severity())).append("\" message=\"")
                        .append(attr(SeverityLabels.text(f.severity()) + ": " + f.title().shown())).append("\">")
                        .append(text(details(f))).append("</failure>\n");
            } else {
                sb.append("      <system-out>").append(text("not a failure at --fail-on " + level.id() + ": "
                        + SeverityLabels.text(f.severity()) + " " + Printable.line(f.title()) + baselineSuffix(f)))
                        .append("\n</system-out>\n");
            }
            sb.append("    </testcase>\n");
            n++;
        }
        return n;
    }

    private static String baselineSuffix(Finding f) {
        String s = Formats.baselineStatus(f);
        return s == null ? "" : " (baseline: " + s + ")";
    }

    /** The failure's body: what the text report says of the finding, one fact a line. */
    private static String details(Finding f) {
        StringBuilder sb = new StringBuilder();
        // Single-line texts are escaped whole: a line break in a dump string must not start a forged line.
        sb.append(Printable.line(f.title())).append('\n');
        if (!Formats.isBlank(f.summary())) {
            sb.append(Printable.summary(f)).append('\n');
        }
        sb.append("count: ").append(Units.count(f.count())).append(" · retained ").append(Units.bytes(f.retainedBytes()));
        if (f.wastedBytes() != null) {
            sb.append(" · wasted ").append(Units.bytes(f.wastedBytes()));
        }
        sb.append('\n');
        if (!Formats.isBlank(f.owner())) {
            sb.append("owner: ").append(Printable.line(f.owner())).append('\n');
        }
        if (f.location() != null) {
            sb.append("code: ").append(f.location().text()).append('\n');
        }
        String status = Formats.baselineStatus(f);
        if (status != null) {
            sb.append("baseline: ").append(status).append('\n');
        }
        sb.append("fingerprint: ").append(f.fingerprint()).append('\n');
        if (!Formats.isBlank(f.remediation())) {
            sb.append("fix: ").append(Printable.escape(f.remediation())).append('\n');
        }
        return sb.toString();
    }

    private static void property(StringBuilder sb, String name, String value) {
        sb.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value))
                .append("\"/>\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Element text: printable, then {@code & < >} escaped. */
    static String text(String s) {
        return xml(s, false);
    }

    /** An attribute value: printable, then {@code & < > "} escaped, and line breaks as {@code &#10;}. */
    static String attr(String s) {
        return xml(s, true);
    }

    private static String xml(String raw, boolean attribute) {
        if (raw == null) {
            return "";
        }
        // Keep the text's own line breaks in element text; any other control character becomes a visible escape.
        String printable = attribute ? Printable.escape(raw) : Printable.escapeKeepingLines(raw);
        StringBuilder sb = new StringBuilder(printable.length() + 16);
        for (int i = 0; i < printable.length(); i++) {
            char c = printable.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
