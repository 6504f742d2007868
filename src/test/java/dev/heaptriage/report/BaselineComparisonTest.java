package dev.heaptriage.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap-free comparison with a baseline, and reading a baseline file. */
class BaselineComparisonTest {
    private static final ToolInfo TOOL = new ToolInfo("heaptriage", "test");

    private static Finding finding(String detector, String key, Severity severity, long count, long bytes) {
        return Finding.builder(detector).fingerprint(key).severity(severity).title(key).count(count)
                .retainedBytes(bytes).build();
    }

    private static BaselineFinding was(String detector, String key, Severity severity, long count, long bytes) {
        return new BaselineFinding(detector, detector + "/" + key, severity, key, count, bytes);
    }

    private static BaselineReport baseline(BaselineFinding... findings) {
        return new BaselineReport("base.json", "0.1.0", "2026-11-01T00:00:00Z", "/d/old.hprof", List.of(findings));
    }

    private static Finding only(Report r, String fingerprint) {
        return r.findings().stream().filter(f -> f.fingerprint().equals(fingerprint)).findFirst().orElseThrow();
    }

    @Test
    void newPersistingAndResolved() {
        Report now = Report.of(TOOL, null, List.of(finding("unclosed-fd", "a", Severity.HIGH, 120, 9_000),
                finding("unclosed-fd", "b", Severity.MEDIUM, 5, 100)), List.of(), List.of(), null);
        Report r = BaselineComparison.compare(now, baseline(was("unclosed-fd", "a", Severity.HIGH, 100, 10_000),
                was("unclosed-fd", "gone", Severity.LOW, 3, 30)), 100);
        Finding a = only(r, "unclosed-fd/a");
        assertEquals(BaselineStatus.PERSISTING, a.baselineStatus());
        assertEquals(20, a.countDelta());
        assertEquals(-1_000, a.bytesDelta());
        assertFalse(a.grown());
        Finding b = only(r, "unclosed-fd/b");
        assertEquals(BaselineStatus.NEW, b.baselineStatus());
        assertNull(b.countDelta());
        assertEquals(List.of("unclosed-fd/gone"), r.resolved().stream().map(BaselineFinding::fingerprint).toList());
        assertEquals(new Baseline("base.json", "2026-11-01T00:00:00Z", "/d/old.hprof"), r.baseline());
    }

    @Test
    void growthThresholdIsInclusiveAndCoversCountOrBytes() {
        assertTrue(BaselineComparison.grew(100, 200, 100), "exactly twice is grown");
        assertFalse(BaselineComparison.grew(100, 199, 100));
        assertTrue(BaselineComparison.grew(100, 101, 0), "0% means any growth");
        assertFalse(BaselineComparison.grew(100, 100, 0), "no growth is not growth");
        assertFalse(BaselineComparison.grew(100, 50, 0), "shrinking is not growth");
        assertTrue(BaselineComparison.grew(0, 1, 100), "from nothing to something");
        assertTrue(BaselineComparison.grew(100, 150, 50));
        assertTrue(BaselineComparison.grew(Long.MAX_VALUE / 2, Long.MAX_VALUE, 100), "no overflow");

        Report now = Report.of(TOOL, null, List.of(finding("d", "bytes", Severity.HIGH, 10, 2_000),
                finding("d", "count", Severity.HIGH, 20, 1_000)), List.of(), List.of(), null);
        Report r = BaselineComparison.compare(now, baseline(was("d", "bytes", Severity.HIGH, 10, 1_000),
                was("d", "count", Severity.HIGH, 10, 1_000)), 100);
        assertTrue(only(r, "d/bytes").grown(), "bytes doubled");
        assertTrue(only(r, "d/count").grown(), "count doubled");
        assertThrows(IllegalArgumentException.class, () -> BaselineComparison.compare(now, baseline(), -1));
    }

    @Test
    void theGateCountsNewAndGrownFindingsOnly() {
        Report now = Report.of(TOOL, null, List.of(finding("d", "steady", Severity.CRITICAL, 10, 10),
                finding("d", "grown", Severity.MEDIUM, 30, 10), finding("d", "fresh", Severity.LOW, 1, 1)),
                List.of(), List.of(), null);
        assertTrue(now.failsGate(Severity.CRITICAL), "without a baseline every finding counts");
        Report r = BaselineComparison.compare(now, baseline(was("d", "steady", Severity.CRITICAL, 10, 10),
                was("d", "grown", Severity.MEDIUM, 10, 10)), 100);
        assertFalse(r.failsGate(Severity.HIGH), "the critical one is known and steady");
        assertTrue(r.failsGate(Severity.MEDIUM), "the medium one tripled");
        assertTrue(r.failsGate(Severity.LOW));
        Report lenient = BaselineComparison.compare(now, baseline(was("d", "steady", Severity.CRITICAL, 10, 10),
                was("d", "grown", Severity.MEDIUM, 10, 10)), 500);
        assertFalse(lenient.failsGate(Severity.MEDIUM), "tripled is below +500%");
        assertTrue(lenient.failsGate(Severity.LOW), "the new one still counts");
        assertFalse(r.failsGate(null));
    }

    @Test
    void onlyDetectorsThatRanResolveTheirFindings() {
        Report now = Report.of(TOOL, null, List.of(), List.of(new DetectorError("parked-threads", "boom")),
                List.of(), null).withDetectors(List.of(
                new DetectorDescriptor("unclosed-fd", "", Severity.HIGH, "", ""),
                new DetectorDescriptor("parked-threads", "", Severity.HIGH, "", "")));
        Report r = BaselineComparison.compare(now, baseline(was("unclosed-fd", "a", Severity.HIGH, 1, 1),
                was("parked-threads", "b", Severity.HIGH, 1, 1), was("retained-slice", "c", Severity.HIGH, 1, 1)),
                100);
        // retained-slice did not run (--skip) and parked-threads failed: neither says its finding is gone.
        assertEquals(List.of("unclosed-fd/a"), r.resolved().stream().map(BaselineFinding::fingerprint).toList());
    }

    @Test
    void redactionReplacesResolvedTitlesWhole() {
        Report r = BaselineComparison.compare(Report.of(TOOL, null, List.of(), List.of(), List.of(), null),
                baseline(was("unclosed-fd", "/srv/secret.log", Severity.HIGH, 1, 1)), 100).redacted();
        assertEquals("<redacted:15 chars>", r.resolved().get(0).title());
    }

    @Test
    void readsOnlyHeaptriageReportsOfThisSchema() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String ok = "{\"schemaVersion\":1,\"tool\":{\"name\":\"heaptriage\",\"version\":\"0.1.0\"},"
                + "\"dump\":{\"path\":\"a.hprof\",\"createdAt\":\"2026-01-01T00:00:00Z\"},"
                + "\"findings\":[{\"detector\":\"unclosed-fd\",\"fingerprint\":\"unclosed-fd/x\",\"severity\":\"high\","
                + "\"title\":\"t\",\"count\":3,\"retainedBytes\":40}]}";
        BaselineReport b = BaselineReport.read("b.json", json.readTree(ok));
        assertEquals(List.of(new BaselineFinding("unclosed-fd", "unclosed-fd/x", Severity.HIGH, "t", 3, 40)),
                b.findings());
        assertEquals("a.hprof", b.dumpPath());

        String schema2 = ok.replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        var e = assertThrows(BaselineReport.Refused.class, () -> BaselineReport.read("b.json", json.readTree(schema2)));
        assertTrue(e.getMessage().contains("schemaVersion 2") && e.getMessage().contains("schemaVersion 1"),
                e.getMessage());
        String other = ok.replace("\"name\":\"heaptriage\"", "\"name\":\"eclipse-mat\"");
        e = assertThrows(BaselineReport.Refused.class, () -> BaselineReport.read("b.json", json.readTree(other)));
        assertTrue(e.getMessage().contains("written by 'eclipse-mat'"), e.getMessage());
        e = assertThrows(BaselineReport.Refused.class, () -> BaselineReport.read("b.sarif",
                json.readTree("{\"version\":\"2.1.0\",\"runs\":[]}")));
        assertTrue(e.getMessage().contains("SARIF"), e.getMessage());
        e = assertThrows(BaselineReport.Refused.class, () -> BaselineReport.read("b.json", json.readTree("[1]")));
        assertTrue(e.getMessage().contains("expected a JSON object, found array"), e.getMessage());
        String badSeverity = ok.replace("\"severity\":\"high\"", "\"severity\":\"dire\"");
        e = assertThrows(BaselineReport.Refused.class, () -> BaselineReport.read("b.json",
                json.readTree(badSeverity)));
        assertTrue(e.getMessage().contains("finding 0"), e.getMessage());
    }
}
