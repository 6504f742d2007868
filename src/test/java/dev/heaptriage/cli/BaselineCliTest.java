package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.scenarios.BaselineService;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.SarifSchema;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --baseline} end to end on real dumps ({@link BaselineService} dumped small, then large): new, persisting,
 * grown and resolved findings, the gate, the refusals, and fingerprints that match across sizes and JDKs. Also the
 * SARIF and JUnit reports of the real dump.
 */
class BaselineCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path small;
    static Path large;
    static Path baseline;

    @BeforeAll
    static void dumpsAndBaseline() {
        small = ScenarioDumps.dump(BaselineService.class, Jdks.current(), "small");
        large = ScenarioDumps.dump(BaselineService.class, Jdks.current(), "large");
        baseline = dir.resolve("heaptriage.json");
        CliRun base = analyze(small, "-f", "json", "-o", baseline.toString());
        assertEquals(0, base.exitCode(), base.err());
    }

    static CliRun analyze(Path dump, String... more) {
        List<String> args = new ArrayList<>(List.of("analyze", dump.toString(), "-q", "--index-dir", dir.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    static JsonNode json(CliRun run) throws Exception {
        assertTrue(run.exitCode() == 0 || run.exitCode() == 1, run.err());
        return JSON.readTree(run.out());
    }

    static JsonNode finding(JsonNode report, String detector, String fingerprintPart) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("detector").asText().equals(detector) && f.path("fingerprint").asText().contains(fingerprintPart)) {
                return f;
            }
        }
        throw new AssertionError("no " + detector + " finding with " + fingerprintPart + " in "
                + fingerprints(report));
    }

    static TreeSet<String> fingerprints(JsonNode report) {
        TreeSet<String> out = new TreeSet<>();
        report.path("findings").forEach(f -> out.add(f.path("fingerprint").asText()));
        return out;
    }

    @Test
    void eachFindingIsNewPersistingOrResolved() throws Exception {
        JsonNode r = json(analyze(large, "--baseline", baseline.toString(), "-f", "json"));
        JsonNode logs = finding(r, "unclosed-fd", "BaselineService.OPEN_LOGS");
        assertEquals("persisting", logs.path("baselineStatus").asText());
        assertEquals(BaselineService.LARGE_LOGS - BaselineService.SMALL_LOGS, logs.path("countDelta").asLong());
        assertTrue(logs.path("bytesDelta").asLong() > 0, logs.toString());
        assertTrue(logs.path("grown").asBoolean(), "60 -> 150 streams is more than twice");
        JsonNode parked = finding(r, "parked-threads", "SynchronousQueue");
        assertEquals("persisting", parked.path("baselineStatus").asText());
        assertEquals(0, parked.path("countDelta").asLong());
        assertFalse(parked.path("grown").asBoolean());
        JsonNode slices = finding(r, "retained-slice", "BaselineService");
        assertEquals("new", slices.path("baselineStatus").asText());
        assertTrue(slices.path("countDelta").isNull() && slices.path("bytesDelta").isNull());
        List<String> resolved = new ArrayList<>();
        r.path("resolved").forEach(b -> resolved.add(b.path("fingerprint").asText()));
        assertTrue(resolved.stream().anyMatch(p -> p.contains("BaselineService.SEGMENTS")), resolved.toString());
        assertEquals(BaselineService.SEGMENT_FILES, r.path("resolved").get(0).path("count").asInt());
        JsonNode b = r.path("baseline");
        assertEquals(baseline.toString(), b.path("path").asText());
        assertEquals(small.toString(), b.path("dump").asText());
        JsonNode smallReport = JSON.readTree(Files.readString(baseline));
        assertEquals(smallReport.path("dump").path("createdAt").asText(), b.path("createdAt").asText());
        assertEquals(1, r.path("schemaVersion").asInt());
    }

    @Test
    void theGateCountsNewAndGrownFindings() {
        String base = baseline.toString();
        assertEquals(1, analyze(large, "--fail-on", "low").exitCode(), "without a baseline everything counts");
        assertEquals(1, analyze(large, "--baseline", base, "--fail-on", "low").exitCode(), "new and grown");
        // Without the new slices, only the grown streams can fail the gate, and +150% is below +200%.
        assertEquals(1, analyze(large, "--baseline", base, "--fail-on", "low", "--skip", "retained-slice")
                .exitCode());
        assertEquals(0, analyze(large, "--baseline", base, "--fail-on", "low", "--skip", "retained-slice",
                "--fail-on-growth", "200").exitCode());
        // The same build against its own report: everything persists unchanged, nothing fails, nothing resolved.
        Path self = dir.resolve("large.json");
        assertEquals(0, analyze(large, "-f", "json", "-o", self.toString()).exitCode());
        CliRun again = analyze(large, "--baseline", self.toString(), "--fail-on", "info", "-f", "text");
        assertEquals(0, again.exitCode(), again.out());
        assertTrue(again.out().contains("resolved since the baseline: none"), again.out());
        assertFalse(again.out().contains("baseline: new"), again.out());
    }

    @Test
    void documentFormatsShowTheStatus() {
        String base = baseline.toString();
        CliRun text = analyze(large, "--baseline", base);
        assertTrue(text.out().contains("baseline: new"), text.out());
        assertTrue(text.out().contains("baseline: persisting, count +90"), text.out());
        assertTrue(text.out().contains(", grown"), text.out());
        assertTrue(text.out().contains("resolved since the baseline:\nwas "), text.out());
        String md = analyze(large, "--baseline", base, "-f", "markdown").out();
        assertTrue(md.contains("## Resolved since the baseline") && md.contains("| Baseline |"), md);
        String html = analyze(large, "--baseline", base, "-f", "html").out();
        assertTrue(html.contains("<h2>Resolved since the baseline</h2>") && html.contains("<th>Baseline</th>"));
    }

    @Test
    void wrongBaselinesAreRefusedBeforeTheAnalysis() throws Exception {
        ObjectNode report = (ObjectNode) JSON.readTree(Files.readString(baseline));
        report.put("schemaVersion", 2);
        Path schema2 = Files.writeString(dir.resolve("schema2.json"), report.toString());
        CliRun r = analyze(large, "--baseline", schema2.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("has schemaVersion 2; this heaptriage compares with schemaVersion 1"), r.err());
        assertEquals("", r.out());

        report.put("schemaVersion", 1);
        ((ObjectNode) report.path("tool")).put("name", "eclipse-mat");
        Path otherTool = Files.writeString(dir.resolve("mat.json"), report.toString());
        r = analyze(large, "--baseline", otherTool.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("was written by 'eclipse-mat', not by heaptriage"), r.err());

        Path sarif = dir.resolve("last.sarif");
        assertEquals(0, analyze(small, "-f", "sarif", "-o", sarif.toString()).exitCode());
        r = analyze(large, "--baseline", sarif.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("SARIF"), r.err());

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"schemaVersion\": 1, \"tool\": ");
        r = analyze(large, "--baseline", garbage.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not valid JSON"), r.err());

        r = analyze(large, "--baseline", dir.resolve("missing.json").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("does not exist"), r.err());

        r = analyze(large, "--fail-on-growth", "50");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--fail-on-growth compares with a baseline"), r.err());
        r = analyze(large, "--baseline", baseline.toString(), "--fail-on-growth", "-5");
        assertEquals(2, r.exitCode());
    }

    @Test
    void fingerprintsMatchAcrossSizes() throws Exception {
        TreeSet<String> smallPrints = fingerprints(JSON.readTree(Files.readString(baseline)));
        TreeSet<String> largePrints = fingerprints(json(analyze(large, "-f", "json")));
        TreeSet<String> common = new TreeSet<>(smallPrints);
        common.retainAll(largePrints);
        assertTrue(common.stream().anyMatch(p -> p.contains("BaselineService.OPEN_LOGS")), common.toString());
        assertTrue(common.stream().anyMatch(p -> p.startsWith("parked-threads/")), common.toString());
        TreeSet<String> onlySmall = new TreeSet<>(smallPrints);
        onlySmall.removeAll(largePrints);
        assertEquals(1, onlySmall.size(), "only the closed segments differ: " + onlySmall);
        TreeSet<String> onlyLarge = new TreeSet<>(largePrints);
        onlyLarge.removeAll(smallPrints);
        assertEquals(1, onlyLarge.size(), "only the new slices differ: " + onlyLarge);
    }

    @Test
    void fingerprintsMatchOnJdk17And25() throws Exception {
        Optional<Path> jdk25 = Jdks.jdk25();
        assumeTrue(jdk25.isPresent(), "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        for (String size : List.of("small", "large")) {
            Path on17 = ScenarioDumps.dump(BaselineService.class, Jdks.current(), size);
            Path on25 = ScenarioDumps.dump(BaselineService.class, jdk25.get(), size);
            TreeSet<String> a = fingerprints(json(analyze(on17, "-f", "json")));
            TreeSet<String> b = fingerprints(json(analyze(on25, "-f", "json")));
            assertEquals(a, b, size + " dumps of JDK 17 and JDK 25");
            assertTrue(a.size() >= 3, a.toString());
        }
        // The same build on another JDK compared with the JDK 17 baseline: nothing new, nothing resolved.
        Path on25 = ScenarioDumps.dump(BaselineService.class, jdk25.get(), "small");
        JsonNode r = json(analyze(on25, "--baseline", baseline.toString(), "-f", "json"));
        r.path("findings").forEach(f -> assertEquals("persisting", f.path("baselineStatus").asText(), f.toString()));
        assertEquals(0, r.path("resolved").size(), r.path("resolved").toString());
    }

    @Test
    void sarifOfARealDumpValidatesAndPointsAtTheCode() throws Exception {
        CliRun run = analyze(large, "-f", "sarif", "--baseline", baseline.toString(), "--source-root",
                "src/test/java");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(), SarifSchema.violations(run.out()));
        JsonNode sarif = JSON.readTree(run.out()).path("runs").get(0);
        List<String> ruleIds = new ArrayList<>();
        sarif.path("tool").path("driver").path("rules").forEach(r -> ruleIds.add(r.path("id").asText()));
        assertEquals(defaultIds(), ruleIds);
        JsonNode report = json(analyze(large, "-f", "json"));
        assertEquals(report.path("findings").size(), sarif.path("results").size());
        String scenario = "src/test/java/dev/heaptriage/scenarios/BaselineService.java";
        int takeLine = Files.readAllLines(Path.of(scenario)).indexOf("                    orders.take();") + 1;
        assertTrue(takeLine > 0);
        boolean frame = false;
        boolean field = false;
        for (JsonNode r : sarif.path("results")) {
            JsonNode loc = r.path("locations").path(0).path("physicalLocation");
            if (r.path("ruleId").asText().equals("parked-threads")) {
                assertEquals(scenario, loc.path("artifactLocation").path("uri").asText());
                assertEquals(takeLine, loc.path("region").path("startLine").asInt(), r.toString());
                frame = true;
            }
            if (r.path("properties").path("fingerprint").asText().contains("OPEN_LOGS")) {
                assertEquals(scenario, loc.path("artifactLocation").path("uri").asText());
                assertEquals("updated", r.path("baselineState").asText());
                field = true;
            }
        }
        assertTrue(frame && field, sarif.path("results").toString());
    }

    @Test
    void junitOfARealDumpHasATestCasePerDetector() throws Exception {
        CliRun run = analyze(large, "-f", "junit", "--fail-on", "high");
        assertEquals(1, run.exitCode(), run.err());
        var doc = dev.heaptriage.render.JunitRendererTestAccess.parse(run.out());
        assertEquals(defaultIds().size(), doc.getElementsByTagName("testcase").getLength());
        JsonNode report = json(analyze(large, "-f", "json"));
        long high = 0;
        for (JsonNode f : report.path("findings")) {
            String s = f.path("severity").asText();
            if (s.equals("high") || s.equals("critical")) {
                high++;
            }
        }
        assertTrue(high > 0);
        assertEquals(high, doc.getElementsByTagName("failure").getLength());
    }

    /** The detectors a run without {@code --detectors} runs (all but those that run only when named). */
    private static java.util.List<String> defaultIds() {
        return Detectors.select(java.util.List.of(), java.util.List.of()).stream().map(d -> d.info().id()).toList();
    }
}
