package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.ScenarioDumps;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o} writes only regular files (issue 24, item 2): a device, FIFO, socket or folder is refused whatever
 * {@code --force} says and stays what it was; a symbolic link is replaced itself, never followed; {@code -o -} is
 * standard output; the report is as private as the dump. The dump is analysed once; every later run is served from
 * the analysis cache, so what is tested is only where the report goes.
 */
class OutputTargetTest {
    @TempDir
    static Path work;

    static Path dump;
    static Path index;

    @TempDir
    Path dir;

    @BeforeAll
    static void privateDump() throws Exception {
        dump = Files.copy(ScenarioDumps.dump(KnownHeap.class), work.resolve("app.hprof"));
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rw-------"));
        index = Files.createDirectory(work.resolve("index"));
        CliRun first = CliRun.of("analyze", dump.toString(), "-q", "--index-dir", index.toString());
        assertEquals(0, first.exitCode(), first.err());
    }

    private static CliRun analyze(Path output, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("analyze", dump.toString(), "-q", "--index-dir",
                index.toString(), "-o", output.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The file type bits of {@code p}'s mode, not following a link: 0020000 is a character device. */
    private static int type(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & 0170000;
    }

    private List<String> listing() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    /** Runs {@code -o target --force} and checks the refusal: exit 2, one line naming the kind, nothing written. */
    private void refused(Path target, String kind) throws Exception {
        int before = type(target);
        List<String> listing = listing();
        CliRun run = analyze(target, "--force");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().lines().findFirst().orElse("").contains("is " + kind), run.err());
        assertEquals("", run.out());
        assertEquals(before, type(target), "still " + kind);
        assertEquals(listing, listing(), "no temp file is left");
    }

    @Test
    void fifoIsRefusedWhateverForce() throws Exception {
        Path fifo = dir.resolve("pipe");
        run("mkfifo", fifo.toString());
        refused(fifo, "a FIFO");
    }

    /**
     * A character device such as /dev/null. As root the test makes its own node (1, 3 is /dev/null's): a
     * heaptriage that replaced devices would replace only that one. Others cannot replace /dev/null anyway.
     */
    @Test
    void deviceIsRefusedWhateverForce() throws Exception {
        Path device = Path.of("/dev/null");
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            device = dir.resolve("null");
            run("mknod", device.toString(), "c", "1", "3");
        }
        refused(device, "a character device");
        assertEquals(0020000, type(Path.of("/dev/null")));
    }

    @Test
    void socketIsRefusedWhateverForce() throws Exception {
        Path socket = dir.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            refused(socket, "a socket");
        }
    }

    @Test
    void folderIsRefusedWhateverForce() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("reports"));
        refused(folder, "a folder");
        try (var s = Files.list(folder)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void symbolicLinkIsReplacedNeverFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), victim);
        CliRun refused = analyze(link);
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("symbolic link") && refused.err().contains("--force"), refused.err());
        CliRun forced = analyze(link, "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("precious", Files.readString(victim), "the file the link pointed to is untouched");
        assertFalse(Files.isSymbolicLink(link), "the link itself was replaced");
        assertTrue(Files.readString(link).startsWith("heaptriage "), Files.readString(link));
        assertEquals(List.of("report.txt", "victim.txt"), listing());
    }

    @Test
    void symbolicLinkToADeviceIsReplacedAndTheDeviceStays() throws Exception {
        Path fifo = dir.resolve("pipe");
        run("mkfifo", fifo.toString());
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), fifo);
        CliRun forced = analyze(link, "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(0010000, type(fifo), "the FIFO is still a FIFO");
        assertTrue(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void danglingLinkIsNotFollowedToCreateItsTarget() throws Exception {
        Path target = dir.resolve("elsewhere.txt");
        Path link = Files.createSymbolicLink(dir.resolve("report.txt"), target);
        assertEquals(2, analyze(link).exitCode());
        assertEquals(0, analyze(link, "--force").exitCode());
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "no file was created where the link pointed");
    }

    @Test
    void dashIsStandardOutput() throws Exception {
        Path dash = Path.of("-");
        assertFalse(Files.exists(dash, LinkOption.NOFOLLOW_LINKS), "a file named '-' is left from elsewhere");
        CliRun run = analyze(dash, "-f", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{"), run.out());
        assertFalse(Files.exists(dash, LinkOption.NOFOLLOW_LINKS), "no file named '-'");
    }

    /** {@code rw-rw-rw-} less this process's umask, as a new file gets it. */
    private static String umasked() throws Exception {
        Path probe = Files.createTempFile(work, "probe", "");
        Files.delete(probe);
        Files.newOutputStream(probe).close(); // created with the default mode, which the umask reduces
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
    }

    @Test
    void reportIsAsPrivateAsTheDump() throws Exception {
        Path fresh = dir.resolve("new.txt");
        assertEquals(0, analyze(fresh).exitCode());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)),
                "a new report of a 0600 dump");
        Path open = Files.writeString(dir.resolve("open.txt"), "old");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(0, analyze(open, "--force").exitCode());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)),
                "a replaced file loses what the dump denies");
        Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Path shared = dir.resolve("shared.txt");
            assertEquals(0, analyze(shared).exitCode());
            assertEquals(umasked(), PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)),
                    "a readable dump's report gets what the umask gives");
        } finally {
            Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
