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
 * JUnit XML for the test tab of any CI: one test suite for the dump, one test case per detector that ran, one
 * {@code <failure>} per finding that fails the gate (at or above {@code --fail-on}, or {@code low} without it; with a
 * baseline, only new and grown ones), and an {@code <error>} for a detector that failed. Some CI tabs show only the
 * first failure of a test case, so its {@code <system-out>} lists every finding of the detector, one per line. The
 * suite's {@code <system-err>} holds the report's warnings (what a damaged dump lacks), one per line.
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
        int failures = (int) report.findings().stream().filter(f -> f.failsGate(level)).count();
        int errors = report.errors().size();
        String suite = "heaptriage " + (report.dump() == null ? "report" : Formats.fileName(report.dump().path()));
        String time = report.timings() == null ? null : seconds(report.timings().detectMillis());

        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"heaptriage\" tests=\"").append(byDetector.size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"").append(errors).append('"')
                .append(time == null ? "" : " time=\"" + time + "\"").append(">\n");
        sb.append("  <testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(byDetector.size())
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
        for (Map.Entry<String, List<Finding>> e : byDetector.entrySet()) {
            testCase(sb, report, e.getKey(), e.getValue(), level);
        }
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

    private static void testCase(StringBuilder sb, Report report, String detector, List<Finding> findings,
                                 Severity level) {
        Long millis = report.timings() == null ? null : report.timings().detectorMillis().get(detector);
        sb.append("    <testcase classname=\"heaptriage\" name=\"").append(attr(detector)).append('"')
                .append(millis == null ? "" : " time=\"" + seconds(millis) + "\"");
        List<DetectorError> errors = report.errors().stream().filter(x -> x.detector().equals(detector)).toList();
        if (findings.isEmpty() && errors.isEmpty()) {
            sb.append("/>\n");
            return;
        }
        sb.append(">\n");
        for (DetectorError x : errors) {
            sb.append("      <error type=\"detector-error\" message=\"").append(attr(Formats.message(x)))
                    .append("\"/>\n");
        }
        for (Finding f : findings) {
            if (f.failsGate(level)) {
                sb.append("      <failure type=\"").append(SeverityLabels.junit(f.severity())).append("\" message=\"")
                        .append(attr(SeverityLabels.text(f.severity()) + ": " + f.title())).append("\">")
                        .append(text(details(f))).append("</failure>\n");
            }
        }
        if (!findings.isEmpty()) {
            sb.append("      <system-out>");
            for (Finding f : findings) {
                String mark = f.failsGate(level) ? "FAIL" : "pass";
                sb.append(text(mark + " " + SeverityLabels.text(f.severity()) + " " + Printable.escape(f.title()) + " ["
                        + f.fingerprint() + "]" + baselineSuffix(f))).append('\n');
            }
            sb.append("</system-out>\n");
        }
        sb.append("    </testcase>\n");
    }

    private static String baselineSuffix(Finding f) {
        String s = Formats.baselineStatus(f);
        return s == null ? "" : " (baseline: " + s + ")";
    }

    /** The failure's body: what the text report says of the finding, one fact a line. */
    private static String details(Finding f) {
        StringBuilder sb = new StringBuilder();
        // Single-line texts are escaped whole: a line break in a dump string must not start a forged line.
        sb.append(Printable.escape(f.title())).append('\n');
        if (!Formats.isBlank(f.summary())) {
            sb.append(Printable.summary(f)).append('\n');
        }
        sb.append("count: ").append(Units.count(f.count())).append(" · retained ").append(Units.bytes(f.retainedBytes()));
        if (f.wastedBytes() != null) {
            sb.append(" · wasted ").append(Units.bytes(f.wastedBytes()));
        }
        sb.append('\n');
        if (!Formats.isBlank(f.owner())) {
            sb.append("owner: ").append(Printable.escape(f.owner())).append('\n');
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
        String printable = attribute ? Printable.escape(raw) : Printable.escapeKeepingLines(raw, List.of());
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
