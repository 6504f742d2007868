package dev.heaptriage.detect.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.ThreadsUnseenLibraries;
import dev.heaptriage.scenarios.ThreadsUnseenLibrariesStopped;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 21, rule 1: thread owners of six libraries that no reader in {@code detect/libs} names (HikariCP, Quartz,
 * Reactor, Jetty's HttpClient, ZooKeeper, H2), dropped without their stop call, found by structure on JDK 17 and 25,
 * one finding per controlling object's class with the number of those objects; the same work done right is silent.
 */
class UnseenLibraryThreadsTest {
    private static final ParkedThreadsDetector DETECTOR = new ParkedThreadsDetector();
    private static final String NOTHING = "nothing in the application holds it: dropped without ";

    abstract static class OnEveryJdk {
        abstract Path jdk();

        @Test
        void droppedThreadOwnersOfUnseenLibraries() {
            Report r = DetectorRuns.run(DETECTOR, ThreadsUnseenLibraries.class, jdk());
            Map<String, Finding> byController = new TreeMap<>();
            for (Finding f : r.findings()) {
                String key = String.valueOf(f.evidence().get(0).attributes().get("createdBy"));
                assertEquals(null, byController.put(key, f), "two findings for " + key + ": " + r.findings());
            }
            assertEquals(java.util.Set.of(
                    "org.eclipse.jetty.util.thread.QueuedThreadPool",
                    "dev.heaptriage.scenarios.ThreadsUnseenLibraries",
                    "java.util.concurrent.ScheduledThreadPoolExecutor of reactor.core.scheduler.ReactorThreadFactory",
                    "java.util.concurrent.ScheduledThreadPoolExecutor of com.zaxxer.hikari.util.UtilityElf$DefaultThreadFactory",
                    "org.h2.mvstore.SingleFileStore",
                    "org.quartz.simpl.SimpleThreadPool",
                    "org.quartz.core.QuartzScheduler"), byController.keySet(), r.findings().toString());

            Finding jetty = byController.get("org.eclipse.jetty.util.thread.QueuedThreadPool");
            assertTrue(jetty.title().shown().contains(" of " + ThreadsUnseenLibraries.JETTY_CLIENTS + " dropped QueuedThreadPools"),
                    jetty.title().shown());
            assertEquals(NOTHING + "QueuedThreadPool.stop()", jetty.owner().shown());
            assertTrue(jetty.summary().shown().contains("RUNNABLE") && jetty.summary().shown().contains("TIMED_WAITING"),
                    jetty.summary().shown());

            Finding zk = byController.get("dev.heaptriage.scenarios.ThreadsUnseenLibraries");
            assertEquals(ThreadsUnseenLibraries.ZOOKEEPER_CLIENTS, zk.count());
            assertTrue(zk.title().shown().startsWith("3 threads of 3 dropped ClientCnxns"), zk.title().shown());
            assertEquals("dev.heaptriage.scenarios.ThreadsUnseenLibraries", zk.owner().shown(),
                    "the watcher lambda the application gave each client says who made it");
            assertTrue(zk.remediation().contains("close()"), zk.remediation());

            Finding reactor = byController.get(
                    "java.util.concurrent.ScheduledThreadPoolExecutor of reactor.core.scheduler.ReactorThreadFactory");
            assertEquals(ThreadsUnseenLibraries.REACTOR_SCHEDULERS, reactor.count());
            assertEquals(NOTHING + "ScheduledThreadPoolExecutor.shutdown()", reactor.owner().shown());

            Finding hikari = byController.get("java.util.concurrent.ScheduledThreadPoolExecutor of "
                    + "com.zaxxer.hikari.util.UtilityElf$DefaultThreadFactory");
            assertEquals(ThreadsUnseenLibraries.HIKARI_POOLS, hikari.count(), "one housekeeper per pool");
            assertTrue(hikari.title().shown().contains("of 4 dropped"), hikari.title().shown());

            Finding h2 = byController.get("org.h2.mvstore.SingleFileStore");
            assertEquals(ThreadsUnseenLibraries.H2_DATABASES, h2.count());
            assertEquals(NOTHING + "SingleFileStore.close()", h2.owner().shown());

            Finding workers = byController.get("org.quartz.simpl.SimpleThreadPool");
            assertEquals(ThreadsUnseenLibraries.QUARTZ_SCHEDULERS * ThreadsUnseenLibraries.QUARTZ_WORKERS,
                    workers.count());
            assertTrue(workers.title().shown().contains("of 3 dropped SimpleThreadPools"), workers.title().shown());
            assertEquals(NOTHING + "SimpleThreadPool.shutdown()", workers.owner().shown());
            Finding schedulers = byController.get("org.quartz.core.QuartzScheduler");
            assertEquals(ThreadsUnseenLibraries.QUARTZ_SCHEDULERS, schedulers.count());
            assertTrue(schedulers.title().shown().contains("of 3 dropped QuartzSchedulers"), schedulers.title().shown());
            assertTrue(schedulers.owner().shown().startsWith(NOTHING), schedulers.owner().shown());
            for (Finding f : r.findings()) {
                assertTrue(f.severity().compareTo(Severity.LOW) >= 0, f.title().shown());
            }
        }

        @Test
        void theSameWorkDoneRightIsSilent() {
            Report r = DetectorRuns.run(DETECTOR, ThreadsUnseenLibrariesStopped.class, jdk());
            for (Finding f : r.findings()) {
                assertTrue(f.severity().compareTo(Severity.LOW) < 0, f.title().shown() + "\n" + f.summary().shown());
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
    }
}
