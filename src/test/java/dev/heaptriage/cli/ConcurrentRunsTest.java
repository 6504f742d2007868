package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs at the same time in one {@code --index-dir}, as separate processes (issue 10, item 4): two dumps never
 * touch each other's files, and a run on the same dump waits for the lock, says so on stderr although stderr is
 * not a terminal, and then reads the report the first run cached instead of parsing again.
 */
class ConcurrentRunsTest {
    @TempDir
    Path dir;

    private static JsonNode json(CliProcess run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    /** Findings as detector, fingerprint and count: what a complete analysis of the sample dump must give. */
    private static List<String> findings(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("detector").asText() + " " + f.path("fingerprint").asText() + " " + f.path("count").asLong());
        }
        return out;
    }

    @Test
    void twoDumpsInOneIndexDirAtOnceBothComplete() throws Exception {
        Path index = Files.createDirectory(dir.resolve("index"));
        Path a = Files.copy(SampleDumpTest.SAMPLE, dir.resolve("a.hprof.gz"));
        Path b = Files.copy(SampleDumpTest.SAMPLE, dir.resolve("b.hprof.gz"));
        List<String> solo = findings(json(CliProcess.run(null, null, "analyze", a.toString(), "-f", "json",
                "--index-dir", Files.createDirectory(dir.resolve("solo")).toString())));
        assertFalse(solo.isEmpty());
        for (int round = 0; round < 1; round++) {
            Process pa = CliProcess.start(null, null, "analyze", a.toString(), "-f", "json", "--no-cache",
                    "--index-dir", index.toString());
            Process pb = CliProcess.start(null, null, "analyze", b.toString(), "-f", "json", "--no-cache",
                    "--index-dir", index.toString());
            assertEquals(solo, findings(json(CliProcess.finish(pa))), "round " + round + ", dump a");
            assertEquals(solo, findings(json(CliProcess.finish(pb))), "round " + round + ", dump b");
        }
        CliProcess cached = CliProcess.run(null, null, "analyze", b.toString(), "-f", "json", "--index-dir",
                index.toString());
        JsonNode c = json(cached);
        assertTrue(c.path("timings").path("cached").asBoolean(), "the cache of b is b's own");
        assertEquals(solo, findings(c));
    }

    @Test
    void aRunOnTheSameDumpWaitsSaysSoAndReadsTheFirstRunsCache() throws Exception {
        Path index = Files.createDirectory(dir.resolve("index"));
        Path dump = Files.copy(SampleDumpTest.SAMPLE, dir.resolve("same.hprof.gz"));
        // Learn the folder and hold its lock as another heaptriage would, so the second run must wait.
        assertEquals(0, CliProcess.run(null, null, "analyze", dump.toString(), "-q", "--index-dir",
                index.toString()).exitCode());
        Path ours = IndexDirectorySafetyTest.ourFolder(index);
        String waiting = "waiting for another heaptriage that is analysing this dump";
        Path[] logs = new Path[4];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = dir.resolve("log-" + i);
        }
        try (var old = Files.list(ours)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("analysis-")).toList()) {
                Files.delete(p); // the only cache entry will be the one the first run writes
            }
        }
        Process first;
        Process second;
        try (FileChannel ch = FileChannel.open(ours.resolve("lock"), StandardOpenOption.WRITE)) {
            FileLock held = ch.lock();
            first = CliProcess.startLogged(logs[0], logs[1], "analyze", dump.toString(), "-f", "json", "--no-cache",
                    "--index-dir", index.toString());
            CliProcess.awaitText(logs[1], waiting, first);
            held.release();
            // Hand the lock to the first run, then start the second: it must wait for the first to finish.
            for (FileLock probe = ch.tryLock(); probe != null; probe = ch.tryLock()) {
                probe.release();
                Thread.sleep(5);
            }
            second = CliProcess.startLogged(logs[2], logs[3], "analyze", dump.toString(), "-f", "json",
                    "--index-dir", index.toString());
            CliProcess.awaitText(logs[3], waiting, second);
        }
        CliProcess a = CliProcess.finishLogged(first, logs[0], logs[1]);
        CliProcess b = CliProcess.finishLogged(second, logs[2], logs[3]);
        JsonNode ra = json(a);
        JsonNode rb = json(b);
        assertEquals(findings(ra), findings(rb));
        boolean aCached = ra.path("timings").path("cached").asBoolean();
        boolean bCached = rb.path("timings").path("cached").asBoolean();
        assertFalse(aCached, "--no-cache parses again");
        assertTrue(bCached, "the run that waited read the cache: " + b.err());
    }
}
