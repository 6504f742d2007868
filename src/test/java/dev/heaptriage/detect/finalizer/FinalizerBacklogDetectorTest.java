package dev.heaptriage.detect.finalizer;

import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.detect.jdk.FinalizerCensus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.CleanerBlocked;
import dev.heaptriage.scenarios.CleanerCapturesReferent;
import dev.heaptriage.scenarios.FinalizerBlocked;
import dev.heaptriage.scenarios.FinalizerBlockedOnMonitor;
import dev.heaptriage.scenarios.FinalizerCycles;
import dev.heaptriage.scenarios.IdleLibraries;
import dev.heaptriage.scenarios.FinalizerDeadCycles;
import dev.heaptriage.scenarios.FinalizerInUse;
import dev.heaptriage.scenarios.FinalizerPendingAtLiveDump;
import dev.heaptriage.scenarios.FinalizerSlow;
import dev.heaptriage.scenarios.IdleJvm;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link FinalizerBacklogDetector} on real dumps of the Finalizer and Cleaner scenarios, made by the running JDK (17)
 * and by JDK 25 (ReferenceQueue sentinels and the Cleaner list differ between them). Leaks are asserted by fingerprint
 * and exact count; near-misses must produce nothing at {@code low} or above.
 */
class FinalizerBacklogDetectorTest {

    @Nested
    class RunningJdk extends Contract {
        @Override
        Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class Jdk25 extends Contract {
        @Override
        Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    abstract static class Contract {
        abstract Path javaHome();

        Report report(Class<?> scenario) {
            Assumptions.assumeTrue(javaHome() != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
            return DetectorRuns.run(new FinalizerBacklogDetector(), scenario, javaHome());
        }

        static Finding only(Report r, String fingerprint) {
            List<Finding> matching = r.findings().stream().filter(f -> f.fingerprint().equals(fingerprint)).toList();
            assertEquals(1, matching.size(), "one finding " + fingerprint + " among " + fingerprints(r));
            return matching.get(0);
        }

        static List<String> fingerprints(Report r) {
            return r.findings().stream().map(f -> f.severity() + " " + f.fingerprint() + " " + f.count()).toList();
        }

        static void assertSilent(Report r) {
            List<Finding> loud = r.findings().stream().filter(f -> f.severity().atLeast(Severity.LOW)).toList();
            assertTrue(loud.isEmpty(), "expected nothing at low or above, got " + fingerprints(r));
        }

        // ---- the blocked finalize(): exact count, culprit first -------------------------------------

        @Test
        void blockedFinalizerReportsExactQueueAndCulpritFirst() {
            Report r = report(FinalizerBlocked.class);
            Finding f = r.findings().get(0);
            assertEquals("finalizer-backlog/java.lang.ref.Finalizer/" + FinalizerBlocked.CULPRIT, f.fingerprint(),
                    "the stuck finalizer is the first finding: " + fingerprints(r));
            assertEquals(Severity.HIGH, f.severity());
            assertEquals(FinalizerBlocked.QUEUED, f.count());
            assertTrue(f.title().shown().startsWith("Finalizer thread stuck in FinalizerBlocked$Handle.finalize()"), f.title().shown());
            assertTrue(f.summary().shown().startsWith("The Finalizer thread is WAITING (stuck) in " + FinalizerBlocked.CULPRIT
                    + "(FinalizerBlocked.java:"), f.summary().shown());
            assertTrue(f.summary().shown().contains("parked on java.util.concurrent.locks.ReentrantLock$NonfairSync"),
                    f.summary().shown());
            assertTrue(f.summary().shown().contains("held by thread 'lock-holder'"), f.summary().shown());
            assertTrue(f.summary().shown().contains("20,000 queued for finalization, 0 pending"), f.summary().shown());
            assertTrue(f.summary().shown().contains("1 being finalized"), f.summary().shown());
            assertTrue(f.summary().dumpStrings().contains(dev.heaptriage.text.DumpString.of("lock-holder")), "the thread name is a dump string");

            Evidence thread = f.evidence().get(0);
            assertEquals("java.lang.ref.Finalizer$FinalizerThread", thread.className());
            assertEquals(FinalizerBlocked.CULPRIT, thread.attributes().get("in"));
            assertEquals(true, thread.attributes().get("stuck"));
            assertEquals("WAITING", thread.attributes().get("state"));
            assertEquals(dev.heaptriage.text.DumpString.of("lock-holder"), thread.attributes().get("lockOwner"));
            Evidence lock = f.evidence().get(1);
            assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync", lock.className());
            Evidence finalizing = f.evidence().get(2);
            assertEquals("dev.heaptriage.scenarios.FinalizerBlocked$Handle", finalizing.className());
            assertEquals("being finalized", finalizing.attributes().get("state"));
            assertEquals("queued for finalization", f.evidence().get(3).attributes().get("state"));

            assertEquals(1, f.breakdown().size(), f.breakdown().toString());
            assertTrue(f.breakdown().get(0).label().shown().startsWith("dev.heaptriage.scenarios.FinalizerBlocked$Handle ("),
                    f.breakdown().toString());
            assertEquals(FinalizerBlocked.QUEUED, f.breakdown().get(0).count());
            // Each handle keeps its payload array: the queue holds at least the payloads.
            long payloads = (long) FinalizerBlocked.QUEUED * FinalizerBlocked.PAYLOAD_BYTES;
            assertTrue(f.retainedBytes() > payloads && f.retainedBytes() < payloads * 3, "retained " + f.retainedBytes());
            assertEquals(1, r.findings().size(), fingerprints(r).toString());
        }

        @Test
        void finalizerBlockedOnAMonitorNamesTheMonitorAndItsLikelyOwner() {
            Report r = report(FinalizerBlockedOnMonitor.class);
            Finding f = only(r, "finalizer-backlog/java.lang.ref.Finalizer/" + FinalizerBlockedOnMonitor.CULPRIT);
            assertEquals(Severity.HIGH, f.severity(), "a stuck Finalizer thread is high whatever the queue");
            assertEquals(FinalizerBlockedOnMonitor.QUEUED, f.count());
            assertTrue(f.summary().shown().contains("is BLOCKED (stuck) in " + FinalizerBlockedOnMonitor.CULPRIT), f.summary().shown());
            assertTrue(f.summary().shown().contains("blocked entering the monitor of "
                    + "dev.heaptriage.scenarios.FinalizerBlockedOnMonitor$Registry"), f.summary().shown());
            assertTrue(f.summary().shown().contains("probably held by thread 'monitor-holder'"), f.summary().shown());
            assertEquals(dev.heaptriage.text.DumpString.of("monitor-holder"), f.evidence().get(0).attributes().get("likelyMonitorOwner"));
        }

        @Test
        void slowFinalizerIsNamedButNotCalledStuck() {
            Report r = report(FinalizerSlow.class);
            Finding f = only(r, "finalizer-backlog/java.lang.ref.Finalizer/" + FinalizerSlow.CULPRIT);
            // The scenario dumps once at least DROPPED - 50 are queued; the thread takes one every 200 ms.
            assertTrue(f.count() >= FinalizerSlow.DROPPED - 60 && f.count() < FinalizerSlow.DROPPED,
                    "queued " + f.count());
            assertEquals(Severity.MEDIUM, f.severity(), "1,000 to 10,000 queued behind a slow, not stuck, thread");
            assertTrue(f.title().shown().startsWith("Slow finalizer FinalizerSlow$SlowStream.finalize()"), f.title().shown());
            assertTrue(f.summary().shown().contains("TIMED_WAITING in " + FinalizerSlow.CULPRIT), f.summary().shown());
            assertTrue(f.summary().shown().contains("sleeping in Thread.sleep"), f.summary().shown());
            assertEquals(false, f.evidence().get(0).attributes().get("stuck"));
        }

        // ---- cycles and cleaners --------------------------------------------------------------------

        @Test
        void finalizableCyclesStillInUseAreNoBacklog() {
            assertSilent(report(FinalizerCycles.class));
        }

        @Test
        void droppedFinalizableCyclesAreCountedByMember() {
            Report r = report(FinalizerDeadCycles.class);
            Finding f = only(r, "finalizer-backlog/cycle/dev.heaptriage.scenarios.FinalizerCycles$Channel"
                    + "+dev.heaptriage.scenarios.FinalizerCycles$Session");
            assertEquals(FinalizerCycles.PAIRS * 2L, f.count(), "the loners are not in a cycle");
            assertEquals(Severity.LOW, f.severity());
            assertTrue(f.title().shown().equals("2,000 finalizable objects in 1,000 reference cycles"), f.title().shown());
            assertEquals(1, r.findings().size(), "no backlog: nothing is queued " + fingerprints(r));
        }

        @Test
        void cleaningActionThatCapturesItsReferentIsReported() {
            Report r = report(CleanerCapturesReferent.class);
            Finding f = only(r, "finalizer-backlog/cleaner-captures-referent/" + CleanerCapturesReferent.ACTION_OWNER
                    + "/" + CleanerCapturesReferent.ACTION_OWNER + "$$Lambda");
            assertEquals(CleanerCapturesReferent.CAPTURING, f.count(), "the Proper objects are not counted");
            assertEquals(Severity.MEDIUM, f.severity());
            assertEquals("field arg$1", f.evidence().get(0).attributes().get("capturedVia"));
            assertEquals(CleanerCapturesReferent.ACTION_OWNER, f.evidence().get(0).className());
            assertEquals(1, r.findings().size(), fingerprints(r).toString());
        }

        @Test
        void stuckCleanerThreadAndItsBacklog() {
            Report r = report(CleanerBlocked.class);
            Finding f = only(r, "finalizer-backlog/jdk.internal.ref.CleanerImpl/" + CleanerBlocked.CULPRIT);
            assertEquals(CleanerBlocked.QUEUED, f.count());
            assertEquals(Severity.HIGH, f.severity());
            assertTrue(f.summary().shown().startsWith("The cleaner thread 'Cleaner-0' is WAITING (stuck) in "
                    + CleanerBlocked.CULPRIT), f.summary().shown());
            assertTrue(f.breakdown().get(0).label().shown().startsWith("dev.heaptriage.scenarios.CleanerBlocked$Flush ("),
                    f.breakdown().toString());
            assertEquals(1, r.findings().size(), fingerprints(r).toString());
        }

        // ---- near-misses ----------------------------------------------------------------------------

        @Test
        void finalizableObjectsStillInUseAreSilent() {
            assertSilent(report(FinalizerInUse.class));
            FinalizerCensus census = DetectorRuns.withHeap(FinalizerInUse.class, javaHome(), FinalizerCensus::take);
            assertTrue(census.registered >= FinalizerInUse.IN_USE, "the near-miss has registered finalizers: "
                    + census.registered);
            assertEquals(0, census.queued);
        }

        @Test
        void objectsPendingAfterALiveDumpsOwnGcAreSilent() {
            assertSilent(report(FinalizerPendingAtLiveDump.class));
            FinalizerCensus census = DetectorRuns.withHeap(FinalizerPendingAtLiveDump.class, javaHome(),
                    FinalizerCensus::take);
            assertEquals(FinalizerPendingAtLiveDump.DROPPED, census.pending, "classified as pending");
            assertEquals(0, census.queued);
        }

        @Test
        void idleLibrariesAreSilent() {
            // Netty 4.2's default allocator has a finalize() and its objects reference each other: in use, no backlog.
            assertSilent(report(IdleLibraries.class));
        }

        @Test
        void idleJvmIsSilent() {
            Report r = report(IdleJvm.class);
            assertTrue(r.findings().isEmpty(), fingerprints(r).toString());
        }
    }

    @Test
    void aStuckThreadKeepsItsSeverityOnlyWithAQueueOrInApplicationCode() {
        assertEquals(Severity.HIGH, FinalizerBacklogDetector.backlogSeverity(1, true, true, false), "objects wait");
        assertEquals(Severity.HIGH, FinalizerBacklogDetector.backlogSeverity(0, true, true, true), "application code");
        assertEquals(Severity.LOW, FinalizerBacklogDetector.backlogSeverity(0, true, true, false),
                "a library's finalize() stuck with an empty queue");
        assertEquals(Severity.HIGH, FinalizerBacklogDetector.backlogSeverity(10_000, false, false, false));
        assertEquals(Severity.MEDIUM, FinalizerBacklogDetector.backlogSeverity(1_000, false, false, false));
        assertEquals(Severity.LOW, FinalizerBacklogDetector.backlogSeverity(100, true, false, false));
        assertEquals(null, FinalizerBacklogDetector.backlogSeverity(999, false, false, false), "idle thread, GC tail");
        assertEquals(null, FinalizerBacklogDetector.backlogSeverity(0, false, false, false));
    }

    @Test
    void registeredWithStableIdAndDescription() {
        DetectorInfo info = Detectors.byId("finalizer-backlog").orElseThrow().info();
        assertEquals("finalizer-backlog", info.id());
        assertTrue(info.description().contains("stuck"), info.description());
        assertFalse(info.remediation().isEmpty());
    }

    @Test
    void hiddenClassSuffixesNeverReachFingerprints() {
        assertEquals("a.B$$Lambda", dev.heaptriage.detect.jdk.JdkClasses.stableClassName("a.B$$Lambda$14+0x0000000801001234"));
        assertEquals("a.B$$Lambda", dev.heaptriage.detect.jdk.JdkClasses.stableClassName("a.B$$Lambda+0x000000003a040420"));
        assertEquals("a.B$C", dev.heaptriage.detect.jdk.JdkClasses.stableClassName("a.B$C"));
    }

    @Test
    void stronglyConnectedComponentsOfTwoOrMore() {
        var edges = new java.util.HashMap<Integer, int[]>();
        edges.put(1, new int[] {2});
        edges.put(2, new int[] {3});
        edges.put(3, new int[] {1, 4});
        edges.put(4, new int[] {5});
        edges.put(6, new int[] {6});
        List<int[]> components = FinalizableCycles.stronglyConnected(edges);
        assertEquals(1, components.size());
        assertEquals(List.of(1, 2, 3), java.util.Arrays.stream(components.get(0)).boxed().toList());
    }
}
