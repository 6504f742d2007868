package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bzip2, xz and zstd dumps are recognised by their magic bytes, whatever their names, and analysed like gzip ones
 * (issue 10, item 11); a damaged one is exit 3 naming the format.
 */
class CompressedDumpTest {
    @TempDir
    static Path dir;

    static long plainObjects;

    @BeforeAll
    static void plain() throws Exception {
        CliRun run = CliRun.of("analyze", ScenarioDumps.dump(KnownHeap.class).toString(), "-f", "json",
                "--index-dir", Files.createDirectory(dir.resolve("plain-index")).toString());
        assertEquals(0, run.exitCode(), run.err());
        plainObjects = new ObjectMapper().readTree(run.out()).path("dump").path("objects").asLong();
    }

    private static OutputStream compressor(String format, OutputStream out) throws Exception {
        return switch (format) {
            case "bzip2" -> new BZip2CompressorOutputStream(out, 1);
            case "xz" -> new XZCompressorOutputStream(out, 0);
            case "zstd" -> new ZstdCompressorOutputStream(out);
            default -> throw new IllegalArgumentException(format);
        };
    }

    private static final java.util.Map<String, byte[]> DUMPS = new java.util.concurrent.ConcurrentHashMap<>();

    /** KnownHeap's dump compressed with {@code format}, made once per run. */
    private static byte[] compressedDump(String format) throws Exception {
        byte[] b = DUMPS.get(format);
        if (b == null) {
            b = Files.readAllBytes(compressed(format, Files.readAllBytes(ScenarioDumps.dump(KnownHeap.class)),
                    "known-" + format));
            DUMPS.put(format, b);
        }
        return b;
    }

    private static Path compressed(String format, byte[] content, String name) throws Exception {
        Path f = dir.resolve(name);
        try (OutputStream out = compressor(format, Files.newOutputStream(f))) {
            out.write(content);
        }
        return f;
    }

    private static List<String> listing(Path d) throws Exception {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bzip2", "xz", "zstd"})
    void compressedDumpsAreAnalysedAndLeftAlone(String format) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(format));
        Path f = Files.write(folder.resolve("app.dump"), compressedDump(format)); // no telling name: the magic decides
        byte[] before = Files.readAllBytes(f);
        Path index = Files.createDirectory(dir.resolve(format + "-index"));
        CliRun run = CliRun.of("analyze", f.toString(), "-f", "json", "--index-dir", index.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(plainObjects, new ObjectMapper().readTree(run.out()).path("dump").path("objects").asLong());
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of("app.dump"), listing(folder), "nothing beside the dump");
        CliRun cached = CliRun.of("analyze", f.toString(), "--index-dir", index.toString());
        assertTrue(cached.out().contains("from cache"), cached.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bzip2", "xz", "zstd"})
    void damagedCompressedDumpsExitThreeNamingTheFormat(String format) throws Exception {
        byte[] whole = compressedDump(format);
        Path cut = Files.write(dir.resolve("cut-" + format), Arrays.copyOf(whole, whole.length / 2));
        Path index = Files.createDirectory(dir.resolve("cut-" + format + "-index"));
        CliRun run = CliRun.of("analyze", cut.toString(), "--index-dir", index.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("truncated or corrupt " + format + " file"), run.err());

        Path text = compressed(format, "just some text\n".getBytes(StandardCharsets.UTF_8), "text-" + format);
        CliRun notHprof = CliRun.of("analyze", text.toString(), "--index-dir", index.toString());
        assertEquals(3, notHprof.exitCode(), notHprof.err());
        assertTrue(notHprof.err().contains(format + " file") && notHprof.err().contains("does not contain an HPROF"),
                notHprof.err());
    }

    @Test
    void zstdWithoutItsNativeDecoderNamesTheCommandThatUnpacksIt() throws Exception {
        // zstd-jni unpacks its native library into java.io.tmpdir; where it cannot, the decoder does not load.
        Path f = Files.write(dir.resolve("nodecoder.hprof.zst"), compressedDump("zstd"));
        Path index = Files.createDirectory(dir.resolve("nodecoder-index"));
        Process p = new ProcessBuilder(CliProcess.command(List.of("-Djava.io.tmpdir=" + dir.resolve("missing")),
                "analyze", f.toString(), "--index-dir", index.toString())).start();
        CliProcess run = CliProcess.finish(p);
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("cannot decompress the zstd file") && run.err().contains("'zstd -d FILE'"),
                run.err());
    }
}
