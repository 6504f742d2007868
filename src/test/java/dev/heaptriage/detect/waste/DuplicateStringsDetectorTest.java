package dev.heaptriage.detect.waste;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.ExploreSessionCache;
import dev.heaptriage.scenarios.WasteDuplicateStrings;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code duplicate-strings} on customers that each carry their own copy of a country name, and the interned near miss. */
class DuplicateStringsDetectorTest {
    private final DuplicateStringsDetector detector = new DuplicateStringsDetector();

    @Test
    void registeredAtInfo() {
        assertTrue(Detectors.ids().contains(DuplicateStringsDetector.ID));
        assertEquals(Severity.INFO, detector.info().defaultSeverity());
    }

    @Test
    void copiesOfTwoCountryNamesAreCountedWithTheirField() {
        check(Jdks.current());
        Jdks.jdk25().ifPresent(this::check);
    }

    private void check(Path jdk) {
        Report r = DetectorRuns.run(detector, WasteDuplicateStrings.class, jdk);
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertEquals("duplicate-strings/java.lang.String", r.findings().get(0).fingerprint());
        Finding f = r.findings().get(0);
        // 40,000 copies, plus the two constants themselves: 40,000 wasted String objects and byte arrays.
        assertTrue(f.count() >= WasteDuplicateStrings.CUSTOMERS && f.count() < WasteDuplicateStrings.CUSTOMERS + 200,
                "count " + f.count());
        assertEquals(WasteDuplicateStrings.class.getName() + "$Customer.country (field)", f.owner().shown());
        assertEquals(dev.heaptriage.text.DumpString.of(WasteDuplicateStrings.COUNTRY_A), f.evidence().get(0).attributes().get("value"));
        assertEquals(30_001L, f.evidence().get(0).attributes().get("copies"));
        assertEquals(dev.heaptriage.text.DumpString.of(WasteDuplicateStrings.COUNTRY_B), f.evidence().get(1).attributes().get("value"));
        assertEquals(10_001L, f.evidence().get(1).attributes().get("copies"));
        // Each copy wastes its String (24 bytes with compressed oops) and its byte[] (16 + 52 → 72 for COUNTRY_A).
        assertTrue(f.wastedBytes() > 30_000L * (24 + 72), "wasted " + f.wastedBytes());
        assertTrue(f.severity().compareTo(Severity.LOW) >= 0, "most of this small heap is copies: " + f.severity());
        assertTrue(f.breakdown().stream().anyMatch(b -> b.label().shown().equals("held by "
                + WasteDuplicateStrings.class.getName() + "$Customer.country") && b.count() >= 200), f.breakdown()
                .toString());
        Report redacted = r.redacted();
        assertTrue(!redacted.toString().contains(WasteDuplicateStrings.COUNTRY_A), "--redact removes the values");
    }

    @Test
    void internedNamesAndAnIdleHeapStaySilent() {
        Path interned = ScenarioDumps.dump(WasteDuplicateStrings.class, Jdks.current(), "interned");
        List<Finding> none = DetectorRuns.withHeap(interned, heap -> detector.detect(heap, AppCode.infer(heap)));
        assertEquals(List.of(), none, "one copy of each name: nothing to save");
        assertEquals(List.of(), DetectorRuns.findings(detector, ExploreSessionCache.class, Jdks.current()));
    }
}
