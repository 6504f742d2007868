package dev.heaptriage.detect.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heaptriage.detect.Detectors;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.render.Renderers;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.IdleJvm;
import dev.heaptriage.scenarios.ParkedLatchWaiters;
import dev.heaptriage.scenarios.ParkedLeakedPools;
import dev.heaptriage.scenarios.ParkedPrivateQueues;
import dev.heaptriage.scenarios.ParkedPrivateSynchronizers;
import dev.heaptriage.scenarios.ParkedQueuesWithLiveProducer;
import dev.heaptriage.scenarios.ParkedReferencedPools;
import dev.heaptriage.scenarios.ParkedReferencedTimer;
import dev.heaptriage.scenarios.ParkedUnreferencedTimers;
import dev.heaptriage.scenarios.ParkedVirtualThreads;
import dev.heaptriage.scenarios.ParkedVirtualThreadsWithLiveProducer;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code parked-threads} on real dumps from the {@code Parked*} scenarios, made by the JDK running the tests (17)
 * and by a JDK 25 (skipped only when the machine has none). Each positive scenario must give exactly the groups it
 * builds, with the right count and blocker kind; each near-miss must be silent at {@code low} and above; an idle JVM
 * must give nothing at all.
 */
class ParkedThreadsDetectorTest {

    private static final ParkedThreadsDetector DETECTOR = new ParkedThreadsDetector();

    /** The assertions every JDK must pass. */
    abstract static class OnEveryJdk {
        abstract Path jdk();

        Report run(Class<?> scenario) {
            return DetectorRuns.run(DETECTOR, scenario, jdk());
        }

        @Test
        void consumersOfPrivateSynchronousAndLinkedBlockingQueues() {
            Report r = run(ParkedPrivateQueues.class);
            assertEquals(Map.of("SynchronousQueue", (long) ParkedPrivateQueues.SYNC_CONSUMERS,
                    "LinkedBlockingQueue", (long) ParkedPrivateQueues.LBQ_CONSUMERS), countsByBlocker(r));
            Finding sync = byBlocker(r, "SynchronousQueue");
            assertEquals(Severity.MEDIUM, sync.severity(), "12 threads: at least 10 is medium");
            assertEquals(ParkedPrivateQueues.SYNC_CONSUMERS, sync.evidence().size(), "one evidence per queue");
            assertTrue(sync.fingerprint().startsWith("parked-threads/synchronizer/SynchronousQueue/"),
                    sync.fingerprint());
            assertTrue(sync.owner().shown().startsWith("dev.heaptriage.scenarios.ParkedPrivateQueues$Consumer.queue"),
                    sync.owner().shown());
            Finding lbq = byBlocker(r, "LinkedBlockingQueue");
            assertEquals(Severity.LOW, lbq.severity());
            assertEquals(1, lbq.evidence().size(), "the four consumers share one queue");
            assertEquals(4, lbq.evidence().get(0).attributes().get("waitingThreads"));
            assertTrue(sync.retainedBytes() >= ParkedPrivateQueues.SYNC_CONSUMERS * 2048L,
                    "each consumer pins its 2 KiB scratch array: " + sync.retainedBytes());
        }

        @Test
        void latchWaiters() {
            Report r = run(ParkedLatchWaiters.class);
            assertEquals(Map.of("CountDownLatch", (long) ParkedLatchWaiters.WAITERS), countsByBlocker(r));
            assertEquals(Severity.MEDIUM, r.findings().get(0).severity());
            assertEquals("10 threads parked forever on CountDownLatches nobody else can reach",
                    r.findings().get(0).title().shown());
        }

        @Test
        void everyOtherBlockerKind() {
            Report r = run(ParkedPrivateSynchronizers.class);
            Map<String, Long> expected = new TreeMap<>();
            long two = ParkedPrivateSynchronizers.PER_KIND;
            for (String kind : List.of("ArrayBlockingQueue", "LinkedTransferQueue", "CyclicBarrier", "Semaphore",
                    "CompletableFuture", "FutureTask")) {
                expected.put(kind, two);
            }
            expected.put("Exchanger", (long) ParkedPrivateSynchronizers.EXCHANGERS);
            expected.put("monitor", (long) ParkedPrivateSynchronizers.MONITOR_WAITERS);
            assertEquals(expected, countsByBlocker(r));
            assertEquals(1, byBlocker(r, "CyclicBarrier").evidence().size(), "both parties wait on one barrier");
            assertTrue(byBlocker(r, "monitor").owner().shown().startsWith(
                    "dev.heaptriage.scenarios.ParkedPrivateSynchronizers$MonitorWaiter.lock"),
                    byBlocker(r, "monitor").owner().shown());
            for (Finding f : r.findings()) {
                assertEquals(Severity.LOW, f.severity(), f.title().shown());
            }
        }

        @Test
        void leakedFixedScheduledAndForkJoinPools() {
            Report r = run(ParkedLeakedPools.class);
            assertEquals(Map.of(
                    "ThreadPoolExecutor", (long) ParkedLeakedPools.FIXED_POOLS * ParkedLeakedPools.FIXED_THREADS,
                    "ScheduledThreadPoolExecutor",
                    (long) ParkedLeakedPools.SCHEDULED_POOLS * ParkedLeakedPools.SCHEDULED_THREADS,
                    "ForkJoinPool", (long) ParkedLeakedPools.FORK_JOIN_THREADS), countsByBlocker(r));
            Finding fixed = byBlocker(r, "ThreadPoolExecutor");
            assertEquals(ParkedLeakedPools.FIXED_POOLS, fixed.evidence().size(), "one evidence per pool");
            assertEquals("6 workers of 2 unreferenced ThreadPoolExecutors wait forever", fixed.title().shown());
            assertEquals("dev.heaptriage.scenarios.ParkedLeakedPools$ReportWorkerFactory", fixed.owner().shown(),
                    "the factory class reveals who made the pool");
            assertEquals("parked-threads/pool/ThreadPoolExecutor/dev.heaptriage.scenarios.ParkedLeakedPools"
                    + "$ReportWorkerFactory", fixed.fingerprint());
            Finding scheduled = byBlocker(r, "ScheduledThreadPoolExecutor");
            assertEquals("dev.heaptriage.scenarios.ParkedLeakedPools$Heartbeat", scheduled.owner().shown(),
                    "a lambda factory says little; the periodic task class says who scheduled it");
            assertEquals(ParkedLeakedPools.SCHEDULED_POOLS, scheduled.evidence().size());
            assertEquals("dev.heaptriage.scenarios.ParkedLeakedPools$IndexWorkerFactory",
                    byBlocker(r, "ForkJoinPool").owner().shown());
        }

        @Test
        void unreferencedTimersWithPeriodicTasks() {
            Report r = run(ParkedUnreferencedTimers.class);
            assertEquals(Map.of("Timer", (long) ParkedUnreferencedTimers.TIMERS), countsByBlocker(r));
            Finding f = r.findings().get(0);
            assertEquals("dev.heaptriage.scenarios.ParkedUnreferencedTimers$Poll", f.owner().shown());
            assertEquals(1, f.evidence().get(0).attributes().get("periodicTasks"));
        }

        @Test
        void consumersAndWaitersWithALiveProducerAreSilent() {
            assertSilent(run(ParkedQueuesWithLiveProducer.class));
        }

        @Test
        void referencedPoolsAreSilent() {
            assertSilent(run(ParkedReferencedPools.class));
        }

        @Test
        void referencedTimersAreSilent() {
            assertSilent(run(ParkedReferencedTimer.class));
        }

        @Test
        void idleJvmGivesNothingAtAll() {
            assertEquals(List.of(), run(IdleJvm.class).findings());
        }

        @Test
        void textReportShowsTheSharedStackOneFramePerLine() throws IOException {
            Report r = run(ParkedPrivateQueues.class).atLeast(Severity.MEDIUM);
            String text = render(r);
            List<String> lines = text.lines().map(String::strip).toList();
            int at = lines.indexOf("shared stack:");
            assertTrue(at > 0, text);
            assertTrue(lines.get(at + 1).startsWith("at java.util.concurrent.SynchronousQueue.take("), text);
            assertTrue(lines.get(at + 2).startsWith(
                    "at dev.heaptriage.scenarios.ParkedPrivateQueues$Consumer.run(ParkedPrivateQueues.java:"), text);
            assertTrue(lines.get(at + 3).startsWith("at java.lang.Thread.run"), text);
            assertTrue(text.contains("sync-consumer-* ×12"), "example thread names, folded: " + text);
        }

        @Test
        void redactionRemovesThreadNamesAndFingerprintsHoldNoDumpData() throws IOException {
            Report r = run(ParkedPrivateQueues.class);
            String text = render(r.redacted());
            assertFalse(text.contains("sync-consumer"), text);
            assertFalse(text.contains("lbq-consumer"), text);
            for (Finding f : r.findings()) {
                assertFalse(f.fingerprint().contains("0x"), f.fingerprint());
                assertFalse(f.fingerprint().contains("consumer-"), f.fingerprint());
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnRunningJdk extends OnEveryJdk {
        @Override
        Path jdk() {
            return Jdks.current();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnJdk25 extends OnEveryJdk {
        @BeforeAll
        void needsJdk25() {
            assumeTrue(Jdks.jdk25().isPresent(), "no JDK 25 on this machine (set HEAPTRIAGE_JDK25)");
        }

        @Override
        Path jdk() {
            return Jdks.jdk25().orElseThrow();
        }

        @Test
        void aThousandParkedVirtualThreadsAreOneGroup() {
            Report r = run(ParkedVirtualThreads.class);
            assertEquals(Map.of("SynchronousQueue", (long) ParkedVirtualThreads.THREADS), countsByBlocker(r));
            Finding f = r.findings().get(0);
            assertEquals(Severity.HIGH, f.severity(), "a thousand threads is high");
            assertTrue(f.title().shown().startsWith("1,000 virtual threads parked forever on SynchronousQueues"), f.title().shown());
            assertTrue(f.fingerprint().contains("/virtual/"), f.fingerprint());
            assertEquals(Evidences.COLLECT_LIMIT, f.evidence().size(), "evidence is capped, count is not");
        }

        @Test
        void virtualThreadsWithALiveProducerAreSilent() {
            assertSilent(run(ParkedVirtualThreadsWithLiveProducer.class));
        }
    }

    /** The walk the verdict rests on: without the consumers, their private queues are out of reach. */
    @Test
    void walkWithoutTheWaitingThreadsDoesNotReachTheirPrivateQueues() {
        int[] counts = DetectorRuns.withHeap(ParkedPrivateQueues.class, Jdks.current(), (HeapView heap) -> {
            BitSet consumers = new BitSet();
            int queue = -1;
            for (HeapThread t : heap.threads()) {
                if (t.name().startsWith("sync-consumer-")) {
                    consumers.set(t.objectId());
                    for (var frame : t.frames()) {
                        for (int local : frame.localIds()) {
                            if (heap.classOf(local).name().equals("java.util.concurrent.SynchronousQueue")) {
                                queue = local;
                            }
                        }
                    }
                }
            }
            BitSet everything = new BitSet();
            heap.markReachable(heap.gcRoots(), new BitSet(), everything);
            BitSet withoutConsumers = new BitSet();
            heap.markReachable(heap.gcRoots(), consumers, withoutConsumers);
            return new int[] {consumers.cardinality(), queue < 0 ? -1 : everything.get(queue) ? 1 : 0,
                    queue < 0 ? -1 : withoutConsumers.get(queue) ? 1 : 0,
                    withoutConsumers.intersects(consumers) ? 1 : 0};
        });
        assertEquals(ParkedPrivateQueues.SYNC_CONSUMERS, counts[0]);
        assertEquals(1, counts[1], "with every root, the queue is live");
        assertEquals(0, counts[2], "without its consumer, nothing reaches the queue");
        assertEquals(0, counts[3], "barrier objects are never marked");
    }

    @Test
    void severityFollowsTheCountGuideAndThePinnedBytes() {
        assertEquals(Severity.LOW, ParkedRule.severity(9, 0));
        assertEquals(Severity.MEDIUM, ParkedRule.severity(10, 0));
        assertEquals(Severity.MEDIUM, ParkedRule.severity(99, 0));
        assertEquals(Severity.HIGH, ParkedRule.severity(100, 0));
        assertEquals(Severity.MEDIUM, ParkedRule.severity(1, ParkedRule.MEDIUM_BYTES));
        assertEquals(Severity.HIGH, ParkedRule.severity(1, ParkedRule.HIGH_BYTES));
    }

    @Test
    void lambdaClassNamesLoseTheirAddresses() {
        assertEquals("a.B$$Lambda.run", dev.heaptriage.detect.jdk.JdkClasses.stableClassName("a.B$$Lambda$8+0x00007f89cd003ac0.run"));
        assertEquals("a.B$$Lambda", dev.heaptriage.detect.jdk.JdkClasses.stableClassName("a.B$$Lambda/0x0000000801001234"));
    }

    @Test
    void isRegistered() {
        assertTrue(Detectors.ids().contains(ParkedThreadsDetector.ID));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Thread count per blocker kind; two findings of one kind would show up as a wrong sum or a failed merge. */
    static Map<String, Long> countsByBlocker(Report r) {
        Map<String, Long> out = new TreeMap<>();
        for (Finding f : r.findings()) {
            String kind = (String) f.evidence().get(0).attributes().get("blocker");
            Long before = out.put(kind, f.count());
            assertEquals(null, before, "two findings for " + kind + ": " + r.findings());
        }
        return out;
    }

    static Finding byBlocker(Report r, String kind) {
        return r.findings().stream().filter(f -> kind.equals(f.evidence().get(0).attributes().get("blocker")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " finding in " + r.findings()));
    }

    static void assertSilent(Report r) {
        assertEquals(List.of(), r.atLeast(Severity.LOW).findings(), "near-miss must be silent at low and above");
    }

    static String render(Report r) throws IOException {
        StringWriter w = new StringWriter();
        Renderers.byName("text").orElseThrow().render(r, w);
        return w.toString();
    }
}
