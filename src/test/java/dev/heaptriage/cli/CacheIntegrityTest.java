package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.scenarios.TinyObjects;
import dev.heaptriage.testing.ScenarioDumps;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing heaptriage keeps is trusted blindly (issue 10, item 7): a decompressed copy that was truncated or
 * swapped, a damaged or foreign cache entry and damaged metadata are detected and rebuilt, never served and never
 * an error; {@code --no-cache} rebuilds the decompressed copy too.
 */
class CacheIntegrityTest {
    @TempDir
    Path dir;

    Path gz;
    Path index;
    Path ours;
    long objects;

    private static Path gzip(Path plain, Path to) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(plain, out);
        }
        return to;
    }

    private JsonNode analyse(String... extra) throws Exception {
        String[] args = new String[5 + extra.length];
        System.arraycopy(new String[] {"analyze", gz.toString(), "-f", "json", "--index-dir=" + index}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private Path cacheFile() throws Exception {
        try (var s = Files.list(ours)) {
            return s.filter(p -> p.getFileName().toString().matches("analysis-.*\\.json")).findFirst().orElseThrow();
        }
    }

    private static boolean cached(JsonNode r) {
        return r.path("timings").path("cached").asBoolean();
    }

    @BeforeEach
    void firstRun() throws Exception {
        gz = gzip(ScenarioDumps.dump(KnownHeap.class), dir.resolve("known.hprof.gz"));
        index = Files.createDirectory(dir.resolve("index"));
        objects = analyse().path("dump").path("objects").asLong();
        assertTrue(objects > 1000);
        ours = IndexDirectorySafetyTest.ourFolder(index);
    }

    @Test
    void aTruncatedDecompressedCopyIsRebuilt() throws Exception {
        Path copy = ours.resolve("heaptriage-work.hprof");
        long full = Files.size(copy);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.truncate(full / 2);
        }
        Files.delete(cacheFile());
        JsonNode r = analyse();
        assertEquals(objects, r.path("dump").path("objects").asLong());
        assertEquals(full, Files.size(copy), "the copy was made again");
    }

    @Test
    void aSwappedDecompressedCopyIsRebuilt() throws Exception {
        Path copy = ours.resolve("heaptriage-work.hprof");
        Files.copy(ScenarioDumps.dump(TinyObjects.class), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(cacheFile());
        JsonNode r = analyse();
        assertEquals(objects, r.path("dump").path("objects").asLong(), "findings of this dump, not of the swapped one");
    }

    @Test
    void noCacheRebuildsTheDecompressedCopy() throws Exception {
        // A change that keeps size, inode and modification time passes every cheap check; --no-cache still
        // makes the copy again from the dump.
        Path copy = ours.resolve("heaptriage-work.hprof");
        var mtime = Files.getLastModifiedTime(copy);
        byte original;
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 100);
            original = b.get(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (original ^ 0x55)}), 100);
        }
        Files.setLastModifiedTime(copy, mtime);
        JsonNode r = analyse("--no-cache");
        assertFalse(cached(r));
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 100);
            assertEquals(original, b.get(0), "--no-cache made the copy again");
        }
    }

    @Test
    void aDamagedOrForeignCacheEntryIsRebuiltNeverServed() throws Exception {
        Path cache = cacheFile();
        byte[] good = Files.readAllBytes(cache);
        Path otherIndex = Files.createDirectory(dir.resolve("other-index"));
        Path other = gzip(ScenarioDumps.dump(TinyObjects.class), dir.resolve("tiny.hprof.gz"));
        assertEquals(0, CliRun.of("analyze", other.toString(), "--index-dir", otherIndex.toString()).exitCode());
        Path otherOurs = IndexDirectorySafetyTest.ourFolder(otherIndex);
        byte[] foreign;
        try (var s = Files.list(otherOurs)) {
            foreign = Files.readAllBytes(s.filter(p -> p.getFileName().toString().startsWith("analysis-"))
                    .findFirst().orElseThrow());
        }
        Map<String, byte[]> damage = Map.of(
                "truncated", Arrays.copyOf(good, good.length / 2),
                "garbage", "{{{ not a report".getBytes(),
                "not UTF-8", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, '{', '}'},
                "empty", new byte[0],
                "another dump's valid report", foreign);
        for (var e : damage.entrySet()) {
            Files.write(cache, e.getValue());
            JsonNode r = analyse();
            assertFalse(cached(r), e.getKey() + " was served");
            assertEquals(objects, r.path("dump").path("objects").asLong(), e.getKey());
            assertTrue(cached(analyse()), "rebuilt after " + e.getKey());
        }
    }

    @Test
    void damagedMetadataIsRebuiltNeverAnError() throws Exception {
        Map<String, byte[]> damage = Map.of(
                "dump.identity", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, '\n'},
                "heaptriage-work.copy", "size=banana\n\u0000".getBytes(),
                "heaptriage-index.txt", new byte[] {(byte) 0xc3});
        for (var e : damage.entrySet()) {
            Files.write(ours.resolve(e.getKey()), e.getValue());
            Files.deleteIfExists(cacheFile());
            JsonNode r = analyse();
            assertEquals(objects, r.path("dump").path("objects").asLong(), e.getKey());
        }
    }
}
