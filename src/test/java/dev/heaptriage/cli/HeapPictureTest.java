package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heaptriage.render.JsonRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap picture of the sample dump: its retained-slice and leak-suspects findings are the same 20 MB list, so
 * their retained bytes add up to more than the heap; the picture's parts are disjoint, show that list once, and never
 * claim more than the used heap, in HTML and in Markdown.
 */
class HeapPictureTest {
    @TempDir
    Path work;

    @Test
    void partsAreDisjointAndTheSharedListIsShownOnce() throws Exception {
        String dump = SampleDumpTest.SAMPLE.toString();
        CliRun json = CliRun.of("analyze", dump, "--index-dir", work.toString(), "-q", "-f", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode report = JsonRenderer.mapper().readTree(json.out());
        long used = report.path("dump").path("usedHeapBytes").asLong();
        long findingsSum = 0;
        List<String> bySize = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            findingsSum += f.path("retainedBytes").asLong();
            bySize.add(f.path("fingerprint").asText());
        }
        assertTrue(findingsSum > used, "the findings overlap: their sum " + findingsSum + " is over the heap " + used);
        long parts = 0;
        Set<String> placed = new HashSet<>();
        JsonNode shared = null;
        for (JsonNode p : report.path("heapParts")) {
            parts += p.path("bytes").asLong();
            p.path("findings").forEach(f -> placed.add(f.asText()));
            List<String> detectors = new ArrayList<>();
            p.path("findings").forEach(f -> detectors.add(f.asText().substring(0, f.asText().indexOf('/'))));
            if (detectors.contains("retained-slice") && detectors.contains("leak-suspects")) {
                shared = p;
            }
        }
        assertTrue(parts <= used, "the parts add up to at most the used heap: " + parts + " of " + used);
        assertTrue(shared != null, "the retained-slice views and the leak-suspects list are one part: "
                + report.path("heapParts"));
        assertTrue(shared.path("bytes").asLong() >= 20L << 20, "the 20 MiB list, once: " + shared);
        assertTrue(placed.containsAll(bySize), "every finding with examples is in the picture: " + placed);

        CliRun html = CliRun.of("analyze", dump, "--index-dir", work.toString(), "-q", "-f", "html");
        assertEquals(0, html.exitCode(), html.err());
        Matcher pct = Pattern.compile("\\((\\d+)%").matcher(html.out());
        while (pct.find()) {
            assertTrue(Integer.parseInt(pct.group(1)) <= 100, "no share over 100%: " + pct.group());
        }
        assertFalse(html.out().contains("scaled to their sum"), "the bar is the heap, not the findings' sum");
        Matcher widths = Pattern.compile("<rect class=\"(?:finding|rest)\" x=\"[0-9.]+\" y=\"0\" width=\"([0-9.]+)\"")
                .matcher(html.out());
        double total = 0;
        while (widths.find()) {
            total += Double.parseDouble(widths.group(1));
        }
        assertEquals(1000, total, 0.5, "the segments fill the bar exactly, never past it");

        CliRun md = CliRun.of("analyze", dump, "--index-dir", work.toString(), "-q", "-f", "markdown");
        String picture = md.out().lines().filter(l -> l.startsWith("Of the ")).findFirst().orElse("");
        assertTrue(picture.contains("used heap, the findings' owners retain") && picture.contains("each object counted "
                + "once") && picture.contains("together (the same objects)") && picture.contains("the rest"),
                "the Markdown says what the picture shows: " + picture);
    }
}
