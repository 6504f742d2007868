package dev.heaptriage.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.report.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON report parses back and keeps the field names DESIGN.md §3 promises to scripts. */
class JsonRendererTest {

    private static final List<String> TOP = List.of("schemaVersion", "tool", "dump", "summary", "findings",
            "errors", "timings");
    private static final List<String> TOOL = List.of("name", "version");
    private static final List<String> DUMP = List.of("path", "sizeBytes", "format", "identifierSize", "createdAt",
            "objects", "classes", "gcRoots", "usedHeapBytes", "threads");
    private static final List<String> SUMMARY = List.of("findings", "bySeverity");
    private static final List<String> FINDING = List.of("detector", "fingerprint", "severity", "title", "summary",
            "count", "retainedBytes", "wastedBytes", "owner", "evidence", "remediation");
    private static final List<String> EVIDENCE = List.of("objectId", "className", "shallowBytes", "retainedBytes",
            "attributes", "pathToGcRoot");
    private static final List<String> ERROR = List.of("detector", "message");
    private static final List<String> TIMINGS = List.of("loadMillis", "detectMillis", "totalMillis");

    private static JsonNode parse(Report report) throws Exception {
        return JsonRenderer.mapper().readTree(RenderFixtures.render(new JsonRenderer(), report));
    }

    private static void assertFields(List<String> expected, JsonNode node, String where) {
        for (String field : expected) {
            assertTrue(node.has(field), where + " lacks '" + field + "': " + node);
        }
    }

    @Test
    void everyDesignFieldIsPresent() throws Exception {
        JsonNode root = parse(RenderFixtures.severalFindings());
        assertFields(TOP, root, "report");
        assertFields(TOOL, root.get("tool"), "tool");
        assertFields(DUMP, root.get("dump"), "dump");
        assertFields(SUMMARY, root.get("summary"), "summary");
        assertFields(TIMINGS, root.get("timings"), "timings");
        assertEquals(4, root.get("findings").size());
        for (JsonNode finding : root.get("findings")) {
            assertFields(FINDING, finding, "finding");
            for (JsonNode evidence : finding.get("evidence")) {
                assertFields(EVIDENCE, evidence, "evidence");
            }
        }
        JsonNode errors = parse(RenderFixtures.withErrors()).get("errors");
        assertEquals(1, errors.size());
        assertFields(ERROR, errors.get(0), "error");
    }

    @Test
    void schemaVersionComesFirst() throws Exception {
        JsonNode root = parse(RenderFixtures.empty());
        assertEquals("schemaVersion", root.fieldNames().next());
        assertEquals(Report.SCHEMA_VERSION, root.get("schemaVersion").asInt());
    }

    @Test
    void findingFieldsKeepTheDesignOrder() throws Exception {
        JsonNode finding = parse(RenderFixtures.oneFinding()).get("findings").get(0);
        List<String> names = new ArrayList<>();
        finding.fieldNames().forEachRemaining(names::add);
        names.retainAll(FINDING);
        assertEquals(FINDING, names);
    }

    @Test
    void nullsAreWrittenNotDropped() throws Exception {
        JsonNode root = parse(RenderFixtures.severalFindings());
        JsonNode critical = root.get("findings").get(0);
        assertEquals("critical", critical.get("severity").asText());
        assertTrue(critical.get("owner").isNull(), "owner must be present as null");
        assertTrue(critical.get("wastedBytes").isNull(), "wastedBytes must be present as null");
        assertTrue(parse(RenderFixtures.empty()).get("dump").get("createdAt").isNull());
        assertEquals(12_582_876L, root.get("findings").get(2).get("wastedBytes").asLong());
    }

    @Test
    void errorsAndFindingsAreAlwaysArrays() throws Exception {
        JsonNode root = parse(RenderFixtures.empty());
        assertTrue(root.get("errors").isArray());
        assertEquals(0, root.get("errors").size());
        assertTrue(root.get("findings").isArray());
        assertEquals(0, root.get("summary").get("findings").asInt());
    }

    @Test
    void matchesTheDesignExampleFinding() throws Exception {
        JsonNode root = parse(RenderFixtures.oneFinding());
        assertEquals("heaptriage", root.get("tool").get("name").asText());
        assertEquals(1, root.get("summary").get("bySeverity").get("high").asInt());
        JsonNode f = root.get("findings").get(0);
        assertEquals("unclosed-fd/java.io.FileInputStream/com.acme.Cache.files", f.get("fingerprint").asText());
        assertEquals("high", f.get("severity").asText());
        assertEquals(1024, f.get("count").asLong());
        JsonNode e = f.get("evidence").get(0);
        assertEquals("/var/log/app.log", e.get("attributes").get("path").asText());
        assertTrue(e.get("attributes").get("fd").isNumber());
        assertEquals(57, e.get("attributes").get("fd").asInt());
        List<String> path = new ArrayList<>();
        e.get("pathToGcRoot").forEach(step -> path.add(step.asText()));
        assertEquals(List.of("java.io.FileInputStream @0x7ff001200",
                "java.lang.Object[] @0x7ff000100 [17]",
                "java.util.ArrayList @0x7ff000080 .elementData",
                "com.acme.Cache .files (static)"), path);
    }

    @Test
    void sensitiveValuesStayOutOfTheReport() throws Exception {
        JsonNode finding = parse(RenderFixtures.oneFinding()).get("findings").get(0);
        assertTrue(!finding.has("sensitiveValues") && !finding.has("sortBytes"), finding.fieldNames().toString());
    }

    @Test
    void usesDesignSpacingAndEndsWithNewline() {
        String json = RenderFixtures.render(new JsonRenderer(), RenderFixtures.oneFinding());
        assertTrue(json.startsWith("{\n  \"schemaVersion\": 1,\n"), json);
        assertTrue(json.endsWith("}\n"), json);
    }

    /** A caller that reconfigures {@link JsonRenderer#mapper()} must not change how reports are written. */
    @Test
    void mapperIsACopy() {
        ObjectMapper mine = JsonRenderer.mapper();
        assertNotSame(mine, JsonRenderer.mapper());
        mine.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        String json = RenderFixtures.render(new JsonRenderer(), RenderFixtures.oneFinding());
        assertTrue(json.contains("\"wastedBytes\": null"), json);
    }
}
