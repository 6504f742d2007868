package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.scenarios.TinyObjects;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full disks and bad output paths end with the documented exit code and leave nothing behind (issue 10, items 5
 * and 6). Full disks are small tmpfs mounts (root only; the test says why it skips otherwise) and /dev/full.
 */
class FaultExitCodesTest {
    @TempDir
    Path dir;

    /** Mounts a tmpfs of {@code bytes} at a new folder, runs {@code body}, unmounts. */
    private void withTmpfs(long bytes, ThrowingConsumer body) throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes()).strip();
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a small tmpfs to simulate a full disk (needs root): " + why);
        try {
            body.accept(mnt);
        } finally {
            new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    interface ThrowingConsumer {
        void accept(Path p) throws Exception;
    }

    private static List<String> listing(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void diskFullWhileMatWritesItsIndexIsExitFour() throws Exception {
        Path dump = ScenarioDumps.dump(TinyObjects.class);
        long size = Files.size(dump);
        // Room for the dump's size (the early check passes). MAT's index (without its dominator files, which
        // heaptriage keeps in memory) needs a little less than that, so the disk is filled once MAT writes it.
        withTmpfs(size + size / 50, mnt -> {
            Process p = CliProcess.start(null, null, "analyze", dump.toString(), "--index-dir", mnt.toString());
            long deadline = System.nanoTime() + 60_000_000_000L;
            boolean writing = false;
            while (!writing && p.isAlive() && System.nanoTime() < deadline) {
                try (var files = Files.walk(mnt)) {
                    writing = files.anyMatch(f -> f.getFileName().toString().endsWith("outbound.index"));
                }
                Thread.sleep(2);
            }
            assertTrue(writing, "MAT began writing its index");
            fill(mnt.resolve("filler"));
            CliProcess run = CliProcess.finish(p);
            assertEquals(4, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("not enough disk space in"), run.err());
            assertFalse(run.err().contains("corrupt") || run.err().contains("NoParser"), run.err());
            Path ours = IndexDirectorySafetyTest.ourFolder(mnt);
            assertFalse(listing(ours).stream().anyMatch(n -> n.endsWith(".index")), "MAT's partial index is removed");
        });
    }

    @Test
    void diskFilledByAnotherProcessWhileMatParsesIsExitFour() throws Exception {
        // MAT swallows an IOException from its parse passes and reports "NoParserRegistered": heaptriage has to
        // look at the disk to know. The disk fills (as another process would fill it) once pass 1 has begun.
        Path dump = ScenarioDumps.dump(TinyObjects.class);
        withTmpfs(64L << 20, mnt -> {
            Process p = CliProcess.start(null, null, "analyze", dump.toString(), "--index-dir", mnt.toString());
            long deadline = System.nanoTime() + 60_000_000_000L;
            boolean started = false;
            while (!started && p.isAlive() && System.nanoTime() < deadline) {
                try (var files = Files.walk(mnt)) {
                    started = files.anyMatch(f -> f.getFileName().toString().endsWith(".threads"));
                }
                Thread.sleep(2);
            }
            assertTrue(started, "MAT began writing its files");
            fill(mnt.resolve("filler"));
            CliProcess run = CliProcess.finish(p);
            assertEquals(4, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("not enough disk space in"), run.err());
            assertFalse(run.err().contains("NoParser") || run.err().contains("corrupt"), run.err());
        });
    }

    /** Writes {@code file} until the disk is full. */
    private static void fill(Path file) throws Exception {
        try (var out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            try {
                while (true) {
                    out.write(block);
                }
            } catch (java.io.IOException full) {
                // the disk is full now
            }
        }
    }

    @Test
    void reportOnAFullDiskIsExitFourAndLeavesNothing() throws Exception {
        Path dump = ScenarioDumps.dump(KnownHeap.class);
        Path index = Files.createDirectory(dir.resolve("index"));
        withTmpfs(256 * 1024, mnt -> {
            Path filler = mnt.resolve("filler");
            fill(filler);
            Path report = mnt.resolve("report.txt");
            CliRun run = CliRun.of("analyze", dump.toString(), "-o", report.toString(), "--index-dir", index.toString());
            assertEquals(4, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains("not enough disk space to write the report"), run.err());
            assertEquals(List.of("filler"), listing(mnt), "no empty or partial report is left");
            Files.delete(filler);
            CliRun again = CliRun.of("analyze", dump.toString(), "-o", report.toString(), "--index-dir",
                    index.toString());
            assertEquals(0, again.exitCode(), "the rerun is not refused by a 0-byte leftover: " + again.err());
            assertTrue(Files.readString(report).startsWith("heaptriage "), Files.readString(report));
        });
    }

    @Test
    void outputIntoAMissingFolderOrOntoAFolderIsExitTwo() throws Exception {
        Path dump = ScenarioDumps.dump(KnownHeap.class);
        Path index = Files.createDirectory(dir.resolve("index"));
        CliRun missing = CliRun.of("analyze", dump.toString(), "-o", dir.resolve("no/such/report.txt").toString(),
                "--index-dir", index.toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        CliRun ontoFolder = CliRun.of("analyze", dump.toString(), "-o", folder.toString(), "--force",
                "--index-dir", index.toString());
        assertEquals(2, ontoFolder.exitCode(), ontoFolder.err());
        assertTrue(ontoFolder.err().contains("is a folder"), ontoFolder.err());
        assertEquals(List.of(), listing(folder));
    }

    @Test
    void outputNamingTheDumpIsRefusedEvenWithForce() throws Exception {
        Path dump = Files.copy(ScenarioDumps.dump(KnownHeap.class), dir.resolve("app.hprof"));
        byte[] before = Files.readAllBytes(dump);
        Path index = Files.createDirectory(dir.resolve("index"));
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), dump);
        for (Path o : List.of(dump, link)) {
            CliRun run = CliRun.of("analyze", dump.toString(), "-o", o.toString(), "--force", "--index-dir",
                    index.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("over the dump itself"), run.err());
        }
        assertArrayEquals(before, Files.readAllBytes(dump));
    }

    @Test
    void outputIsReplacedWholeWithForce() throws Exception {
        Path dump = ScenarioDumps.dump(KnownHeap.class);
        Path index = Files.createDirectory(dir.resolve("index"));
        Path out = Files.writeString(dir.resolve("report.md"), "old");
        CliRun run = CliRun.of("analyze", dump.toString(), "-o", out.toString(), "--force", "-f", "markdown",
                "--index-dir", index.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(out).startsWith("# heaptriage report"));
        assertEquals(List.of("index", "report.md"), listing(dir), "no temp file is left");
    }

    @Test
    void stdoutOnAFullDeviceIsExitFour() throws Exception {
        Path dump = ScenarioDumps.dump(KnownHeap.class);
        Path index = Files.createDirectory(dir.resolve("index"));
        File full = new File("/dev/full");
        Assumptions.assumeTrue(full.exists(), "this system has no /dev/full");
        CliProcess run = CliProcess.run(null, full, "analyze", dump.toString(), "--index-dir", index.toString());
        assertEquals(4, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("could not write the report to standard output"), run.err());
    }
}
