package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed sample dump analyses as the README says. */
class SampleDumpTest {
    static final Path SAMPLE = Path.of("sample-dumps/leaky-service.hprof.gz");

    @TempDir
    Path index;

    @Test
    void sampleDumpAnalyses() throws Exception {
        assertTrue(Files.isRegularFile(SAMPLE), "sample dump is committed");
        assertTrue(Files.size(SAMPLE) <= 5L << 20, "sample dump stays under 5 MB");
        CliRun run = CliRun.of("analyze", SAMPLE.toString(), "-f", "json", "--index-dir", index.toString());
        assertTrue(run.exitCode() == 0, run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals("JAVA PROFILE 1.0.2", root.path("dump").path("format").asText());
        assertTrue(root.path("dump").path("objects").asLong() > 100_000, root.path("dump").toString());
        assertEquals(0, root.path("errors").size(), root.path("errors").toString());
        // What LeakyService planted (sample-dumps/README.md), one finding or more per detector.
        assertEquals(120, count(root, "unclosed-fd", "LeakyService.OPEN_LOGS"));
        assertEquals(30, count(root, "unclosed-fd", "LeakyService.SEGMENTS"));
        assertEquals(20, count(root, "retained-slice", "LeakyService.HEADERS"));
        assertEquals(1, count(root, "retained-slice", "LeakyService.RECENT"));
        assertEquals(4_999, count(root, "finalizer-backlog", "java.lang.ref.Finalizer.queue"),
                "5,000 dropped Connections: one is being finalized, the rest wait");
        assertTrue(root.path("findings").toString().contains("LeakyService$Connection.finalize"));
        int parked = 0;
        for (JsonNode f : root.path("findings")) {
            if (f.path("detector").asText().equals("parked-threads")) {
                parked += f.path("count").asInt();
            }
        }
        assertEquals(12 + 4, parked, "12 consumers on private queues and 4 workers of the dropped pool");
    }

    /** The sample was made by a JDK 17 with default options; its report sizes objects as that JVM did. */
    @Test
    void sampleDumpQuotesTheJvmsRealSizes() throws Exception {
        CliRun run = CliRun.of("analyze", SAMPLE.toString(), "-f", "json", "--index-dir", index.toString());
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode layout = root.path("dump").path("objectLayout");
        assertEquals("hotspot", layout.path("model").asText(), layout.toString());
        assertEquals(12, layout.path("headerBytes").asInt(), "compressed class pointers");
        assertEquals(4, layout.path("referenceBytes").asInt(), "compressed oops");
        assertEquals(16, layout.path("arrayHeaderBytes").asInt());
        assertTrue(layout.path("gapsExplained").asDouble() > 0.95, "a live dump is packed: " + layout);
        assertEquals(0, root.path("warnings").size(), root.path("warnings").toString());
        // 20 slices of 16 bytes, each the only holder of a byte[1048576]: 1,048,592 bytes with a 16-byte header
        // (MAT's model said 1,048,600), so each wastes exactly 1 MiB.
        assertEquals(20L << 20, finding(root, "retained-slice", "LeakyService.HEADERS").path("wastedBytes").asLong());
    }

    @Test
    void sampleDumpFailsACiGateAndRedacts() throws Exception {
        CliRun gate = CliRun.of("analyze", SAMPLE.toString(), "--fail-on", "high", "--redact", "--index-dir",
                index.toString());
        assertEquals(1, gate.exitCode(), gate.err());
        assertTrue(gate.out().contains("<redacted:"), gate.out());
        assertFalse(gate.out().contains("app.log"), "file paths from the dump are redacted");
        assertFalse(gate.out().contains("order-consumer"), "thread names from the dump are redacted");
        CliRun shown = CliRun.of("analyze", SAMPLE.toString(), "--index-dir", index.toString());
        assertTrue(shown.out().contains("app.log") && shown.out().contains("order-consumer"), shown.out());
    }

    /** The count of the finding of {@code detector} whose owner is {@code owner}. */
    private static int count(JsonNode root, String detector, String owner) {
        return finding(root, detector, owner).path("count").asInt();
    }

    private static JsonNode finding(JsonNode root, String detector, String owner) {
        for (JsonNode f : root.path("findings")) {
            if (f.path("detector").asText().equals(detector) && f.path("owner").asText().startsWith(owner)) {
                return f;
            }
        }
        throw new AssertionError("no " + detector + " finding owned by " + owner + " in " + root.path("findings"));
    }
}
