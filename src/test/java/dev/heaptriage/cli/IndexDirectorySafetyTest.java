package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index directory is heaptriage's own marked, private subfolder: user files beside it survive, planted links
 * are never written through, another user's folder is refused, and nothing it writes is readable by others.
 * Issue 10, items 1 to 3, and the index-directory messages of item 11.
 */
class IndexDirectorySafetyTest {
    @TempDir
    static Path shared;

    static Path gz;

    @TempDir
    Path dir;

    @BeforeAll
    static void gzipDump() throws Exception {
        gz = shared.resolve("known.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(ScenarioDumps.dump(KnownHeap.class), out);
        }
    }

    static Path copyOfDump(Path to) throws Exception {
        return Files.copy(ScenarioDumps.dump(KnownHeap.class), to);
    }

    /** The one folder heaptriage made in {@code base}. */
    static Path ourFolder(Path base) throws Exception {
        try (var s = Files.list(base)) {
            List<Path> ours = s.filter(p -> p.getFileName().toString().startsWith("heaptriage-")).toList();
            assertEquals(1, ours.size(), "one heaptriage folder in " + base + ": " + ours);
            return ours.get(0);
        }
    }

    private static Map<String, String> contents(Path d) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (var s = Files.list(d)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(p.getFileName().toString(), new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return m;
    }

    @Test
    void userFilesInTheIndexDirSurviveFirstUseAChangedDumpAndALinkedFolder() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Path dump = copyOfDump(d.resolve("analysis-prod.hprof"));
        Files.writeString(d.resolve("analysis-notes.txt"), "x");
        Files.writeString(d.resolve("heaptriage-work.hprof"), "my own file");
        Files.writeString(d.resolve("dump.identity"), "mine");
        Map<String, String> before = contents(d);

        CliRun first = CliRun.of("analyze", dump.toString(), "--index-dir", d.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(before, contents(d), "every user file in --index-dir is untouched");

        Files.setLastModifiedTime(dump, FileTime.fromMillis(Files.getLastModifiedTime(dump).toMillis() - 60_000));
        Path link = Files.createSymbolicLink(dir.resolve("link"), d);
        CliRun changed = CliRun.of("analyze", dump.toString(), "--index-dir", link.toString());
        assertEquals(0, changed.exitCode(), changed.err());
        assertTrue(changed.out().contains("no leaks found") || changed.out().contains("finding"), changed.out());
        assertEquals(before, contents(d), "a changed dump cleans only heaptriage's own folder");
    }

    @Test
    void currentFolderAsIndexDirKeepsUserFiles() throws Exception {
        Path d = Files.createDirectory(dir.resolve("cwd"));
        Path dump = copyOfDump(d.resolve("analysis-prod.hprof"));
        Files.writeString(d.resolve("analysis-notes.txt"), "x");
        Map<String, String> before = contents(d);
        CliProcess run = CliProcess.run(d, null, "analyze", dump.getFileName().toString(), "--index-dir", "");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(before, contents(d));
        assertTrue(Files.isDirectory(ourFolder(d)), "heaptriage works in a folder of its own");
    }

    @Test
    void aFolderItDidNotMakeIsRefusedEvenWithItsName() throws Exception {
        Path learn = Files.createDirectory(dir.resolve("learn"));
        assertEquals(0, CliRun.of("analyze", gz.toString(), "--index-dir", learn.toString()).exitCode());
        String name = ourFolder(learn).getFileName().toString();

        Path plain = Files.createDirectories(dir.resolve("plain").resolve(name));
        Path victim = Files.writeString(plain.resolve("heaptriage-work.partial"), "user data");
        CliRun refused = CliRun.of("analyze", gz.toString(), "--index-dir", plain.getParent().toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.errLines().size(), refused.err());
        assertTrue(refused.err().contains("heaptriage did not make it"), refused.err());
        assertEquals("user data", Files.readString(victim));

        Path target = Files.createDirectory(dir.resolve("target"));
        Path linkBase = Files.createDirectory(dir.resolve("linked"));
        Files.createSymbolicLink(linkBase.resolve(name), target);
        CliRun linked = CliRun.of("analyze", gz.toString(), "--index-dir", linkBase.toString());
        assertEquals(2, linked.exitCode(), linked.err());
        assertTrue(linked.err().contains("a symbolic link"), linked.err());
        try (var s = Files.list(target)) {
            assertEquals(0, s.count(), "nothing is written through the linked folder");
        }
    }

    @Test
    void plantedLinksInItsOwnFolderAreNeverWrittenThrough() throws Exception {
        Path base = Files.createDirectory(dir.resolve("base"));
        assertEquals(0, CliRun.of("analyze", gz.toString(), "--index-dir", base.toString()).exitCode());
        Path ours = ourFolder(base);
        Path cache;
        try (var s = Files.list(ours)) {
            cache = s.filter(p -> p.getFileName().toString().matches("analysis-.*\\.json")).findFirst().orElseThrow();
        }
        Path victims = Files.createDirectory(dir.resolve("victims"));
        Map<String, Path> planted = new TreeMap<>();
        for (String n : List.of("heaptriage-work.partial", "heaptriage-work.hprof", "heaptriage-work.copy",
                "heaptriage-work.copy.tmp", "dump.identity.tmp", cache.getFileName() + ".tmp",
                cache.getFileName().toString())) {
            Path p = ours.resolve(n);
            Files.deleteIfExists(p);
            Path victim = Files.writeString(victims.resolve(n + ".victim"), "precious " + n);
            Files.createSymbolicLink(p, victim);
            planted.put(n, victim);
        }
        CliRun run = CliRun.of("analyze", gz.toString(), "-f", "json", "--index-dir", base.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("\"cached\" : true") || run.out().contains("\"cached\": true"),
                "a linked cache entry is never served");
        for (var e : planted.entrySet()) {
            assertEquals("precious " + e.getKey(), Files.readString(e.getValue()), e.getKey() + " was written through");
        }
        assertTrue(Files.isRegularFile(ours.resolve("heaptriage-work.hprof"), LinkOption.NOFOLLOW_LINKS),
                "the decompressed copy is a new file of heaptriage's own");

        Files.delete(ours.resolve("lock"));
        Path lockVictim = Files.writeString(victims.resolve("lock.victim"), "precious lock");
        Files.createSymbolicLink(ours.resolve("lock"), lockVictim);
        CliRun linkedLock = CliRun.of("analyze", gz.toString(), "--index-dir", base.toString());
        assertEquals(2, linkedLock.exitCode(), "a linked lock file is refused, not opened: " + linkedLock.err());
        assertEquals(1, linkedLock.errLines().size(), linkedLock.err());
        assertTrue(linkedLock.err().contains("is a symbolic link, and heaptriage follows none"), linkedLock.err());
        assertEquals("precious lock", Files.readString(lockVictim));
    }

    @Test
    void anotherUsersFolderIsRefusedAndWorldWritableBasesWithoutStickyBit() throws Exception {
        CliProcess.assumeRootWithSetpriv();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path learn = Files.createDirectory(dir.resolve("learn"));
        assertEquals(0, CliRun.of("analyze", gz.toString(), "--index-dir", learn.toString()).exitCode());
        String name = ourFolder(learn).getFileName().toString();

        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "root's file");
        Path planted = tmp.resolve(name);
        assertEquals(0, CliProcess.asNobody("mkdir", "-m", "700", planted.toString()));
        assertEquals(0, CliProcess.asNobody("touch", planted.resolve("heaptriage-index.txt").toString()));
        assertEquals(0, CliProcess.asNobody("ln", "-s", victim.toString(),
                planted.resolve("heaptriage-work.partial").toString()));
        CliRun refused = CliRun.of("analyze", gz.toString(), "--index-dir", tmp.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("belongs to another user (uid 65534)"), refused.err());
        assertEquals("root's file", Files.readString(victim));

        Path theirs = tmp.resolve("theirs");
        assertEquals(0, CliProcess.asNobody("mkdir", "-m", "777", theirs.toString()));
        CliRun othersBase = CliRun.of("analyze", gz.toString(), "--index-dir", theirs.toString());
        assertEquals(2, othersBase.exitCode(), othersBase.err());
        assertTrue(othersBase.err().contains("belongs to another user (uid 65534), who could replace"),
                othersBase.err());

        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        CliRun noSticky = CliRun.of("analyze", gz.toString(), "--index-dir", open.toString());
        assertEquals(2, noSticky.exitCode(), noSticky.err());
        assertTrue(noSticky.err().contains("no sticky bit"), noSticky.err());
    }

    @Test
    void decompressedCopyAndCacheAreReadableByNoOtherUser() throws Exception {
        Path base = Files.createDirectory(dir.resolve("base"));
        Path privateDump = Files.copy(gz, dir.resolve("private.hprof.gz"));
        Files.setPosixFilePermissions(privateDump, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun run = CliRun.of("analyze", privateDump.toString(), "--index-dir", base.toString());
        assertEquals(0, run.exitCode(), run.err());
        Path ours = ourFolder(base);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ours)));
        List<Path> files;
        try (var s = Files.list(ours)) {
            files = s.toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().startsWith("analysis-")), files.toString());
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("heaptriage-work.hprof")));
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f,
                    LinkOption.NOFOLLOW_LINKS)), f.toString());
        }
        CliProcess.assumeRootWithSetpriv();
        for (Path f : files) {
            assertNotEquals(0, CliProcess.asNobody("cat", f.toString()), "another user read " + f);
        }
    }

    @Test
    void defaultCacheFolderIsPrivate() throws Exception {
        Path home = dir.resolve("home-cache");
        String old = System.getProperty("heaptriage.cacheHome");
        System.setProperty("heaptriage.cacheHome", home.toString());
        try {
            CliRun run = CliRun.of("analyze", gz.toString());
            assertEquals(0, run.exitCode(), run.err());
        } finally {
            if (old == null) {
                System.clearProperty("heaptriage.cacheHome");
            } else {
                System.setProperty("heaptriage.cacheHome", old);
            }
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ourFolder(home))));
    }

    @Test
    void indexDirErrorsSayWhyOnOneLineAndExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun notFolder = CliRun.of("analyze", gz.toString(), "--index-dir", file.toString());
        assertEquals(2, notFolder.exitCode(), notFolder.err());
        assertEquals(1, notFolder.errLines().size(), notFolder.err());
        assertTrue(notFolder.err().contains("it is not a folder"), notFolder.err());

        Path missing = dir.resolve("no").resolve("such").resolve("dir");
        CliRun noParent = CliRun.of("analyze", gz.toString(), "--index-dir", missing.toString());
        assertEquals(2, noParent.exitCode(), noParent.err());
        assertTrue(noParent.err().contains("no such folder"), noParent.err());

        Path newline = dir.resolve("bad\nname\u001b[2J").resolve("x");
        CliRun weird = CliRun.of("analyze", gz.toString(), "--index-dir", newline.toString());
        assertEquals(2, weird.exitCode(), weird.err());
        assertEquals(1, weird.errLines().size(), "one line even with a newline in the path: " + weird.err());
        assertTrue(weird.err().contains("bad\\nname\\e[2J"), weird.err());

        Path created = dir.resolve("new-index");
        CliRun made = CliRun.of("analyze", gz.toString(), "--index-dir", created.toString());
        assertEquals(0, made.exitCode(), "a missing --index-dir whose parent exists is created: " + made.err());
    }
}
