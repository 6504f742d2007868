package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.detect.Analyzer;
import dev.heaptriage.detect.Detectors;
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
import dev.heaptriage.report.ReportStore;
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
import dev.heaptriage.testing.DumpStrings;
import dev.heaptriage.testing.Jdks;
import java.util.HashSet;
import org.junit.jupiter.api.Order;
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
 * Markdown, HTML, SARIF, JUnit; issue 24, item 1). With {@code --redact}, none of the dump's strings appears
 * anywhere: all of them, read from the heap itself ({@link DumpStrings}: every {@code java.lang.String} value,
 * system properties included, and every thread's name), not the ones a report says it quotes; only code names,
 * the JDK's own thread names, numbers, heaptriage's own words and strings of at most {@value DumpStrings#SHORT}
 * characters are left out. Class names stay readable. The dumps are the sample, a fixed set that exercises every
 * detector's dump strings (with each JDK the run used for them), and a dump of every other scenario this test run
 * has made before this class runs (it runs last: {@link Order}; one dump per scenario, the running JDK's when there
 * is one, to keep within the suite's time budget); without {@code --redact}, text and Markdown show terminal
 * control characters only as escapes.
 */
@Order(Integer.MAX_VALUE)
class DumpStringsTest {
    private static final Map<String, Analysed> ANALYSED = new ConcurrentHashMap<>();

    /**
     * A dump's report, the same report as the analysis cache gives it back (a second run on the dump, with
     * {@code --redact} or another format, reads it from there), and the strings the dump holds.
     */
    record Analysed(Report report, Report cached, DumpStrings strings) {
        List<Report> redactedBothWays() {
            return List.of(report.redacted(), cached.redacted());
        }
    }

    /** Always analysed, whatever ran before: every detector's dump strings, hostile ones included. */
    private static final List<Class<?>> FIXED = List.of(HostileStrings.class, FinalizerBlockedOnMonitor.class,
            ParkedPrivateQueues.class, FdFileStreams.class, CleanerBlocked.class, ParkedLeakedPools.class,
            FdSockets.class, FdHttpBodies.class);

    static Stream<String> dumps() {
        Map<String, Path> byName = new java.util.TreeMap<>();
        byName.put("sample", SampleDumpTest.SAMPLE);
        for (Class<?> c : FIXED) {
            byName.put(c.getSimpleName(), ScenarioDumps.dump(c));
        }
        // One dump of every other scenario the suite dumped in this run: the running JDK's without extra options
        // when there is one (keys are "class@javaHome|options" or "class@javaHome@args").
        Map<String, String> fixedNames = new java.util.HashMap<>();
        FIXED.forEach(c -> fixedNames.put(c.getName(), c.getSimpleName()));
        Map<String, Map.Entry<String, Path>> byScenario = new java.util.TreeMap<>();
        String current = "@" + Jdks.current() + "|";
        for (Map.Entry<String, Path> e : new java.util.TreeMap<>(ScenarioDumps.cached()).entrySet()) {
            String scenario = e.getKey().substring(0, e.getKey().indexOf('@'));
            if (fixedNames.containsKey(scenario)) {
                // The fixed scenarios with every JDK the run used.
                if (!byName.containsValue(e.getValue())) {
                    byName.put(e.getValue().getFileName().toString(), e.getValue());
                }
                continue;
            }
            Map.Entry<String, Path> chosen = byScenario.get(scenario);
            if (chosen == null || !chosen.getKey().endsWith(current) && e.getKey().endsWith(current)) {
                byScenario.put(scenario, e);
            }
        }
        java.util.Collection<Path> named = new HashSet<>(byName.values());
        byScenario.values().forEach(e -> {
            if (named.add(e.getValue())) {
                byName.put(e.getValue().getFileName().toString(), e.getValue());
            }
        });
        PATHS.putAll(byName);
        return byName.keySet().stream();
    }

    private static final Map<String, Path> PATHS = new ConcurrentHashMap<>();

    private static Analysed analysed(String which) {
        return ANALYSED.computeIfAbsent(which, w -> {
            try {
                Path dump = PATHS.get(w);
                Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "index-");
                synchronized (DetectorRuns.class) {
                    try (IndexDirectory dir = IndexDirectory.of(dump, index);
                         LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), dir, s -> { })) {
                        Report r = new Analyzer(Detectors.all(), id -> { }).analyze(loaded.heap(),
                                new ToolInfo("heaptriage", "test"), loaded.loadMillis(), loaded.warnings());
                        Report cached = ReportStore.fromBytes(ReportStore.toBytes(r, "key"), "key").orElseThrow();
                        return new Analysed(r, cached, DumpStrings.of(loaded.heap()));
                    } finally {
                        ScenarioDumps.deleteTree(index);
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

    /** The dump strings that {@code shown} contains (as they are or escaped), heaptriage's own words left out. */
    static List<String> leaks(String shown, DumpStrings strings, Set<String> secrets) {
        // Every 4-character window of the output: a string can only be in it if each of its windows is.
        Set<String> windows = new HashSet<>();
        for (int i = 0; i + DumpStrings.SHORT + 1 <= shown.length(); i++) {
            windows.add(shown.substring(i, i + DumpStrings.SHORT + 1));
        }
        List<String> out = new ArrayList<>();
        for (String s : secrets) {
            for (String form : new LinkedHashSet<>(List.of(s, Printable.escape(s)))) {
                if (windows.contains(form.substring(0, DumpStrings.SHORT + 1)) && shown.contains(form)
                        && !strings.isExcusable(s)) {
                    out.add(Printable.escape(form));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void redactedReportsHoldNoneOfTheDumpsStringsInAnyFormat(String which) throws Exception {
        Analysed a = analysed(which);
        Report report = a.report();
        assertEquals(List.of(), report.errors(), which + ": no detector failed (a pasted dump string fails one)");
        Set<String> secrets = a.strings().secrets();
        assertFalse(secrets.isEmpty(), which + " holds strings");
        List<String> leaks = new ArrayList<>();
        List<Report> both = a.redactedBothWays();
        for (int i = 0; i < both.size(); i++) {
            Report redacted = both.get(i);
            String from = i == 0 ? "" : " (from the analysis cache)";
            for (Renderer r : Renderers.all()) {
                String shown = asRead(r.name(), render(r, redacted));
                leaks.addAll(leaks(shown, a.strings(), secrets).stream().map(l -> r.name() + from + ": " + l).toList());
                if (List.of("json", "markdown", "html").contains(r.name())) {
                    // Class names are code, not data: every example's class stays readable where the format lists it.
                    for (Finding f : redacted.findings()) {
                        for (Evidence e : f.evidence()) {
                            assertTrue(shown.contains(e.className()), r.name() + from + " of " + which + " shows "
                                    + e.className());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), leaks, "dump strings left in the redacted reports of " + which);
    }

    /**
     * The sample's known cases: the finalizer finding's monitor holder (an application thread) is redacted in every
     * format, while the application classes, the JDK's 'main' and Finalizer and every breakdown of classes stay.
     */
    @Test
    void theSamplesThreadNamesGoAndItsClassNamesStay() throws Exception {
        PATHS.put("sample", SampleDumpTest.SAMPLE);
        Analysed a = analysed("sample");
        assertTrue(a.strings().secrets().contains("pool-janitor"), "the sample's monitor holder is a dump string");
        for (Report redacted : a.redactedBothWays()) {
            for (Renderer r : Renderers.all()) {
                String shown = asRead(r.name(), render(r, redacted));
                assertFalse(shown.contains("pool-janitor"), r.name());
                assertTrue(shown.contains("probably held by thread '<redacted:12 chars>'"), r.name());
                assertTrue(shown.contains("LeakyService$Connection"), r.name() + " shows the application class");
                assertTrue(shown.contains("java.lang.ref.Finalizer.queue"), r.name() + " shows the JDK's field");
                assertFalse(shown.contains("<redacted:23 chars> ×") || shown.contains("<redacted:33 chars> ×"),
                        r.name() + " redacts no class breakdown");
            }
        }
        String text = render(Renderers.byName("text").orElseThrow(), a.cached().redacted());
        assertTrue(text.contains("(thread 'main')"), "the JDK's main thread stays readable");
        assertTrue(text.contains("Finalizer thread stuck in LeakyService$Connection.finalize()"), text);
        assertTrue(text.contains("LeakyService$Connection (1.4 MiB retained) ×4,999"), text);
    }

    @Test
    void textAndMarkdownShowControlCharactersOnlyAsEscapes() throws Exception {
        PATHS.put(HostileStrings.class.getSimpleName(), ScenarioDumps.dump(HostileStrings.class));
        Report report = analysed(HostileStrings.class.getSimpleName()).report();
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
