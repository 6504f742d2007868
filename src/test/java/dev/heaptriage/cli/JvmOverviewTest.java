package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.ExploreSessionCache;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM overview (README "The JSON report", {@code dump.jvm}) in every report format and in {@code top}. */
class JvmOverviewTest {
    @TempDir
    Path work;

    @Test
    void theReportSaysWhichJvmMadeTheDumpAndRedactsItsStrings() throws Exception {
        Path dump = ScenarioDumps.dump(ExploreSessionCache.class);
        String idx = work.resolve("idx").toString();
        CliRun json = CliRun.of("analyze", dump.toString(), "-q", "-f", "json", "--index-dir", idx);
        assertEquals(0, json.exitCode(), json.err());
        JsonNode jvm = new ObjectMapper().readTree(json.out()).path("dump").path("jvm");
        String release = Files.readAllLines(Jdks.current().resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION=")).findFirst().orElseThrow()
                .replaceAll("JAVA_RUNTIME_VERSION=\"?([^\"]*)\"?", "$1");
        assertEquals(release, jvm.path("version").asText(), jvm.toString());
        assertEquals(release, jvm.path("systemProperties").path("java.runtime.version").asText());
        assertTrue(jvm.path("command").asText().startsWith(ExploreSessionCache.class.getName() + " "),
                jvm.path("command").asText());
        int threads = 0;
        for (JsonNode n : jvm.path("threadsByState")) {
            threads += n.asInt();
        }
        assertEquals(new ObjectMapper().readTree(json.out()).path("dump").path("threads").asInt(), threads);
        assertTrue(jvm.path("threadsByState").path("RUNNABLE").asInt() >= 1);
        assertTrue(jvm.path("classLoaders").asInt() >= 2, "the bootstrap and the application's loader");
        assertTrue(jvm.path("uptimeMillis").isNull(), "HPROF records no uptime");

        String command = jvm.path("command").asText();
        for (String format : new String[] {"text", "markdown", "html"}) {
            CliRun shown = CliRun.of("analyze", dump.toString(), "-q", "-f", format, "--index-dir", idx);
            assertTrue(shown.out().contains("JVM " + release), format + ":\n" + shown.out());
            CliRun redacted = CliRun.of("analyze", dump.toString(), "-q", "-f", format, "--redact", "--index-dir", idx);
            assertFalse(redacted.out().contains(command), format + " under --redact");
            assertTrue(redacted.out().contains("redacted:" + command.length() + " chars"),
                    format + " under --redact:\n" + redacted.out());
        }
        CliRun redactedJson = CliRun.of("analyze", dump.toString(), "-q", "-f", "json", "--redact", "--index-dir", idx);
        assertFalse(redactedJson.out().contains(ExploreSessionCache.class.getName() + " "), redactedJson.out());
        JsonNode props = new ObjectMapper().readTree(redactedJson.out()).path("dump").path("jvm").path("systemProperties");
        assertTrue(props.size() > 20, props.toString());
        props.forEach(v -> assertTrue(v.asText().startsWith("<redacted:"), "no property value is left: " + v));

        CliRun top = CliRun.of("top", dump.toString(), "-q", "--index-dir", idx, "--top", "1");
        assertTrue(top.out().lines().skip(1).findFirst().orElse("").startsWith("JVM " + release), top.out());
        CliRun topRedacted = CliRun.of("top", dump.toString(), "-q", "--index-dir", idx, "--top", "1", "--redact");
        assertFalse(topRedacted.out().contains(command), topRedacted.out());
    }
}
