package dev.heaptriage.detect.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.threads.ParkedThreadsDetector;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.FdDroppedClientConnections;
import dev.heaptriage.scenarios.ServiceUnderLoad;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, rule 5: a healthy service under normal load ({@link ServiceUnderLoad}: eight request threads mid-request
 * with a file, a backend socket and a pooled database connection each, a shared Jetty client with five idle pooled
 * connections to one peer, HikariCP, Quartz, Reactor and ZooKeeper in use) gets no {@code unclosed-fd} or
 * {@code parked-threads} finding at {@code low} or above, on JDK 17 and 25; the in-flight and pooled descriptors are
 * still listed at {@code info}, with their owners. Its counterpart: the connections of clients made per call and
 * dropped without {@code stop()} ({@link FdDroppedClientConnections}) are a finding.
 */
class HealthyLoadTest {
    @Test
    void silentOnTheRunningJdk() {
        assertSilent(Jdks.current());
    }

    @Test
    void silentOnJdk25() {
        assumeTrue(Jdks.jdk25().isPresent(), "no JDK 25 on this machine (set HEAPTRIAGE_JDK25)");
        assertSilent(Jdks.jdk25().orElseThrow());
    }

    @Test
    void connectionsOfClientsDroppedPerCallAreAFinding() {
        assertDroppedClientsReported(Jdks.current());
        if (Jdks.jdk25().isPresent()) {
            assertDroppedClientsReported(Jdks.jdk25().orElseThrow());
        }
    }

    /** The counterpart: the same sockets held by the selector loops of clients nobody references are not in flight. */
    private static void assertDroppedClientsReported(Path jdk) {
        Report r = DetectorRuns.run(new UnclosedFdDetector(), FdDroppedClientConnections.class, jdk);
        // A selector thread caught outside doSelect() holds its socket in another frame: another group, same sockets.
        List<Finding> sockets = r.findings().stream().filter(f -> f.title().shown().contains(" SocketChannel")).toList();
        assertEquals(FdDroppedClientConnections.CLIENTS, sockets.stream().mapToLong(Finding::count).sum(),
                sockets.toString());
        Finding most = sockets.stream().max(java.util.Comparator.comparingLong(Finding::count)).orElseThrow();
        assertTrue(most.severity().atLeast(Severity.LOW), most.severity() + " " + most.title().shown());
        assertTrue(most.owner().shown().contains("threads in EPollSelectorImpl.doSelect"), most.owner().shown());
        Report threads = DetectorRuns.run(new ParkedThreadsDetector(), FdDroppedClientConnections.class, jdk);
        assertEquals(1, threads.findings().size(), threads.findings().toString());
        assertTrue(threads.findings().get(0).title().shown().contains(
                "of " + FdDroppedClientConnections.CLIENTS + " dropped QueuedThreadPools"),
                threads.findings().get(0).title().shown());
    }

    private static void assertSilent(Path jdk) {
        for (Detector d : List.of(new UnclosedFdDetector(), new ParkedThreadsDetector())) {
            Report r = DetectorRuns.run(d, ServiceUnderLoad.class, jdk);
            for (Finding f : r.findings()) {
                assertTrue(!f.severity().atLeast(Severity.LOW), f.title().shown() + " · " + f.owner().shown() + "\n" + f.summary().shown());
            }
            if (d instanceof UnclosedFdDetector) {
                Finding inFlight = r.findings().stream()
                        .filter(f -> f.title().shown().contains("Socket") && f.owner() != null
                                && f.owner().shown().startsWith("locals of 8 threads in ServiceUnderLoad.handle"))
                        .findFirst().orElseThrow(() -> new AssertionError(r.findings().toString()));
                assertEquals(ServiceUnderLoad.REQUESTS, inFlight.count());
                Finding pooled = r.findings().stream()
                        .filter(f -> f.owner() != null && "dev.heaptriage.scenarios.ServiceUnderLoad.CLIENT (static field)".equals(f.owner().shown()))
                        .findFirst().orElseThrow(() -> new AssertionError(r.findings().toString()));
                assertEquals(ServiceUnderLoad.POOLED, pooled.count());
            }
        }
    }
}
