package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.ExploreGrowingOrders;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heaptriage diff} on two dumps of one program at two moments ({@link ExploreGrowingOrders}). */
class DiffCommandTest {
    private static final String ORDER = ExploreGrowingOrders.class.getName() + "$Order";

    @TempDir
    Path work;

    private static Path early() {
        return ScenarioDumps.dump(ExploreGrowingOrders.class, Jdks.current(), "two-moments");
    }

    private static Path late() {
        return Path.of(ExploreGrowingOrders.later(early().toString()));
    }

    private CliRun diff(String... more) {
        List<String> args = new ArrayList<>(List.of("diff", early().toString(), late().toString()));
        args.addAll(List.of(more));
        args.addAll(List.of("--index-dir", work.resolve("idx").toString(), "-q"));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode row(JsonNode classes, String name) {
        for (JsonNode c : classes) {
            if (c.path("className").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no row for " + name);
    }

    @Test
    void theGrowingClassesComeFirstWithTheirCounts() throws Exception {
        assertTrue(Files.isRegularFile(late()), "the scenario dumps twice");
        CliRun json = diff("-f", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        JsonNode classes = root.path("classes");
        JsonNode order = row(classes, ORDER);
        assertEquals(ExploreGrowingOrders.EARLY, order.path("instancesBefore").asLong());
        assertEquals(ExploreGrowingOrders.LATE, order.path("instancesAfter").asLong());
        assertEquals(ExploreGrowingOrders.LATE - ExploreGrowingOrders.EARLY, order.path("instancesChange").asLong());
        assertEquals(400.0, order.path("shallowGrowthPercent").asDouble(), 0.01, "five times as many orders");
        JsonNode lines = row(classes, "long[]");
        assertTrue(lines.path("instancesChange").asLong() == ExploreGrowingOrders.LATE - ExploreGrowingOrders.EARLY,
                lines.toString());
        List<String> firstTwo = List.of(classes.get(0).path("className").asText(), classes.get(1).path("className")
                .asText());
        assertTrue(firstTwo.contains(ORDER) && firstTwo.contains("long[]"), "largest growth first: " + firstTwo);
        assertTrue(root.path("findingsNote").asText().contains("run 'heaptriage analyze'"), root.toString());

        CliRun text = diff("--top", "2");
        assertTrue(text.out().contains(ORDER), text.out());
        assertTrue(text.out().contains("+8,000"), text.out());
        CliRun html = diff("-f", "html", "--top", "2");
        assertTrue(html.out().startsWith("<!DOCTYPE html>"), html.out());
        assertTrue(html.out().indexOf("Top growers") < html.out().indexOf(ORDER), html.out());
        CliRun csv = diff("-f", "csv");
        assertTrue(csv.out().contains("\r\n" + ORDER + ",2000,10000,8000,"), csv.out());
    }

    @Test
    void failOnGrowthGatesAboveTheFloorAndFindingsAreComparedAfterAnalyze() throws Exception {
        CliRun gated = diff("--fail-on-growth", "100", "--min-bytes", "100000", "-f", "json");
        assertEquals(1, gated.exitCode(), gated.err());
        JsonNode grown = new ObjectMapper().readTree(gated.out()).path("grown");
        assertTrue(grown.toString().contains(ORDER) && grown.toString().contains("long[]"), grown.toString());
        assertEquals(0, diff("--fail-on-growth", "100", "--min-bytes", "100000000").exitCode(),
                "nothing is that large");
        assertEquals(0, diff("--fail-on-growth", "500", "--min-bytes", "100000").exitCode(), "none grew 500%");
        assertEquals(2, diff("-f", "sarif").exitCode());

        for (Path d : List.of(early(), late())) {
            CliRun a = CliRun.of("analyze", d.toString(), "--index-dir", work.resolve("idx").toString(), "-q");
            assertEquals(0, a.exitCode(), a.err());
        }
        CliRun after = diff("-f", "json");
        JsonNode root = new ObjectMapper().readTree(after.out());
        assertTrue(root.path("findingsNote").isNull(), root.path("findingsNote").toString());
        assertTrue(after.err().isEmpty() || !after.err().contains("parsing"), "served from the stored tables");
    }

    @Test
    void diffRunsInAProcessInEveryFormat() throws Exception {
        for (String format : new String[] {"text", "json", "csv", "html"}) {
            CliProcess p = CliProcess.run(null, null, "diff", early().toString(), late().toString(), "--index-dir",
                    work.resolve("idx").toString(), "-q", "-f", format);
            assertEquals(0, p.exitCode(), p.err());
            assertTrue(p.out().contains(ORDER), format + ": " + p.out());
        }
    }
}
