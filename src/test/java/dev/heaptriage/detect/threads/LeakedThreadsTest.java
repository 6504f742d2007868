package dev.heaptriage.detect.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.IdleLibraries;
import dev.heaptriage.scenarios.ThreadsLeakedLibraries;
import dev.heaptriage.scenarios.ThreadsLibrariesStopped;
import dev.heaptriage.scenarios.ThreadsReachableAndLive;
import dev.heaptriage.scenarios.ThreadsReachableButDead;
import dev.heaptriage.scenarios.ThreadsVirtualDead;
import dev.heaptriage.scenarios.ThreadsVirtualLive;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The general leaked-thread rule and the reachable-but-dead shapes of {@code parked-threads} on real dumps, made by
 * the JDK running the tests (17) and by a JDK 25 (skipped only when the machine has none): library threads nobody can
 * stop (Netty event-loop groups and wheel timers, Guava services, Apache's idle-connection evictor, which the detector
 * has no reader for), uncancellable periodic tasks, pools drained by lost leases, consumers of dead producers, pools
 * only a shutdown hook holds and flag loops; each with its near-miss silent at {@code low} and above, and a healthy
 * service with Netty, OkHttp and Apache HttpClient in use silent too.
 */
class LeakedThreadsTest {
    private static final ParkedThreadsDetector DETECTOR = new ParkedThreadsDetector();
    private static final String S = "dev.heaptriage.scenarios.";

    abstract static class OnEveryJdk {
        abstract Path jdk();

        Report run(Class<?> scenario) {
            return DetectorRuns.run(DETECTOR, scenario, jdk());
        }

        @Test
        void libraryThreadsNobodyCanStop() {
            Report r = run(ThreadsLeakedLibraries.class);
            assertEquals(Map.of(
                    "event-loop/MultiThreadIoEventLoopGroup", (long) ThreadsLeakedLibraries.NETTY_CLIENTS,
                    "wheel-timer/HashedWheelTimer", (long) ThreadsLeakedLibraries.WHEEL_TIMERS,
                    "pool/ScheduledThreadPoolExecutor", (long) ThreadsLeakedLibraries.GUAVA_SERVICES,
                    "loop/IdleConnectionEvictor", (long) ThreadsLeakedLibraries.APACHE_CLIENTS), countsByKind(r));
            Finding loops = byKind(r, "event-loop/MultiThreadIoEventLoopGroup");
            assertEquals(S + "ThreadsLeakedLibraries$PerRequestClient.group (field)", loops.owner().shown());
            assertEquals(Severity.MEDIUM, loops.severity(), "12 threads: at least 10 is medium");
            assertEquals(ThreadsLeakedLibraries.NETTY_CLIENTS, loops.evidence().size(), "one evidence per group");
            assertTrue(loops.remediation().contains("shutdownGracefully()"), loops.remediation());
            Finding wheels = byKind(r, "wheel-timer/HashedWheelTimer");
            assertEquals(S + "ThreadsLeakedLibraries$Expiry", wheels.owner().shown(), "the timeout task says who made it");
            assertTrue(wheels.remediation().contains("stop()"), wheels.remediation());
            Finding guava = byKind(r, "pool/ScheduledThreadPoolExecutor");
            assertTrue(guava.owner().shown().startsWith(S + "ThreadsLeakedLibraries$Heartbeat"), guava.owner().shown());
            assertTrue(guava.remediation().startsWith("Call stopAsync() on the service"), guava.remediation());
            Finding evictors = byKind(r, "loop/IdleConnectionEvictor");
            assertTrue(evictors.summary().shown().contains("org.apache.hc.client5.http.impl.IdleConnectionEvictor"),
                    evictors.summary().shown());
            assertTrue(evictors.remediation().contains("close()"), evictors.remediation());
            for (Finding f : r.findings()) {
                assertFalse(f.fingerprint().contains("0x"), f.fingerprint());
            }
        }

        @Test
        void librariesStoppedOrSharedAreSilent() {
            assertSilent(run(ThreadsLibrariesStopped.class));
        }

        @Test
        void aHealthyServiceWithNettyOkHttpAndApacheInUseIsSilent() {
            assertSilent(run(IdleLibraries.class));
        }

        @Test
        void reachableButDead() {
            Report r = run(ThreadsReachableButDead.class);
            assertEquals(Map.of(
                    "periodic/ScheduledThreadPoolExecutor", (long) ThreadsReachableButDead.PERIODIC_TASKS,
                    "periodic/Timer", (long) ThreadsReachableButDead.TIMER_TASKS,
                    "lease/org.apache.commons.pool2.impl.GenericObjectPool",
                    (long) ThreadsReachableButDead.LEASE_WAITERS,
                    "synchronizer/LinkedBlockingQueue", (long) ThreadsReachableButDead.QUEUE_CONSUMERS,
                    "pool/ThreadPoolExecutor", (long) ThreadsReachableButDead.HOOKED_THREADS,
                    "loop/ThreadsReachableButDead$Poller", (long) ThreadsReachableButDead.POLLERS),
                    countsByKind(r));
            Finding periodic = byKind(r, "periodic/ScheduledThreadPoolExecutor");
            assertEquals(Severity.HIGH, periodic.severity(), "300 tasks");
            assertTrue(periodic.owner().shown().startsWith(S + "ThreadsReachableButDead$Refresh"), periodic.owner().shown());
            assertEquals(3_600_000L, ((Number) periodic.evidence().get(0).attributes().get("periodMillis")).longValue());
            assertTrue(periodic.summary().shown().contains("ThreadsReachableButDead.SCHEDULER (static field)"),
                    periodic.summary().shown());
            Finding ticks = byKind(r, "periodic/Timer");
            assertEquals(Severity.MEDIUM, ticks.severity(), "20 tasks");
            assertTrue(ticks.owner().shown().startsWith(S + "ThreadsReachableButDead$Tick"), ticks.owner().shown());
            assertTrue(ticks.remediation().startsWith("Keep each TimerTask and cancel() it"), ticks.remediation());
            Finding lease = byKind(r, "lease/org.apache.commons.pool2.impl.GenericObjectPool");
            assertEquals(S + "ThreadsReachableButDead.POOL (static field)", lease.owner().shown());
            assertEquals(ThreadsReachableButDead.POOL_SIZE, lease.evidence().get(0).attributes().get("leased"));
            assertEquals(ThreadsReachableButDead.POOL_SIZE, lease.evidence().get(0).attributes().get("maxTotal"));
            Finding queue = byKind(r, "synchronizer/LinkedBlockingQueue");
            assertTrue(queue.summary().shown().contains("2 terminated threads ('producer-0', 'producer-1')"),
                    queue.summary().shown());
            Finding hooked = byKind(r, "pool/ThreadPoolExecutor");
            assertEquals("captured by a lambda of " + S + "ThreadsReachableButDead", hooked.owner().shown(),
                    "the hook's lambda is the only holder: the code that registered it");
            assertTrue(hooked.summary().shown().contains("only a shutdown hook references"), hooked.summary().shown());
            Finding pollers = byKind(r, "loop/ThreadsReachableButDead$Poller");
            assertEquals(S + "ThreadsReachableButDead$Poller", pollers.owner().shown());
            assertTrue(pollers.remediation().contains("interrupt()"), pollers.remediation());
        }

        @Test
        void twoRunsOnOneHeapGiveTheSameFindings() {
            List<List<String>> runs = DetectorRuns.withHeap(ThreadsReachableButDead.class, jdk(), heap -> {
                dev.heaptriage.detect.AppCode app = dev.heaptriage.detect.AppCode.infer(heap);
                return List.of(summary(DETECTOR.detect(heap, app)), summary(DETECTOR.detect(heap, app)));
            });
            assertEquals(runs.get(0), runs.get(1));
            assertEquals(6, runs.get(0).size(), runs.get(0).toString());
        }

        @Test
        void reachableAndLiveIsSilent() {
            assertSilent(run(ThreadsReachableAndLive.class));
        }

        @Test
        void redactionRemovesProducerAndWaiterNames() throws java.io.IOException {
            String text = ParkedThreadsDetectorTest.render(run(ThreadsReachableButDead.class).redacted());
            for (String name : List.of("producer-0", "lease-waiter", "poller-", "hooked-worker", "queue-consumer")) {
                assertFalse(text.contains(name), name + " in " + text);
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
        void aThousandVirtualThreadsPerShape() {
            Report r = run(ThreadsVirtualDead.class);
            long n = ThreadsVirtualDead.THREADS;
            assertEquals(Map.of("loop/ThreadsVirtualDead$Ticker", n, "synchronizer/LinkedBlockingQueue", n,
                    "lease/org.apache.commons.pool2.impl.GenericObjectPool", n), countsByKind(r));
            for (Finding f : r.findings()) {
                assertEquals(Severity.HIGH, f.severity(), f.title().shown());
                assertTrue(f.title().shown().contains("virtual thread"), f.title().shown());
            }
            assertTrue(byKind(r, "synchronizer/LinkedBlockingQueue").summary().shown().contains("3 terminated threads"),
                    byKind(r, "synchronizer/LinkedBlockingQueue").summary().shown());
            assertEquals(S + "ThreadsVirtualDead$Ticker", byKind(r, "loop/ThreadsVirtualDead$Ticker").owner().shown());
            assertTrue(byKind(r, "loop/ThreadsVirtualDead$Ticker").fingerprint().contains("/virtual/"));
        }

        @Test
        void aThousandVirtualThreadsThatCanBeWokenAreSilent() {
            assertSilent(run(ThreadsVirtualLive.class));
        }
    }

    /** Count per fingerprint kind and blocker ({@code event-loop/MultiThreadIoEventLoopGroup}); one finding each. */
    static Map<String, Long> countsByKind(Report r) {
        Map<String, Long> out = new TreeMap<>();
        for (Finding f : r.findings()) {
            String[] parts = f.fingerprint().split("/");
            assertEquals(ParkedThreadsDetector.ID, parts[0], f.fingerprint());
            Long before = out.put(parts[1] + "/" + parts[2], f.count());
            assertEquals(null, before, "two findings for " + parts[1] + "/" + parts[2] + ": " + r.findings());
        }
        return out;
    }

    private static List<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.fingerprint() + " " + f.count() + " " + f.owner().shown()).sorted().toList();
    }

    static Finding byKind(Report r, String kind) {
        return r.findings().stream().filter(f -> f.fingerprint().startsWith(ParkedThreadsDetector.ID + "/" + kind + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " finding in " + r.findings()));
    }

    static void assertSilent(Report r) {
        assertEquals(List.of(), r.atLeast(Severity.LOW).findings(), "near-miss must be silent at low and above");
    }
}
