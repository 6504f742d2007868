package dev.heaptriage.detect.waste;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.ExploreSessionCache;
import dev.heaptriage.scenarios.WasteCollections;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code collection-waste}: emptied lists and boxed timestamps, and the right-sized near miss. */
class CollectionWasteDetectorTest {
    private static final String SCENARIO = WasteCollections.class.getName();
    private final CollectionWasteDetector detector = new CollectionWasteDetector();

    @Test
    void registeredAtInfo() {
        assertTrue(Detectors.ids().contains(CollectionWasteDetector.ID));
        assertEquals(Severity.INFO, detector.info().defaultSeverity());
    }

    @Test
    void emptiedListsAndBoxedTimestampsByTheirField() {
        List<Finding> findings = DetectorRuns.findings(detector, WasteCollections.class, Jdks.current());
        Finding empty = find(findings, "collection-waste/empty/" + SCENARIO + "$Order.tags");
        assertEquals(WasteCollections.ORDERS, empty.count());
        assertEquals(SCENARIO + "$Order.tags (field)", empty.owner().shown());
        // Each emptied list keeps its Object[10]: 16 + 10 * 4 = 56 bytes with compressed oops.
        assertEquals(WasteCollections.ORDERS * 56L, empty.wastedBytes());
        assertEquals("empty", empty.evidence().get(0).attributes().get("kind"));
        assertEquals(0L, empty.evidence().get(0).attributes().get("size"));
        assertEquals(10L, empty.evidence().get(0).attributes().get("capacity"));

        Finding boxed = find(findings, "collection-waste/boxed/" + SCENARIO + ".times");
        assertEquals(1, boxed.count());
        // A Long is 24 bytes (12-byte header, 8-byte value, aligned) and its reference 4; a long is 8: 20 saved each.
        assertEquals(WasteCollections.TIMESTAMPS * 20L, boxed.wastedBytes());
    }

    private static Finding find(List<Finding> findings, String fingerprint) {
        return findings.stream().filter(f -> f.fingerprint().equals(fingerprint)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + fingerprint + " in " + findings.stream()
                        .map(Finding::fingerprint).toList()));
    }

    @Test
    void rightSizedCollectionsAndAnIdleHeapStaySilent() {
        Path right = ScenarioDumps.dump(WasteCollections.class, Jdks.current(), "right-sized");
        List<Finding> none = DetectorRuns.withHeap(right, heap -> detector.detect(heap, AppCode.infer(heap)));
        assertEquals(List.of(), none, "lists made for their two tags and a long[] waste nothing worth a finding");
        assertEquals(List.of(), DetectorRuns.findings(detector, ExploreSessionCache.class, Jdks.current()));
    }
}
