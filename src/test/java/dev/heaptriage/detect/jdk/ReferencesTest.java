package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.CleanerBlocked;
import dev.heaptriage.scenarios.FinalizerBlocked;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FinalizerCensus} and {@link CleanerCensus} on real dumps made by JDK 17 and 25 (the cleaner's list changed
 * shape in 25, the "no queue" sentinel was renamed).
 */
class ReferencesTest {

    static List<Path> jdks() {
        List<Path> out = new ArrayList<>();
        out.add(Jdks.current());
        Jdks.jdk25().ifPresent(out::add);
        return out;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void finalizerQueueBehindABlockedFinalizer(Path jdk) {
        FinalizerCensus c = DetectorRuns.withHeap(FinalizerBlocked.class, jdk, FinalizerCensus::take);
        assertNotNull(c);
        assertEquals(FinalizerBlocked.QUEUED, c.queued);
        assertEquals(1, c.finalizing, "the one being finalized");
        assertTrue(c.finalizingReferent >= 0);
        assertEquals(FinalizerCensus.EXAMPLES, c.queuedExamples.size());
        assertEquals(FinalizerBlocked.QUEUED, c.queuedByClass.values().stream().mapToLong(v -> v[0]).max()
                .orElse(0));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void cleanerBacklogAndItsThread(Path jdk) {
        Assumptions.assumeTrue(jdk != null);
        int[] registered = new int[1];
        CleanerCensus c = DetectorRuns.withHeap(CleanerBlocked.class, jdk,
                heap -> CleanerCensus.take(heap, (cleanable, referent, action) -> registered[0]++));
        CleanerCensus.Cleaner blocked = c.cleaners.stream().filter(x -> x.backlog() >= CleanerBlocked.QUEUED)
                .findFirst().orElseThrow(() -> new AssertionError("no cleaner with the backlog"));
        assertEquals(CleanerBlocked.QUEUED, blocked.backlog());
        assertNotNull(blocked.thread, "the thread in CleanerImpl.run is found from its frame local");
        int perCleaner = c.cleaners.stream().mapToInt(x -> x.registered).sum();
        assertEquals(perCleaner, registered[0], "every registered cleanable is visited once");
    }
}
