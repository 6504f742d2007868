package dev.heaptriage.detect.fd;

import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Detectors;
import dev.heaptriage.detect.Evidences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.render.Renderers;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Severity;
import dev.heaptriage.scenarios.FdAllClosedFiles;
import dev.heaptriage.scenarios.FdAllClosedNet;
import dev.heaptriage.scenarios.FdChannels;
import dev.heaptriage.scenarios.FdFileStreams;
import dev.heaptriage.scenarios.FdHttpBodies;
import dev.heaptriage.scenarios.FdRandomAccess;
import dev.heaptriage.scenarios.FdSamePathMany;
import dev.heaptriage.scenarios.FdSockets;
import dev.heaptriage.scenarios.FdUnreachableStreams;
import dev.heaptriage.scenarios.FdZipFiles;
import dev.heaptriage.scenarios.IdleJvm;
import dev.heaptriage.testing.DetectorRuns;
import dev.heaptriage.testing.Jdks;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code unclosed-fd} on real dumps of the {@code Fd*} scenarios, made by the running JDK (17) and by JDK 25 (whose
 * Socket, RandomAccessFile, ZipFile and FileInputStream layouts differ). Counts are exact: the only JDK descriptors
 * these scenarios also have open (the stdin/stdout/stderr streams, SecureRandom's pooled /dev/random and
 * /dev/urandom streams, connections parked in the HTTP keep-alive cache) are housekeeping and never reported.
 */
class UnclosedFdDetectorTest {

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

    @Test
    void isRegisteredAndExplainsItsRule() {
        assertTrue(Detectors.ids().contains("unclosed-fd"));
        DetectorInfo info = new UnclosedFdDetector().info();
        assertEquals("unclosed-fd", info.id());
        for (String word : List.of("50", "500", "stdin", "keep-alive", "Cleaner", "owner", "try-with-resources")) {
            assertTrue((info.description() + info.remediation()).contains(word), word);
        }
    }

    @Test
    void severityFollowsCountsAndSamePath() {
        assertEquals(Severity.INFO, FdRule.severity(1, 1, true, 1));
        assertEquals(Severity.INFO, FdRule.severity(4, 1, true, 4));
        assertEquals(Severity.LOW, FdRule.severity(2, 2, true, 2));
        assertEquals(Severity.LOW, FdRule.severity(49, 1, true, 49));
        assertEquals(Severity.MEDIUM, FdRule.severity(50, 1, true, 50));
        assertEquals(Severity.MEDIUM, FdRule.severity(10, 10, true, 10));
        assertEquals(Severity.HIGH, FdRule.severity(500, 1, true, 500));
        assertEquals(Severity.HIGH, FdRule.severity(100, 100, true, 100));
        // Unreachable: one level lower; process pressure: one level higher.
        assertEquals(Severity.LOW, FdRule.severity(60, 1, false, 60));
        assertEquals(Severity.INFO, FdRule.severity(10, 1, false, 10));
        assertEquals(Severity.MEDIUM, FdRule.severity(10, 1, true, 600));
        assertEquals(Severity.INFO, FdRule.severity(1, 1, true, 600));
    }

    @Test
    void fingerprintsMatchAcrossJdks() {
        Path jdk25 = Jdks.jdk25().orElse(null);
        Assumptions.assumeTrue(jdk25 != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        UnclosedFdDetector detector = new UnclosedFdDetector();
        for (Class<?> s : List.of(FdFileStreams.class, FdSockets.class, FdZipFiles.class, FdHttpBodies.class)) {
            assertEquals(
                    DetectorRuns.findings(detector, s, Jdks.current()).stream().map(Finding::fingerprint).sorted().toList(),
                    DetectorRuns.findings(detector, s, jdk25).stream().map(Finding::fingerprint).sorted().toList(),
                    s.getSimpleName());
        }
    }

    abstract static class Contract {
        private final UnclosedFdDetector detector = new UnclosedFdDetector();

        abstract Path javaHome();

        @BeforeEach
        void needsJdk() {
            Assumptions.assumeTrue(javaHome() != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
        }

        Report report(Class<?> scenario) {
            return DetectorRuns.run(detector, scenario, javaHome());
        }

        List<Finding> findings(Class<?> scenario) {
            return report(scenario).findings();
        }

        /** The one finding whose owner contains {@code owner}. */
        Finding owned(Class<?> scenario, String owner) {
            List<Finding> matching = findings(scenario).stream()
                    .filter(f -> f.owner().shown() != null && f.owner().shown().contains(owner)).toList();
            assertEquals(1, matching.size(), "findings owned by " + owner + ": " + describe(findings(scenario)));
            return matching.get(0);
        }

        static String describe(List<Finding> fs) {
            return fs.stream().map(f -> f.severity() + " " + f.count() + " " + f.title().shown() + " [" + f.owner().shown() + "]")
                    .toList().toString();
        }

        static List<Finding> atLeastLow(List<Finding> fs) {
            return fs.stream().filter(f -> f.severity().atLeast(Severity.LOW)).toList();
        }

        static void assertEvidence(Finding f, String kind, boolean live, Predicate<String> target) {
            assertFalse(f.evidence().isEmpty(), "evidence of " + f.title().shown());
            for (Evidence e : f.evidence()) {
                assertEquals(kind, e.attributes().get("kind"), e.toString());
                assertEquals(live, e.attributes().get("live"), e.toString());
                Object where = e.attributes().containsKey("path") ? e.attributes().get("path")
                        : e.attributes().get("peer");
                assertTrue(where instanceof dev.heaptriage.text.DumpString s && target.test(s.contents()), "path/peer of " + e);
                assertTrue(e.attributes().get("fd") instanceof Integer fd && fd > 2, "fd of " + e);
                assertFalse(e.pathToGcRoot().isEmpty(), "path to a GC root of " + e);
            }
        }

        @Test
        void fileStreamsAreGroupedByOwner() {
            Finding inputs = owned(FdFileStreams.class, "FdFileStreams.OPEN_INPUTS (static field)");
            assertEquals(FdFileStreams.INPUTS, inputs.count());
            assertEquals(Severity.MEDIUM, inputs.severity());
            assertEquals("unclosed-fd/java.io.FileInputStream/dev.heaptriage.scenarios.FdFileStreams.OPEN_INPUTS",
                    inputs.fingerprint());
            assertEquals(FdFileStreams.INPUTS, inputs.breakdown().size());
            assertEquals(Evidences.COLLECT_LIMIT, inputs.evidence().size());
            assertEvidence(inputs, "file-input-stream", true, p -> p.matches(".*/in-\\d+\\.dat"));

            Finding outputs = owned(FdFileStreams.class, "local of thread 'batch-writer' in FdFileStreams$Batch.run");
            assertEquals(FdFileStreams.OUTPUTS, outputs.count());
            assertEquals(Severity.LOW, outputs.severity());
            assertEvidence(outputs, "file-output-stream", true, p -> p.matches(".*/out-\\d+\\.dat"));

            // One log file kept open on purpose is reported, but only as info.
            Finding log = owned(FdFileStreams.class, "FdFileStreams$LogSink.out (field)");
            assertEquals(1, log.count());
            assertEquals(Severity.INFO, log.severity());

            // Many holders of one class and field, or many threads in one method, are one group.
            Finding readers = owned(FdFileStreams.class, "FdFileStreams$TailReader.in (field)");
            assertEquals(FdFileStreams.TAIL_READERS, readers.count());
            assertEquals("unclosed-fd/java.io.FileInputStream/dev.heaptriage.scenarios.FdFileStreams$TailReader.in",
                    readers.fingerprint());
            assertTrue(readers.summary().shown().contains("in 12 objects"), readers.summary().shown());
            assertEvidence(readers, "file-input-stream", true, p -> p.matches(".*/tail-\\d+\\.log"));
            Finding workers = owned(FdFileStreams.class, "locals of 3 threads in FdFileStreams$Worker.run");
            assertEquals(FdFileStreams.WORKER_STREAMS, workers.count());
            assertEquals("unclosed-fd/java.io.FileOutputStream/thread/dev.heaptriage.scenarios.FdFileStreams$Worker.run",
                    workers.fingerprint());
            assertEvidence(workers, "file-output-stream", true, p -> p.matches(".*/worker-\\d-\\d\\.dat"));

            assertEquals(4, atLeastLow(findings(FdFileStreams.class)).size(), describe(findings(FdFileStreams.class)));
            assertEquals(5, findings(FdFileStreams.class).size(), "closed streams are not reported");
        }

        @Test
        void onePathOpenManyTimesIsStrongerThanManyPaths() {
            Finding same = owned(FdSamePathMany.class, "FdSamePathMany.SAME");
            assertEquals(FdSamePathMany.SAME_COUNT, same.count(), "every node of a long linked list finds the owner");
            assertEquals(Severity.HIGH, same.severity());
            assertEquals(1, same.breakdown().size());
            Breakdown only = same.breakdown().get(0);
            assertTrue(only.label().shown().endsWith("/same.dat"), only.label().shown());
            assertEquals(FdSamePathMany.SAME_COUNT, only.count());

            Finding spread = owned(FdSamePathMany.class, "FdSamePathMany.SPREAD");
            assertEquals(FdSamePathMany.COUNT, spread.count());
            assertEquals(Severity.MEDIUM, spread.severity());
            assertEquals(FdSamePathMany.COUNT, spread.breakdown().size());
            assertEquals(2, findings(FdSamePathMany.class).size());
        }

        @Test
        void randomAccessFilesCountOnceWithTheirChannels() {
            List<Finding> all = findings(FdRandomAccess.class);
            assertEquals(1, all.size(), describe(all));
            Finding f = owned(FdRandomAccess.class, "FdRandomAccess$Index.byName (field)");
            assertEquals(FdRandomAccess.FILES, f.count());
            assertEquals("java.io.RandomAccessFile", f.evidence().get(0).className());
            assertEvidence(f, "random-access-file", true, p -> p.matches(".*/segment-\\d+\\.idx"));
        }

        @Test
        void channelsOfEveryKind() {
            Finding files = owned(FdChannels.class, "FdChannels.FILES");
            assertEquals(FdChannels.FILE_CHANNELS, files.count());
            assertEvidence(files, "file-channel", true, p -> p.matches(".*/chan-\\d+\\.dat"));
            Finding pipes = owned(FdChannels.class, "FdChannels.PIPES");
            assertEquals(FdChannels.PIPE_DESCRIPTORS, pipes.count());
            assertEvidence(pipes, "pipe", true, "pipe"::equals);
            Finding datagrams = owned(FdChannels.class, "FdChannels.DATAGRAMS");
            assertEquals(FdChannels.DATAGRAM_COUNT, datagrams.count());
            assertEvidence(datagrams, "datagram-channel", true, p -> p.startsWith("local 127.0.0.1:"));
            assertEquals(3, findings(FdChannels.class).size(), describe(findings(FdChannels.class)));
        }

        @Test
        void zipFilesCountDescriptorsNotObjects() {
            Finding zips = owned(FdZipFiles.class, "FdZipFiles.ZIPS");
            assertEquals(FdZipFiles.ZIP_COUNT, zips.count());
            assertEvidence(zips, "zip-file", true, p -> p.matches(".*/archive-\\d+\\.zip"));
            Finding jars = owned(FdZipFiles.class, "FdZipFiles.JARS");
            assertEquals(FdZipFiles.JAR_COUNT, jars.count());
            assertEquals("java.util.jar.JarFile", jars.evidence().get(0).className());
            // Five ZipFiles on one path share one open file.
            Finding same = owned(FdZipFiles.class, "FdZipFiles.SAME");
            assertEquals(1, same.count());
            assertEquals(Severity.INFO, same.severity());
            assertEquals(3, findings(FdZipFiles.class).size(), describe(findings(FdZipFiles.class)));
        }

        @Test
        void clientAndServerSocketsAndChannels() {
            Finding clients = owned(FdSockets.class, "FdSockets.CLIENTS");
            assertEquals(FdSockets.SOCKETS, clients.count());
            assertEquals(Severity.LOW, clients.severity(), "one peer many times is a pool, not extra evidence");
            assertEquals("java.net.Socket", clients.evidence().get(0).className());
            assertEvidence(clients, "socket", true, p -> p.matches("127\\.0\\.0\\.1:\\d+"));
            assertEquals(1, clients.breakdown().size(), "all clients talk to the one server port");

            Finding accepted = owned(FdSockets.class, "FdSockets.ACCEPTED");
            assertEquals(FdSockets.SOCKETS, accepted.count());
            assertEvidence(accepted, "socket", true, p -> p.matches("127\\.0\\.0\\.1:\\d+"));

            Finding server = owned(FdSockets.class, "FdSockets.SERVER ");
            assertEquals(1, server.count());
            assertEquals(Severity.INFO, server.severity());
            assertEvidence(server, "server-socket", true, p -> p.startsWith("listening on port "));

            Finding channelClients = owned(FdSockets.class, "FdSockets.CHANNEL_CLIENTS");
            assertEquals(FdSockets.CHANNELS, channelClients.count());
            assertEvidence(channelClients, "socket-channel", true, p -> p.matches("127\\.0\\.0\\.1:\\d+"));
            Finding channelAccepted = owned(FdSockets.class, "FdSockets.CHANNEL_ACCEPTED");
            assertEquals(FdSockets.CHANNELS, channelAccepted.count());
            Finding channelServer = owned(FdSockets.class, "FdSockets.CHANNEL_SERVER");
            assertEquals(1, channelServer.count());
            assertEvidence(channelServer, "server-socket-channel", true, p -> p.startsWith("listening on 127.0.0.1:"));
            assertEquals(6, findings(FdSockets.class).size(), "closed sockets keep their fd number but are closed: "
                    + describe(findings(FdSockets.class)));
        }

        @Test
        void unreadHttpBodiesButNotTheKeepAliveCache() {
            List<Finding> all = findings(FdHttpBodies.class);
            assertEquals(1, all.size(), describe(all));
            Finding f = owned(FdHttpBodies.class, "FdHttpBodies.BODIES (static field)");
            assertEquals(FdHttpBodies.UNREAD, f.count());
            assertTrue(f.title().shown().contains("HTTP response"), f.title().shown());
            assertEvidence(f, "http-response", true, p -> p.matches("http://127\\.0\\.0\\.1:\\d+/data"));
            assertTrue(f.remediation().contains("close"), f.remediation());
        }

        @Test
        void unreachableStreamsAreSeparatedFromLiveOnes() {
            List<Finding> all = findings(FdUnreachableStreams.class);
            assertEquals(2, all.size(), describe(all));
            Finding dropped = all.stream().filter(f -> f.fingerprint().endsWith("/unreachable")).findFirst()
                    .orElseThrow(() -> new AssertionError(describe(all)));
            assertEquals(FdUnreachableStreams.DROPPED, dropped.count());
            assertEquals(Severity.LOW, dropped.severity());
            assertTrue(dropped.title().shown().contains("unreachable"), dropped.title().shown());
            assertEvidence(dropped, "file-input-stream", false, p -> p.matches(".*/dropped-\\d+\\.dat"));

            Finding kept = owned(FdUnreachableStreams.class, "FdUnreachableStreams.KEPT (static field)");
            assertEquals(FdUnreachableStreams.KEPT_COUNT, kept.count());
            assertEvidence(kept, "file-input-stream", true, p -> p.matches(".*/kept-\\d+\\.dat"));
        }

        @ParameterizedTest
        @ValueSource(classes = {IdleJvm.class, FdAllClosedFiles.class, FdAllClosedNet.class})
        void nearMissesAreSilent(Class<?> scenario) {
            List<Finding> all = findings(scenario);
            assertEquals(List.of(), atLeastLow(all), describe(all));
            assertEquals(List.of(), all, "not even info: " + describe(all));
        }

        @Test
        void fingerprintsCarryNoIds() {
            for (Class<?> s : List.of(FdFileStreams.class, FdSockets.class, FdZipFiles.class, FdHttpBodies.class)) {
                for (Finding f : findings(s)) {
                    assertFalse(f.fingerprint().matches(".*(0x[0-9a-f]+|@).*"), f.fingerprint());
                    assertFalse(f.fingerprint().contains("/tmp/"), f.fingerprint());
                }
            }
        }

        @Test
        void textAndJsonShowPathAndOwner() throws Exception {
            Report r = report(FdFileStreams.class);
            StringWriter text = new StringWriter();
            Renderers.byName("text").orElseThrow().render(r, text);
            String t = text.toString().replaceAll("\\s+", " "); // the text report wraps long lines
            assertTrue(t.contains("MEDIUM unclosed-fd 60 FileInputStreams still hold open descriptors"), t);
            assertTrue(t.contains("owner: dev.heaptriage.scenarios.FdFileStreams.OPEN_INPUTS (static field)"), t);
            assertTrue(t.matches(".*/heaptriage-fd-file-streams-\\d+/in-0\\.dat ×1.*"), t);
            assertTrue(t.contains("FdFileStreams.OPEN_INPUTS → ArrayList.elementData"), t);

            StringWriter json = new StringWriter();
            Renderers.byName("json").orElseThrow().render(r, json);
            JsonNode root = new ObjectMapper().readTree(json.toString());
            JsonNode inputs = null;
            for (JsonNode f : root.get("findings")) {
                if (f.get("owner").asText().contains("OPEN_INPUTS")) {
                    inputs = f;
                }
            }
            assertTrue(inputs != null, json.toString());
            assertEquals("unclosed-fd", inputs.get("detector").asText());
            assertEquals(60, inputs.get("count").asInt());
            JsonNode e = inputs.get("evidence").get(0);
            assertTrue(e.get("attributes").get("path").asText().matches(".*/in-\\d+\\.dat"), e.toString());
            assertEquals("file-input-stream", e.get("attributes").get("kind").asText());
            assertTrue(e.get("attributes").get("live").asBoolean());
            assertTrue(e.get("attributes").get("fd").isInt());
            assertTrue(e.get("pathToGcRoot").toString().contains(".OPEN_INPUTS (static)"), e.toString());

            // --redact hides every path from the dump, in prose and in evidence.
            StringWriter redacted = new StringWriter();
            Renderers.byName("json").orElseThrow().render(r.redacted(), redacted);
            assertFalse(redacted.toString().contains("heaptriage-fd-file-streams"), redacted.toString());
            StringWriter redactedText = new StringWriter();
            Renderers.byName("text").orElseThrow().render(r.redacted(), redactedText);
            assertFalse(redactedText.toString().contains("heaptriage-fd-file-streams"), redactedText.toString());
            assertFalse(redactedText.toString().contains("batch-writer"), redactedText.toString());
            assertTrue(redactedText.toString().contains("FdFileStreams.OPEN_INPUTS (static field)"), "code names stay");
        }
    }
}
