package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MAT's progress events, as haha 1.3 sends them, become phases and fractions of the whole load. */
class MatProgressTest {
    private static final class Recorder implements LoadProgress {
        final List<String> phases = new ArrayList<>();
        final List<double[]> fractions = new ArrayList<>();

        @Override
        public void accept(String s) {
            phases.add(s);
        }

        @Override
        public void fraction(double phase, double overall) {
            fractions.add(new double[] {phase, overall});
        }
    }

    @Test
    void phasesInOrderAndAnOverallFractionThatOnlyGrows() {
        Recorder r = new Recorder();
        MatProgress p = new MatProgress(r);
        // The sequence the loader sees (names as MAT sends them, a small dump).
        p.beginTask("Parsing heaptriage-work.hprof", 3000);
        p.beginTask("Parsing /tmp/x/heaptriage-work.hprof", 2000);
        p.subTask("Scanning /tmp/x/heaptriage-work.hprof");
        for (int i = 0; i < 50; i++) {
            p.worked(10);
        }
        assertEquals(1.0, p.phaseFraction(), 1e-9, "pass 1 ends at 500 units");
        p.subTask("Extracting objects from /tmp/x/heaptriage-work.hprof");
        for (int i = 0; i < 75; i++) {
            p.worked(20);
        }
        assertEquals(1.0, p.phaseFraction(), 1e-9, "pass 2 ends at 2,000 units");
        for (String step : new String[] {"SearchingForUnreachableObjects", "ReIndexingObjects", "ReIndexingClasses",
                "Writing", "Writing", "ReIndexingOutboundIndex", "Writing"}) {
            p.subTask("GarbageCleaner_" + step);
            p.worked(1);
        }
        assertEquals(-1, p.phaseFraction(), "the garbage cleaner reports steps, not units");
        p.subTask("Writing /tmp/x/heaptriage-work.o2hprof.index");
        p.beginTask("DominatorTree_CalculatingDominatorTree", 1200);
        p.subTask("DominatorTree_DepthFirstSearch");
        p.worked(600);
        assertEquals(0.5, p.phaseFraction(), 1e-9);
        p.worked(600);

        assertEquals(List.of(MatProgress.Phase.PASS1.label, MatProgress.Phase.PASS2.label,
                MatProgress.Phase.GARBAGE.label, MatProgress.Phase.WRITING.label,
                MatProgress.Phase.DOMINATORS.label), r.phases);
        double last = 0;
        for (double[] f : r.fractions) {
            assertTrue(f[1] >= last - 1e-9, "overall never goes back: " + f[1] + " after " + last);
            last = f[1];
        }
        assertEquals(1.0, last, 1e-9, "all of the load is done at the end");
        double weights = 0;
        for (MatProgress.Phase ph : MatProgress.Phase.values()) {
            weights += ph.weight;
        }
        assertEquals(1.0, weights, 1e-9, "the phases' shares add up to the whole load");
    }

    @Test
    void aPlainConsumerGetsPhasesOnly() {
        List<String> phases = new ArrayList<>();
        MatProgress p = new MatProgress(phases::add);
        p.subTask("Scanning x");
        p.worked(100);
        p.subTask("Scanning x");
        assertEquals(List.of(MatProgress.Phase.PASS1.label), phases, "each phase once");
    }
}
