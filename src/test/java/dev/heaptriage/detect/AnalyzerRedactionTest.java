package dev.heaptriage.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.report.ToolInfo;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.text.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A detector cannot paste a dump string into a finding's words (issue 24, item 1): the heap hands the real dump's
 * thread 'known-sleeper' out as a dump string, a detector that concatenates it into a {@code String} gets a marker
 * instead of the name and its finding is refused (a detector error, nothing leaks), and one that builds its sentence
 * as a {@link Text} has the name removed by {@code --redact} while the JDK's own 'main' stays.
 */
class AnalyzerRedactionTest {
    private static HeapThread thread(HeapView heap, String name) {
        return heap.threads().stream().filter(t -> t.name().is(name)).findFirst().orElseThrow();
    }

    /** Concatenates a thread's name into a String, as the old sentences did. */
    static final class Careless implements Detector {
        @Override
        public DetectorInfo info() {
            return new DetectorInfo("careless", "Careless", Severity.LOW, "quotes thread names", "none", "test");
        }

        @Override
        public List<Finding> detect(HeapView heap, AppCode app) {
            return List.of(Finding.builder("careless").fingerprint("x").title("stuck").count(1)
                    .summary("probably held by thread '" + thread(heap, "known-sleeper").name() + "' (WAITING)")
                    .build());
        }
    }

    /** Builds its sentence from words and the dump string. */
    static final class Careful implements Detector {
        @Override
        public DetectorInfo info() {
            return new DetectorInfo("careful", "Careful", Severity.LOW, "quotes thread names", "none", "test");
        }

        @Override
        public List<Finding> detect(HeapView heap, AppCode app) {
            return List.of(Finding.builder("careful").fingerprint("x").title("stuck").count(1)
                    .summary(Text.concat("probably held by thread '", thread(heap, "known-sleeper").name(),
                            "' (WAITING), not by '", thread(heap, "main").name(), "'"))
                    .build());
        }
    }

    private static Report analyze(Detector d) {
        return DetectorRuns.withHeap(KnownHeap.class, Jdks.current(), heap -> new Analyzer(
                List.of(d), id -> { }).analyze(heap, new ToolInfo("heaptriage", "test"), 0, List.of()));
    }

    @Test
    void aDumpStringConcatenatedIntoWordsIsRefusedAndNeverShown() {
        Report report = analyze(new Careless());
        assertEquals(List.of(), report.findings());
        assertEquals(1, report.errors().size());
        String error = report.errors().get(0).message();
        assertTrue(error.contains("a dump string was pasted into words"), error);
        assertFalse(error.contains("known-sleeper"), error);
    }

    @Test
    void aTextKeepsTheDumpStringApartAndRedactionRemovesOnlyIt() {
        Report report = analyze(new Careful());
        Finding f = report.findings().get(0);
        assertEquals("probably held by thread 'known-sleeper' (WAITING), not by 'main'", f.summary().shown());
        Finding r = report.redacted().findings().get(0);
        assertEquals("probably held by thread '<redacted:13 chars>' (WAITING), not by 'main'", r.summary().shown());
    }
}
