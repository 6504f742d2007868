package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.testing.SarifSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SARIF of the shared fixtures: valid against the official SARIF 2.1.0 schema, and what code scanning needs. */
class SarifRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> fixtures() {
        return List.copyOf(RenderFixtures.all().keySet());
    }

    private static String sarif(Report report) {
        return RenderFixtures.render(new SarifRenderer(), report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void validatesAgainstTheOfficialSchema(String fixture) {
        assertEquals(List.of(), SarifSchema.violations(sarif(RenderFixtures.all().get(fixture))), fixture);
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() throws Exception {
        // The check above can fail: a level SARIF does not know, and a result without its message.
        ObjectNode log = (ObjectNode) JSON.readTree(sarif(RenderFixtures.oneFinding()));
        ObjectNode result = (ObjectNode) log.path("runs").get(0).path("results").get(0);
        result.put("level", "fatal");
        assertFalse(SarifSchema.violations(log.toString()).isEmpty(), "level 'fatal' is not SARIF");
        result.put("level", "error");
        result.remove("message");
        assertFalse(SarifSchema.violations(log.toString()).isEmpty(), "a result needs a message");
    }

    @Test
    void oneRulePerDetectorAndOneResultPerFinding() throws Exception {
        Report report = RenderFixtures.severalFindings();
        JsonNode run = JSON.readTree(sarif(report)).path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertEquals(RenderFixtures.DETECTORS.size(), rules.size());
        for (int i = 0; i < rules.size(); i++) {
            var d = RenderFixtures.DETECTORS.get(i);
            assertEquals(d.id(), rules.get(i).path("id").asText());
            assertEquals(d.title(), rules.get(i).path("shortDescription").path("text").asText());
            assertEquals(d.description(), rules.get(i).path("fullDescription").path("text").asText());
            assertEquals(d.remediation(), rules.get(i).path("help").path("text").asText());
        }
        JsonNode results = run.path("results");
        assertEquals(report.findings().size(), results.size());
        Map<Severity, String> levels = Map.of(Severity.CRITICAL, "error", Severity.HIGH, "error",
                Severity.MEDIUM, "warning", Severity.LOW, "note", Severity.INFO, "note");
        for (int i = 0; i < results.size(); i++) {
            Finding f = report.findings().get(i);
            JsonNode r = results.get(i);
            assertEquals(f.detector(), r.path("ruleId").asText());
            assertEquals(f.detector(), rules.get(r.path("ruleIndex").asInt()).path("id").asText());
            assertEquals(levels.get(f.severity()), r.path("level").asText());
            assertEquals(f.fingerprint(), r.path("partialFingerprints").path(SarifRenderer.FINGERPRINT_KEY).asText());
            assertTrue(r.path("message").path("text").asText().startsWith(f.title().shown()));
        }
    }

    @Test
    void locationsPointAtTheFrameOrTheClass() throws Exception {
        JsonNode results = JSON.readTree(sarif(RenderFixtures.severalFindings())).path("runs").get(0).path("results");
        JsonNode frame = results.get(0).path("locations").get(0);
        assertEquals("com/acme/ingest/Batcher.java",
                frame.path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals(71, frame.path("physicalLocation").path("region").path("startLine").asInt());
        assertEquals("com.acme.ingest.Batcher.lambda$start$0",
                frame.path("logicalLocations").get(0).path("fullyQualifiedName").asText());
        JsonNode cls = results.get(1).path("locations").get(0);
        assertEquals("com/acme/Cache.java", cls.path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals("type", cls.path("logicalLocations").get(0).path("kind").asText());
        JsonNode dump = results.get(2).path("locations").get(0);
        assertEquals("app.hprof", dump.path("physicalLocation").path("artifactLocation").path("uri").asText(),
                "no application code: the heap dump, by file name, so code scanning still gets a location");
        assertEquals(1, dump.path("physicalLocation").path("region").path("startLine").asInt());
        assertTrue(dump.path("message").path("text").asText().contains("no application class"));
        for (JsonNode r : results) {
            assertEquals(1, r.path("locations").size(), "every result has one location: " + r);
        }
        assertEquals(SarifRenderer.INFORMATION_URI, JSON.readTree(sarif(RenderFixtures.severalFindings()))
                .path("runs").get(0).path("tool").path("driver").path("informationUri").asText());
        assertTrue(SarifRenderer.INFORMATION_URI.startsWith("https://"));

        Report rooted = RenderFixtures.severalFindings().withSourceRoot("services/ingest/src/main/java/");
        JsonNode moved = JSON.readTree(sarif(rooted)).path("runs").get(0).path("results").get(1);
        assertEquals("services/ingest/src/main/java/com/acme/Cache.java", moved.path("locations").get(0)
                .path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals("a%20b/%24x.java", SarifRenderer.uri("a b/$x.java"));
    }

    @Test
    void baselineStatesFollowTheComparison() throws Exception {
        JsonNode results = JSON.readTree(sarif(RenderFixtures.withBaseline())).path("runs").get(0).path("results");
        // Order: critical pool (grown), high files (+24), medium substrings (new), low sockets (unchanged).
        assertEquals(List.of("updated", "updated", "new", "unchanged"), List.of(
                results.get(0).path("baselineState").asText(), results.get(1).path("baselineState").asText(),
                results.get(2).path("baselineState").asText(), results.get(3).path("baselineState").asText()));
        assertTrue(JSON.readTree(sarif(RenderFixtures.oneFinding())).path("runs").get(0).path("results").get(0)
                .path("baselineState").isMissingNode(), "no baseline, no state");
    }

    @Test
    void detectorErrorsAreNotifications() throws Exception {
        JsonNode invocation = JSON.readTree(sarif(RenderFixtures.withErrors())).path("runs").get(0)
                .path("invocations").get(0);
        assertFalse(invocation.path("executionSuccessful").asBoolean());
        JsonNode notes = invocation.path("toolExecutionNotifications");
        assertEquals("error", notes.get(0).path("level").asText());
        assertEquals("finalizer-backlog", notes.get(0).path("associatedRule").path("id").asText());
        assertEquals("warning", notes.get(1).path("level").asText());
    }
}
