package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.testing.CiConsumers;
import dev.heaptriage.testing.SarifSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample dump's SARIF and JUnit reports, checked by the consumers CI pipelines feed them to: GitHub code
 * scanning's ingestion rules (sarif-multitool) and the official SARIF schema; a JUnit reader (junitparser) that must
 * find one result at most per test case and no more failures than tests.
 */
class CiFormatsTest {
    @TempDir
    Path work;

    @Test
    void sampleSarifPassesGithubRulesAndTheSchema() throws Exception {
        Path sarif = work.resolve("heaptriage.sarif");
        CliRun r = CliRun.of("analyze", SampleDumpTest.SAMPLE.toString(), "--index-dir", work.toString(), "-q",
                "-f", "sarif", "-o", sarif.toString(), "--source-root", "src/main/java");
        assertEquals(0, r.exitCode(), r.err());
        String text = Files.readString(sarif);
        assertEquals(java.util.List.of(), SarifSchema.violations(text), "the official SARIF 2.1.0 schema");
        var results = dev.heaptriage.render.JsonRenderer.mapper().readTree(text).path("runs").get(0).path("results");
        assertTrue(results.size() >= 5, "the sample has findings: " + results.size());
        for (var result : results) {
            assertEquals(1, result.path("locations").size(), "a location in every result: " + result);
        }
        String multitool = CiConsumers.sarifMultitool().orElse(null);
        Assumptions.assumeTrue(multitool != null, "needs sarif-multitool (npm @microsoft/sarif-multitool; .ci/run "
                + "installs it) for GitHub's ingestion rules");
        assertEquals(java.util.List.of(), CiConsumers.multitoolProblems(multitool, sarif),
                "sarif-multitool validate --rule-kind Gh, and its SARIF rules");
    }

    @Test
    void sampleJunitParsesWithOneResultPerTestCase() throws Exception {
        Path xml = work.resolve("heaptriage-junit.xml");
        CliRun r = CliRun.of("analyze", SampleDumpTest.SAMPLE.toString(), "--index-dir", work.toString(), "-q",
                "-f", "junit", "-o", xml.toString(), "--fail-on", "medium");
        assertEquals(1, r.exitCode(), "the sample has findings at medium and above: " + r.err());
        String python = CiConsumers.pythonWithJunitparser().orElse(null);
        Assumptions.assumeTrue(python != null, "needs Python's junitparser (Debian python3-junitparser; .ci/run "
                + "installs it)");
        CiConsumers.JunitSummary s = CiConsumers.junitparser(python, xml);
        assertTrue(s.tests() >= s.failures() + s.errors(), "tests ≥ failures: " + s);
        assertEquals(s.tests(), s.cases(), "tests counts the test cases: " + s);
        assertTrue(s.maxResultsPerCase() <= 1, "at most one failure per test case: " + s);
        assertTrue(s.failures() >= 4, "the sample's medium-and-above findings fail: " + s);
    }
}
