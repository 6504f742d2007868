package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.report.ToolInfo;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analyzer's contract around detectors, on a real dump: failures become errors, fingerprints stay unique. */
class AnalyzerTest {
    /** Emits two findings with one fingerprint, then a third. */
    static final class Twins implements Detector {
        @Override
        public DetectorInfo info() {
            return new DetectorInfo("twins", "twins", Severity.LOW, "test", "test", "test");
        }

        @Override
        public List<Finding> detect(HeapView heap, AppCode app) {
            Finding f = Finding.builder("twins").fingerprint("same").title("t").count(1).build();
            return List.of(f, f, Finding.builder("twins").fingerprint("other").title("t").count(1).build());
        }
    }

    static final class Broken implements Detector {
        @Override
        public DetectorInfo info() {
            return new DetectorInfo("broken", "broken", Severity.LOW, "test", "test", "test");
        }

        @Override
        public List<Finding> detect(HeapView heap, AppCode app) {
            return List.of(Finding.builder("broken").fingerprint("x").title("t")
                    .count(heap.classes("no.such.Class").get(0).instanceCount()).build());
        }
    }

    @Test
    void repeatedFingerprintsGetAnOrdinal() {
        Report r = DetectorRuns.run(new Twins(), KnownHeap.class);
        assertEquals(List.of("twins/other", "twins/same", "twins/same#2"),
                r.findings().stream().map(Finding::fingerprint).sorted().toList());
    }

    @Test
    void aFailingDetectorBecomesAnErrorAndTheReportStillComes() {
        Report r = DetectorRuns.withHeap(KnownHeap.class, Jdks.current(), heap -> new Analyzer(List.of(new Broken()),
                id -> { }).analyze(heap, new ToolInfo("heaptriage", "test"), 0, List.of()));
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertEquals("broken", r.errors().get(0).detector());
        String message = r.errors().get(0).message();
        assertTrue(message.contains("IndexOutOfBoundsException") && message.contains("AnalyzerTest$Broken.detect"),
                message);
        assertTrue(r.findings().isEmpty());
    }
}
