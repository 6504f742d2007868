package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    }
}
