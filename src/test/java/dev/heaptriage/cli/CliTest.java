package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on a real dump: formats, options, exit codes, the analysis cache and where files go. */
class CliTest {
    @TempDir
    static Path work;

    static Path dumpDir;
    static Path dump;

    @BeforeAll
    static void copyDump() throws Exception {
        dumpDir = Files.createDirectory(work.resolve("dumps"));
        dump = Files.copy(ScenarioDumps.dump(KnownHeap.class), dumpDir.resolve("known.hprof"));
        System.setProperty("heaptriage.cacheHome", work.resolve("cache").toString());
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> tree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void textReportOnStdout() throws Exception {
        Path index = Files.createDirectory(work.resolve("text-index"));
        CliRun run = CliRun.of("analyze", dump.toString(), "--index-dir", index.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("heaptriage " + Version.get() + " — known.hprof ("), run.out());
        assertTrue(run.out().contains("JAVA PROFILE 1.0.2"), run.out());
        assertFalse(run.err().contains("\r"), "no carriage returns when stderr is not a terminal");
        assertTrue(run.err().lines().allMatch(CliRun::isProgress), "only progress lines: " + run.err());
        assertTrue(run.err().contains("parsing: pass 2 of 2"), "a line per phase in a log: " + run.err());
        assertEquals(List.of("known.hprof"), listing(dumpDir), "nothing beside the dump");
        assertFalse(tree(index).stream().anyMatch(f -> f.endsWith(".index") || f.endsWith(".threads")),
                "MAT's index files are removed after the run: " + tree(index));
    }

    @Test
    void jsonHasEveryContractField() throws Exception {
        Path index = Files.createDirectory(work.resolve("json-index"));
        CliRun run = CliRun.of("analyze", dump.toString(), "-f", "json", "--index-dir", index.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        for (String f : List.of("schemaVersion", "tool", "dump", "summary", "findings", "errors", "timings")) {
            assertTrue(root.has(f), "top-level " + f);
        }
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals("heaptriage", root.path("tool").path("name").asText());
        for (String f : List.of("path", "sizeBytes", "format", "identifierSize", "createdAt", "objects", "classes",
                "gcRoots", "usedHeapBytes", "threads")) {
            assertTrue(root.get("dump").has(f), "dump." + f);
        }
        assertEquals(Files.size(dump), root.path("dump").path("sizeBytes").asLong());
        assertEquals(8, root.path("dump").path("identifierSize").asInt());
        assertTrue(root.path("dump").path("objects").asLong() > 1000);
        assertTrue(root.path("summary").has("findings") && root.path("summary").has("bySeverity"));
        for (String f : List.of("loadMillis", "detectMillis", "totalMillis")) {
            assertTrue(root.get("timings").has(f), "timings." + f);
        }
    }

    @Test
    void secondRunComesFromTheCacheAndFormatOptionsDoNotReparse() throws Exception {
        Path index = Files.createDirectory(work.resolve("cache-index"));
        CliRun first = CliRun.of("analyze", dump.toString(), "-f", "json", "--index-dir", index.toString());
        JsonNode a = new ObjectMapper().readTree(first.out());
        assertFalse(a.path("timings").path("cached").asBoolean(false));
        CliRun second = CliRun.of("analyze", dump.toString(), "-f", "json", "--redact", "--min-severity", "high",
                "--index-dir", index.toString());
        JsonNode b = new ObjectMapper().readTree(second.out());
        assertTrue(b.path("timings").path("cached").asBoolean(false), "served from the analysis cache");
        assertEquals(a.path("dump").path("objects"), b.path("dump").path("objects"));
        CliRun fresh = CliRun.of("analyze", dump.toString(), "-f", "json", "--no-cache", "--index-dir", index.toString());
        assertFalse(new ObjectMapper().readTree(fresh.out()).path("timings").path("cached").asBoolean(false));
        assertEquals(a.path("dump").path("objectLayout"), b.path("dump").path("objectLayout"), "cached losslessly");
    }

    @Test
    void aReportCachedWithMatsSizesIsAnalysedAgain() throws Exception {
        Path index = Files.createDirectory(work.resolve("stale-index"));
        CliRun.of("analyze", dump.toString(), "-f", "json", "--index-dir", index.toString());
        List<Path> cached;
        try (var files = Files.walk(index)) {
            cached = files.filter(p -> p.getFileName().toString().startsWith("analysis-")).toList();
        }
        assertEquals(1, cached.size(), cached.toString());
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode stale =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(cached.get(0).toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) stale.path("report").path("dump")).remove("objectLayout");
        mapper.writeValue(cached.get(0).toFile(), stale); // as an earlier build of the same version wrote it
        JsonNode again = mapper.readTree(CliRun.of("analyze", dump.toString(), "-f", "json", "--index-dir",
                index.toString()).out());
        assertFalse(again.path("timings").path("cached").asBoolean(false), "not served with MAT's sizes");
        assertEquals("hotspot", again.path("dump").path("objectLayout").path("model").asText());
    }

    @Test
    void defaultIndexDirectoryIsUnderTheCacheNotBesideTheDump() throws Exception {
        CliRun run = CliRun.of("analyze", dump.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("known.hprof"), listing(dumpDir));
        List<String> cache = tree(work.resolve("cache"));
        assertTrue(cache.stream().anyMatch(p -> p.startsWith("heaptriage-known.hprof-") && p.contains("analysis-")),
                cache.toString());
    }

    @Test
    void gzipDumpIsAnalysedAndLeftAlone() throws Exception {
        Path gz = dumpDir.resolve("known-copy.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(dump, out);
        }
        byte[] before = Files.readAllBytes(gz);
        Path index = Files.createDirectory(work.resolve("gz-index"));
        CliRun run = CliRun.of("analyze", gz.toString(), "-f", "json", "--index-dir", index.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals("JAVA PROFILE 1.0.2", root.path("dump").path("format").asText());
        assertTrue(root.path("dump").path("objects").asLong() > 1000);
        assertArrayEquals(before, Files.readAllBytes(gz));
        Files.delete(gz);
        assertEquals(List.of("known.hprof"), listing(dumpDir));
    }

    @Test
    void outputFileIsNotOverwrittenWithoutForce() throws Exception {
        Path index = Files.createDirectory(work.resolve("out-index"));
        Path out = Files.writeString(work.resolve("report.txt"), "keep me");
        CliRun refused = CliRun.of("analyze", dump.toString(), "-o", out.toString(), "--index-dir", index.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("refusing to overwrite") && refused.err().contains("--force"), refused.err());
        assertEquals("keep me", Files.readString(out));
        CliRun forced = CliRun.of("analyze", dump.toString(), "-o", out.toString(), "--force", "-f", "markdown",
                "--index-dir", index.toString());
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("", forced.out());
        assertTrue(Files.readString(out).contains("known.hprof"));
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndAHint() {
        CliRun format = CliRun.of("analyze", dump.toString(), "-f", "yaml");
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("unknown format 'yaml'; expected one of html, json, junit, markdown, sarif, "
                        + "text"),
                format.err());
        CliRun detector = CliRun.of("analyze", dump.toString(), "--detectors", "no-such-detector");
        assertEquals(2, detector.exitCode());
        assertTrue(detector.err().contains("unknown detector 'no-such-detector'"), detector.err());
        CliRun level = CliRun.of("analyze", dump.toString(), "--fail-on", "urgent");
        assertEquals(2, level.exitCode());
        assertTrue(level.err().contains("expected one of info, low, medium, high, critical"), level.err());
        CliRun baseline = CliRun.of("analyze", dump.toString(), "--baseline", "old.json");
        assertEquals(2, baseline.exitCode());
        assertEquals(1, baseline.errLines().size(), baseline.err());
        assertTrue(baseline.err().contains("baseline 'old.json' does not exist"), baseline.err());
        CliRun missing = CliRun.of("analyze");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("DUMP"), missing.err());
        assertFalse(missing.err().contains("\tat "));
    }

    @Test
    void helpListsExitCodesAndHowToTakeADump() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("jcmd <pid> GC.heap_dump"), help.out());
        assertTrue(help.out().contains("HeapDumpOnOutOfMemoryError"), help.out());
        for (ExitCode c : ExitCode.values()) {
            assertTrue(help.out().contains(c.code() + "   " + c.meaning.substring(0, 20))
                    || help.out().contains(c.meaning.substring(0, 20)), "exit code " + c.code() + " in help");
        }
        CliRun analyzeHelp = CliRun.of("analyze", "--help");
        for (String option : new String[] {"--baseline", "--fail-on-growth", "--source-root", "sarif", "junit"}) {
            assertTrue(analyzeHelp.out().contains(option), option + " in " + analyzeHelp.out());
        }
        assertTrue(analyzeHelp.out().contains("Exit codes"), analyzeHelp.out());
    }

    @Test
    void detectorsCommandListsTheRegistry() {
        CliRun run = CliRun.of("detectors");
        assertEquals(0, run.exitCode());
        for (String id : dev.heaptriage.detect.Detectors.ids()) {
            assertTrue(run.out().contains(id), id);
        }
    }

    @Test
    void failOnGatesOnTheFindingsOfTheRun() throws Exception {
        Path index = Files.createDirectory(work.resolve("failon-index"));
        CliRun run = CliRun.of("analyze", dump.toString(), "-f", "json", "--fail-on", "info",
                "--index-dir", index.toString());
        int findings = new ObjectMapper().readTree(run.out()).path("summary").path("findings").asInt();
        assertEquals(findings == 0 ? 0 : 1, run.exitCode(), run.err());
    }

    @Test
    void threadsAndHistogramCommands() throws Exception {
        Path index = Files.createDirectory(work.resolve("threads-index"));
        CliRun threads = CliRun.of("threads", dump.toString(), "--index-dir", index.toString());
        assertEquals(0, threads.exitCode(), threads.err());
        assertTrue(threads.err().contains("parsing: pass 2 of 2"), "the first run parses: " + threads.err());
        assertTrue(threads.out().contains("\"known-sleeper\" WAITING daemon"), threads.out());
        assertTrue(threads.out().contains("at dev.heaptriage.scenarios.KnownHeap$Sleeper.run(KnownHeap.java:"));
        assertTrue(threads.out().contains("parked on java.util.concurrent.CountDownLatch$Sync @0x"), threads.out());
        CliRun histogram = CliRun.of("histogram", dump.toString(), "--top", "100000", "--index-dir",
                index.toString());
        assertEquals(0, histogram.exitCode(), histogram.err());
        assertFalse(histogram.err().contains("parsing"), "the tables of the first run serve it: " + histogram.err());
        List<String> lines = histogram.out().lines().toList();
        assertTrue(lines.get(0).matches(" +instances +shallow +retained +class"), lines.get(0));
        assertTrue(lines.get(1).endsWith("byte[]"), histogram.out());
        String holder = lines.stream().filter(l -> l.endsWith("KnownHeap$Holder")).findFirst().orElseThrow();
        assertTrue(holder.matches(" +1 +16 B +[0-9.]+ (KiB|MiB) +dev\\.heaptriage\\.scenarios\\.KnownHeap\\$Holder"), holder);
        CliRun bad = CliRun.of("threads", work.resolve("missing.hprof").toString());
        assertEquals(3, bad.exitCode());
    }

    /** After analyze, both tables come from its index folder: no parse, in every format. */
    @Test
    void threadsAndHistogramAfterAnalyzeNeedNoParse() throws Exception {
        Path index = Files.createDirectory(work.resolve("overview-index"));
        assertEquals(0, CliRun.of("analyze", dump.toString(), "-q", "--index-dir", index.toString()).exitCode());
        CliRun json = CliRun.of("histogram", dump.toString(), "-f", "json", "--index-dir", index.toString());
        assertEquals(0, json.exitCode(), json.err());
        assertFalse(json.err().contains("parsing"), json.err());
        JsonNode rows = new ObjectMapper().readTree(json.out()).path("rows");
        JsonNode holder = null;
        for (JsonNode r : rows) {
            if (r.path("className").asText().endsWith("KnownHeap$Holder")) {
                holder = r;
            }
        }
        assertNotNull(holder, json.out());
        long arrays = (long) KnownHeap.ARRAYS * (16 + KnownHeap.ARRAY_BYTES);
        assertEquals(1, holder.path("instances").asLong());
        assertEquals(16 + 24 + 456 + arrays, holder.path("retainedBytes").asLong(), "exactly HeapViewTest's figure");
        CliRun csv = CliRun.of("threads", dump.toString(), "-f", "csv", "--index-dir", index.toString());
        assertEquals(0, csv.exitCode(), csv.err());
        assertFalse(csv.err().contains("parsing"), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("name,state,daemon,virtual,localsRetainedBytes,blockedOn,topFrame", lines.get(0));
        assertTrue(csv.out().contains("\r\n"), "RFC 4180 line ends");
        String sleeper = lines.stream().filter(l -> l.startsWith("known-sleeper,")).findFirst().orElseThrow();
        assertTrue(sleeper.startsWith("known-sleeper,WAITING,true,false,"), sleeper);
        CliRun redacted = CliRun.of("threads", dump.toString(), "-f", "json", "--redact", "--index-dir",
                index.toString());
        assertFalse(redacted.out().contains("known-sleeper"), redacted.out());
        List<String> names = new java.util.ArrayList<>();
        new ObjectMapper().readTree(redacted.out()).path("threads").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.contains("main"), "the JDK's own thread names stay: " + names);
        CliRun badFormat = CliRun.of("histogram", dump.toString(), "-f", "xml", "--index-dir", index.toString());
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("expected one of text, json, csv"), badFormat.err());
    }
}
