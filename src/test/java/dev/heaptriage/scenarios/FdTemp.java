package dev.heaptriage.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Temp files for the {@code Fd*} scenarios: one fresh folder under {@code java.io.tmpdir} per run, deleted with
 * everything in it when the scenario's JVM exits (after its dump). Nothing outside that folder is touched.
 */
final class FdTemp {
    private FdTemp() {
    }

    /** A fresh folder {@code heaptriage-<name>-*} under the temp dir, deleted at exit. */
    static Path dir(String name) throws IOException {
        Path d = Files.createTempDirectory("heaptriage-" + name + "-");
        d.toFile().deleteOnExit(); // registered first, so deleted after the files in it
        return d;
    }

    /** A file of {@code bytes} zero bytes in {@code dir}, deleted at exit. */
    static Path file(Path dir, String name, int bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, new byte[bytes]);
        f.toFile().deleteOnExit();
        return f;
    }

    /** A zip (or jar) with one small entry, deleted at exit. */
    static Path zip(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(f))) {
            out.putNextEntry(new ZipEntry("entry.txt"));
            out.write(("content of " + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        f.toFile().deleteOnExit();
        return f;
    }
}
