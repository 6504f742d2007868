package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.detect.Analyzer;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.render.Printable;
import dev.heaptriage.render.Renderer;
import dev.heaptriage.render.Renderers;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ToolInfo;
import dev.heaptriage.scenarios.CleanerBlocked;
import dev.heaptriage.scenarios.FdFileStreams;
import dev.heaptriage.scenarios.FdHttpBodies;
import dev.heaptriage.scenarios.FdSockets;
import dev.heaptriage.scenarios.ParkedLeakedPools;
import dev.heaptriage.scenarios.FinalizerBlockedOnMonitor;
import dev.heaptriage.scenarios.HostileStrings;
import dev.heaptriage.scenarios.ParkedPrivateQueues;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Dump strings in the rendered reports of real dumps, all detectors, every format of the registry (text, JSON,
 * Markdown, HTML, SARIF, JUnit; issue 10, items 8 and 9, and issue 17):
 * with {@code --redact} none of the strings a finding quotes (its registered sensitive values, the dump-string
 * attributes of its evidence, the heap's thread names) appears anywhere; without it, text and Markdown show
 * terminal control characters only as escapes.
 */
class DumpStringsTest {
    /** Evidence attributes whose values are dump contents (the others are detector vocabulary or class names). */
    private static final Set<String> DUMP_STRING_ATTRIBUTES = Set.of("path", "peer", "thread", "threadNames",
            "lockOwner", "likelyMonitorOwner", "owner", "likelyOwner");

    private static final Map<String, Analysed> ANALYSED = new ConcurrentHashMap<>();

    record Analysed(Report report, List<String> threadNames) {
    }

    static Stream<String> dumps() {
        return Stream.of("sample", HostileStrings.class.getName(), FinalizerBlockedOnMonitor.class.getName(),
                ParkedPrivateQueues.class.getName(), FdFileStreams.class.getName(), CleanerBlocked.class.getName(),
                ParkedLeakedPools.class.getName(), FdSockets.class.getName(), FdHttpBodies.class.getName());
    }

    private static Analysed analysed(String which) {
        return ANALYSED.computeIfAbsent(which, w -> {
            try {
                Path dump = w.equals("sample") ? SampleDumpTest.SAMPLE : ScenarioDumps.dump(Class.forName(w));
                Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "index-");
                synchronized (DetectorRuns.class) {
                    try (IndexDirectory dir = IndexDirectory.of(dump, index);
                         LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), dir, s -> { })) {
                        Report r = new Analyzer(Detectors.all(), id -> { }).analyze(loaded.heap(),
                                new ToolInfo("heaptriage", "test"), loaded.loadMillis(), loaded.warnings());
                        List<String> names = loaded.heap().threads().stream().map(HeapThread::name).toList();
                        return new Analysed(r, names);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot analyse " + w, e);
            }
        });
    }

    private static String render(Renderer r, Report report) throws Exception {
        StringWriter w = new StringWriter();
        r.render(report, w);
        return w.toString();
    }

    /** What a reader of the format sees: Markdown's and HTML's escapes undone, JSON's strings decoded. */
    private static String asRead(String format, String out) throws Exception {
        return switch (format) {
            case "markdown" -> out.replaceAll("\\\\([\\\\|*_`<>\\[\\]~$#+=.)-])", "$1");
            case "html" -> out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&amp;", "&");
            case "junit" -> out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&amp;", "&");
            case "json", "sarif" -> {
                StringBuilder sb = new StringBuilder();
                collect(new ObjectMapper().readTree(out), sb);
                yield sb.toString();
            }
            default -> out;
        };
    }

    private static void collect(JsonNode n, StringBuilder sb) {
        if (n.isTextual()) {
            sb.append(n.asText()).append('\n');
        }
        n.fieldNames().forEachRemaining(f -> sb.append(f).append('\n'));
        n.elements().forEachRemaining(c -> collect(c, sb));
    }

    /** Every dump string the findings quote. */
    private static Set<String> secrets(Report report) {
        Set<String> out = new LinkedHashSet<>();
        for (Finding f : report.findings()) {
            out.addAll(f.sensitiveValues());
            for (Evidence e : f.evidence()) {
                e.attributes().forEach((k, v) -> {
                    if (DUMP_STRING_ATTRIBUTES.contains(k)) {
                        strings(v, out);
                    }
                });
            }
        }
        out.removeIf(s -> s.length() < 3);
        return out;
    }

    private static void strings(Object v, Set<String> out) {
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof List<?> l) {
            l.forEach(x -> strings(x, out));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void redactedReportsHoldNoDumpStringInAnyFormat(String which) throws Exception {
        Analysed a = analysed(which);
        Report report = a.report();
        assertFalse(report.findings().isEmpty(), which + " has findings to redact");
        Set<String> secrets = secrets(report);
        assertFalse(secrets.isEmpty(), "the findings of " + which + " quote dump strings");
        Report redacted = report.redacted();
        List<String> leaks = new ArrayList<>();
        for (Renderer r : Renderers.all()) {
            String plain = render(r, report);
            String shown = asRead(r.name(), render(r, redacted));
            for (String s : secrets) {
                // Thread names like 'main' are also words of stack frames: those count only where quoted.
                boolean word = a.threadNames().contains(s) && s.matches("[A-Za-z ]+");
                List<String> forms = word ? List.of("'" + s + "'", "'" + Printable.escape(s) + "'")
                        : List.of(s, Printable.escape(s));
                for (String form : forms) {
                    if (shown.contains(form)) {
                        leaks.add(r.name() + ": " + Printable.escape(form));
                    }
                }
            }
            for (String name : a.threadNames()) {
                if (!name.isEmpty() && shown.contains("'" + name + "'")) {
                    leaks.add(r.name() + ": thread name '" + Printable.escape(name) + "'");
                }
            }
            assertTrue(asRead(r.name(), plain).contains("finding") || r.name().equals("json")
                    || r.name().equals("sarif") && plain.contains("\"results\"")
                    || r.name().equals("junit") && plain.contains("<testcase"), r.name() + " rendered the report");
        }
        assertEquals(List.of(), leaks, "dump strings left in the redacted reports of " + which);
    }

    @Test
    void textAndMarkdownShowControlCharactersOnlyAsEscapes() throws Exception {
        Report report = analysed(HostileStrings.class.getName()).report();
        String all = String.join("\n", report.findings().stream().flatMap(f -> f.texts().stream()).toList());
        assertTrue(all.contains(HostileStrings.HOLDER), "the finalizer finding quotes the monitor holder");
        assertTrue(all.contains(HostileStrings.CONSUMER), "parked-threads quotes the consumers");
        assertTrue(all.contains(HostileStrings.FILE_NAME), "unclosed-fd quotes the path");
        for (String format : List.of("text", "markdown")) {
            String out = render(Renderers.byName(format).orElseThrow(), report);
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                boolean control = c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0 || c == '\u202e' || c == '\u2028';
                assertFalse(control, format + ": raw U+" + Integer.toHexString(c) + " at " + i + " in "
                        + Printable.escape(out.substring(Math.max(0, i - 40), Math.min(out.length(), i + 40))));
            }
            assertFalse(out.lines().anyMatch(l -> l.startsWith("HIGH   unclosed-fd  forged")),
                    format + ": a dump string forged a report line");
            String shown = asRead(format, out);
            assertTrue(shown.contains("janitor\\e]0;owned\\x07\\nHIGH"), format + " shows the thread name escaped");
            assertTrue(shown.contains("secret\\e[31m\\rred\\nline.log"), format + " shows the path escaped");
        }
        String html = render(Renderers.byName("html").orElseThrow(), report);
        assertTrue(html.contains("thread &#39;janitor"), "HTML escapes as before");
    }
}
