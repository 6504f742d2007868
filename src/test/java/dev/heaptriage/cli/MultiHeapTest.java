package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.scenarios.TwoHeaps;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that holds two heap dumps is never analysed half and silently (issue 10, item 10): the report and stderr
 * say so and which heap the report is about, and {@code --heap N} picks another, as MAT's snapshot_identifier does.
 */
class MultiHeapTest {
    @TempDir
    Path index;

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private static String warnings(JsonNode r) {
        return r.path("warnings").toString();
    }

    @Test
    void bothHeapsAreAnalysableAndTheReportSaysWhichOneItIsAbout() throws Exception {
        Path dump = ScenarioDumps.dump(TwoHeaps.class);
        CliRun first = CliRun.of("analyze", dump.toString(), "-f", "json", "--index-dir", index.toString());
        JsonNode h1 = json(first);
        assertTrue(warnings(h1).contains("holds 2 heap dumps") && warnings(h1).contains("about heap 1"), warnings(h1));
        assertTrue(warnings(h1).contains("--heap"), warnings(h1));
        assertTrue(first.err().startsWith("warning: ") && first.err().contains("holds 2 heap dumps"), first.err());

        JsonNode h2 = json(CliRun.of("analyze", dump.toString(), "-f", "json", "--heap", "2", "--index-dir",
                index.toString()));
        assertFalse(h2.path("timings").path("cached").asBoolean(), "heap 2 is not served from heap 1's cache");
        assertTrue(warnings(h2).contains("about heap 2"), warnings(h2));
        long more = h2.path("dump").path("objects").asLong() - h1.path("dump").path("objects").asLong();
        assertTrue(more >= TwoHeaps.MARKERS && more < TwoHeaps.MARKERS + 1000,
                "heap 2 holds the " + TwoHeaps.MARKERS + " markers heap 1 lacks: " + more + " more objects");

        JsonNode again = json(CliRun.of("analyze", dump.toString(), "-f", "json", "--heap", "1", "--index-dir",
                index.toString()));
        assertTrue(again.path("timings").path("cached").asBoolean());
        assertEquals(h1.path("dump").path("objects"), again.path("dump").path("objects"));

        CliRun text = CliRun.of("analyze", dump.toString(), "--heap", "2", "-q", "--index-dir", index.toString());
        assertTrue(text.out().contains("holds 2 heap dumps"), "the text report shows the warning: " + text.out());
        assertEquals("", text.err(), "-q keeps stderr quiet");
    }

    @Test
    void aHeapTheFileDoesNotHaveIsAUsageError() throws Exception {
        Path dump = ScenarioDumps.dump(TwoHeaps.class);
        CliRun three = CliRun.of("analyze", dump.toString(), "--heap", "3", "--index-dir", index.toString());
        assertEquals(2, three.exitCode(), three.err());
        assertEquals(1, three.errLines().size(), three.err());
        assertTrue(three.err().contains("holds 2 heaps; expected a number from 1 to 2"), three.err());
        CliRun zero = CliRun.of("analyze", dump.toString(), "--heap", "0", "--index-dir", index.toString());
        assertEquals(2, zero.exitCode(), zero.err());
        assertTrue(zero.err().contains("--heap must be 1 or more"), zero.err());
    }

    @Test
    void aSingleHeapDumpHasNoWarning() throws Exception {
        Path dump = ScenarioDumps.dump(KnownHeap.class);
        JsonNode r = json(CliRun.of("analyze", dump.toString(), "-f", "json", "--heap", "1", "--index-dir",
                index.toString()));
        assertFalse(warnings(r).contains("heap dumps"), warnings(r));
        CliRun two = CliRun.of("analyze", dump.toString(), "--heap", "2", "--index-dir", index.toString());
        assertEquals(2, two.exitCode(), two.err());
        assertTrue(two.err().contains("holds 1 heap;"), two.err());
        assertTrue(Files.exists(dump));
    }
}
