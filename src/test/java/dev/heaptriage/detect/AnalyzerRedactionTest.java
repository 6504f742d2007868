package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.report.ToolInfo;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analyzer registers every heap thread name a finding quotes, whichever detector forgot to (issue 10, item 9):
 * a detector here quotes the real dump's thread 'known-sleeper' in its summary, owner and evidence without
 * registering it, and {@code --redact} still removes it.
 */
class AnalyzerRedactionTest {
    /** Quotes a thread name everywhere and registers nothing. */
    static final class Careless implements Detector {
        @Override
        public DetectorInfo info() {
            return new DetectorInfo("careless", "Careless", Severity.LOW, "quotes thread names", "none", "test");
        }

        @Override
        public List<Finding> detect(HeapView heap, AppCode app) {
            String name = heap.threads().stream().map(t -> t.name()).filter(n -> n.equals("known-sleeper"))
                    .findFirst().orElseThrow();
            return List.of(Finding.builder("careless").fingerprint("x").title("stuck").count(1)
                    .summary("probably held by thread '" + name + "' (WAITING)")
                    .owner("local of thread '" + name + "' in Sleeper.run").build());
        }
    }

    @Test
    void quotedThreadNamesAreRedactedEvenWhenTheDetectorDidNotRegisterThem() {
        Report report = DetectorRuns.withHeap(KnownHeap.class, Jdks.current(), heap -> new Analyzer(
                List.of(new Careless()), id -> { }).analyze(heap, new ToolInfo("heaptriage", "test"), 0, List.of()));
        Finding f = report.findings().get(0);
        assertTrue(f.summary().contains("'known-sleeper'"), f.summary());
        assertTrue(f.sensitiveValues().contains("known-sleeper"), f.sensitiveValues().toString());
        Finding r = report.redacted().findings().get(0);
        String all = String.join("\n", r.texts());
        assertFalse(all.contains("known-sleeper"), all);
        assertTrue(r.summary().contains("'<redacted:13 chars>'"), r.summary());
    }
}
