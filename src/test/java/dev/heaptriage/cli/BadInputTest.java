package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input exits 3 with one clear line on stderr (what was expected, what was found), no stack
 * trace, the file untouched and nothing written beside it.
 */
class BadInputTest {
    @TempDir
    Path dir;

    @TempDir
    Path index;

    private static byte[] realDump() throws IOException {
        return Files.readAllBytes(ScenarioDumps.dump(KnownHeap.class));
    }

    /** Runs analyze on {@code file} and checks the common contract; returns the one stderr line. */
    private String rejects(Path file) throws Exception {
        byte[] before = Files.isRegularFile(file) ? digest(file) : null;
        List<String> listing = listing();
        CliRun run = CliRun.of("analyze", file.toString(), "--index-dir", index.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertEquals("", run.out(), "no report on stdout");
        assertEquals(1, run.errLines().size(), "exactly one line: " + run.err());
        String line = run.errLines().get(0);
        assertTrue(line.startsWith("heaptriage analyze: "), line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        if (before != null) {
            assertArrayEquals(before, digest(file), "the dump is untouched");
        }
        assertEquals(listing, listing(), "nothing is written beside the dump");
        return line;
    }

    private List<String> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] digest(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    @Test
    void missingPath() throws Exception {
        assertTrue(rejects(dir.resolve("nope.hprof")).contains("no such file"));
    }

    @Test
    void pathWithANewlineStaysOneLine() throws Exception {
        String line = rejects(dir.resolve("evil\nheaptriage analyze: forged\u001b[2J.hprof"));
        assertTrue(line.contains("no such file") && line.contains("evil\\nheaptriage analyze: forged\\e[2J"), line);
    }

    @Test
    void directory() throws Exception {
        Path d = Files.createDirectory(dir.resolve("dumps"));
        assertTrue(rejects(d).contains("is a directory"));
    }

    @Test
    void emptyFile() throws Exception {
        assertTrue(rejects(Files.createFile(dir.resolve("empty.hprof"))).contains("file is empty"));
    }

    @Test
    void textFile() throws Exception {
        Path f = Files.writeString(dir.resolve("notes.hprof"), "hello world\nthis is not a dump\n");
        String line = rejects(f);
        assertTrue(line.contains("expected the header 'JAVA PROFILE 1.0.2'") && line.contains("text starting 'hello world'"),
                line);
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x13; // not gzip's magic
        String line = rejects(Files.write(dir.resolve("noise.hprof"), noise));
        assertTrue(line.contains("not an HPROF heap dump") && line.contains("binary data"), line);
    }

    @ParameterizedTest(name = "cut at {0}")
    @ValueSource(doubles = {0.000001, 0.0000035, 0.0001, 0.5, 0.999999})
    void truncatedDump(double fraction) throws Exception {
        byte[] full = realDump();
        int cut = Math.max(5, (int) (full.length * fraction));
        Path f = Files.write(dir.resolve("cut.hprof"), Arrays.copyOf(full, cut));
        String line = rejects(f);
        assertTrue(line.contains("truncated"), line);
    }

    @Test
    void gzipOfText() throws Exception {
        Path f = dir.resolve("notes.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("just some text\n".getBytes(StandardCharsets.UTF_8));
        }
        String line = rejects(f);
        assertTrue(line.contains("gzip file") && line.contains("does not contain an HPROF heap dump"), line);
    }

    @Test
    void truncatedGzip() throws Exception {
        Path gz = dir.resolve("whole.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(realDump());
        }
        byte[] all = Files.readAllBytes(gz);
        Files.delete(gz);
        Path f = Files.write(dir.resolve("cut.hprof.gz"), Arrays.copyOf(all, all.length / 2));
        assertTrue(rejects(f).contains("truncated or corrupt gzip"));
    }

    @Test
    void wrongIdentifierSize() throws Exception {
        byte[] full = realDump();
        int nul = 18; // "JAVA PROFILE 1.0.2" is 18 bytes, then NUL, then the u4 identifier size
        full[nul + 4] = 5;
        String line = rejects(Files.write(dir.resolve("ids.hprof"), full));
        assertTrue(line.contains("expected 4 or 8 bytes but the header says 5"), line);
    }

    @Test
    void identifierSizeThatDisagreesWithTheRecords() throws Exception {
        byte[] full = realDump();
        full[18 + 4] = 4; // the dump has 8-byte identifiers; the header now says 4
        String line = rejects(Files.write(dir.resolve("ids4.hprof"), full));
        assertTrue(line.contains("the header says identifiers are 4 bytes") && line.contains("fits 8-byte identifiers"),
                line);
        assertFalse(line.contains("FAQ"), line);
    }

    @Test
    void androidDump() throws Exception {
        byte[] full = realDump();
        full[17] = '3';
        String line = rejects(Files.write(dir.resolve("android.hprof"), full));
        assertTrue(line.contains("Android") && line.contains("hprof-conv"), line);
    }

    @Test
    void ibmPortableHeapDump() throws Exception {
        byte[] phd = new byte[64];
        phd[1] = 18;
        byte[] magic = "portable heap dump".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, phd, 2, magic.length);
        String line = rejects(Files.write(dir.resolve("heapdump.phd"), phd));
        assertTrue(line.contains("IBM portable heap dump"), line);
    }
}
