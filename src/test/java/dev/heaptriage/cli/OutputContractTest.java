package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.render.JsonRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What scripts rely on in every command's output (README "The JSON report"): every JSON output starts with
 * schemaVersion, tool and dump and validates against its committed schema ({@code CliRun} checks every one),
 * {@code --top} holds in every format, out-of-range options are refused, and every error has one shape.
 */
class OutputContractTest {
    @TempDir
    static Path work;

    private static final String SAMPLE = SampleDumpTest.SAMPLE.toString();
    /** {@code heaptriage <command>: <what is wrong> ...}, one line. */
    private static final Pattern ERROR = Pattern.compile("heaptriage (analyze|threads|histogram|detectors): \\S.*");

    private static List<String> firstFields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.subList(0, Math.min(3, names.size()));
    }

    @Test
    void everyJsonOutputStartsWithSchemaVersionToolAndDump() throws Exception {
        CliRun report = CliRun.of("analyze", SAMPLE, "--index-dir", work.toString(), "-q", "-f", "json");
        CliRun threads = CliRun.of("threads", SAMPLE, "--index-dir", work.toString(), "-q", "-f", "json");
        CliRun histogram = CliRun.of("histogram", SAMPLE, "--index-dir", work.toString(), "-q", "-f", "json", "--top", "5");
        CliRun detectors = CliRun.of("detectors", "-f", "json");
        for (CliRun r : List.of(report, threads, histogram, detectors)) {
            assertEquals(0, r.exitCode(), r.err());
            JsonNode json = JsonRenderer.mapper().readTree(r.out());
            assertEquals(List.of("schemaVersion", "tool", "dump"), firstFields(json), r.out().substring(0, 200));
            assertEquals(1, json.path("schemaVersion").asInt());
            assertEquals("heaptriage", json.path("tool").path("name").asText());
        }
        JsonNode r = JsonRenderer.mapper().readTree(report.out());
        JsonNode t = JsonRenderer.mapper().readTree(threads.out());
        assertEquals(r.path("dump"), t.path("dump"), "threads names the same dump, in the report's shape");
        assertEquals(SAMPLE, t.path("dump").path("path").asText());
        assertTrue(t.path("threads").size() > 5, t.toString());
        assertEquals(5, JsonRenderer.mapper().readTree(histogram.out()).path("rows").size(), "--top 5 in json");
        JsonNode d = JsonRenderer.mapper().readTree(detectors.out());
        assertTrue(d.path("dump").isNull(), "detectors reads no dump");
        assertEquals(Detectors.all().size(), d.path("detectors").size());
        assertEquals("leak-suspects", d.path("detectors").findValuesAsText("id").stream()
                .filter("leak-suspects"::equals).findFirst().orElse(""));

        // One path direction everywhere: pathFromGcRoot runs root → object (the text report's order).
        JsonNode e = r.path("findings").get(0).path("evidence").get(0);
        JsonNode from = e.path("pathFromGcRoot");
        JsonNode to = e.path("pathToGcRoot");
        assertEquals(from.size(), to.size());
        assertTrue(from.get(from.size() - 1).asText().startsWith(e.path("className").asText() + " @"),
                "the object is the last step: " + from);
        for (int i = 0; i < from.size(); i++) {
            assertEquals(to.get(to.size() - 1 - i), from.get(i), "the deprecated field holds the same steps reversed");
        }
    }

    @Test
    void topHoldsInEveryFormat() {
        CliRun csv = CliRun.of("histogram", SAMPLE, "--index-dir", work.toString(), "-q", "-f", "csv", "--top", "5");
        assertEquals(0, csv.exitCode(), csv.err());
        assertEquals(6, csv.out().lines().count(), "a header and five rows: " + csv.out());
        CliRun text = CliRun.of("histogram", SAMPLE, "--index-dir", work.toString(), "-q", "--top", "2");
        assertEquals(3, text.out().lines().count(), text.out());
        CliRun all = CliRun.of("histogram", SAMPLE, "--index-dir", work.toString(), "-q", "-f", "csv");
        assertTrue(all.out().lines().count() > 31, "without --top, csv has every class");
    }

    @Test
    void outOfRangeOptionsAreRefusedInTheOneErrorShape() {
        List<String[]> bad = List.of(
                new String[] {"analyze", SAMPLE, "--max-evidence", "26"},
                new String[] {"analyze", SAMPLE, "--max-evidence", "-1"},
                new String[] {"analyze", SAMPLE, "--heap", "0"},
                new String[] {"analyze", SAMPLE, "--fail-on-growth", "-5", "--baseline", "x.json"},
                new String[] {"analyze", SAMPLE, "--no-such-option"},
                new String[] {"analyze", SAMPLE, "-f", "yaml"},
                new String[] {"histogram", SAMPLE, "--top", "0"},
                new String[] {"threads", SAMPLE, "--frames", "-1"},
                new String[] {"detectors", "-f", "csv"});
        for (String[] args : bad) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.errLines().size(), "one line: " + r.err());
            String line = r.errLines().get(0);
            assertTrue(ERROR.matcher(line).matches(), "the one error shape: " + line);
            assertTrue(line.endsWith("(see 'heaptriage " + args[0] + " --help')"), line);
        }
        CliRun max = CliRun.of("analyze", SAMPLE, "--max-evidence", "30");
        assertTrue(max.err().contains("--max-evidence must be from 0 to 25"), max.err());
        // A problem found later (a missing dump) has the same prefix.
        CliRun missing = CliRun.of("analyze", work.resolve("none.hprof").toString());
        assertEquals(3, missing.exitCode());
        assertTrue(ERROR.matcher(missing.errLines().get(0)).matches(), missing.err());
    }
}
