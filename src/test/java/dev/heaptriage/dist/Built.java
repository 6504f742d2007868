package dev.heaptriage.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * What {@code ./mvnw package} made (the integration tests run after it, in {@code verify}): the version, the build
 * folder, the archives and the Debian package, and a way to run programs with a chosen environment.
 */
final class Built {
    static final String VERSION = System.getProperty("heaptriage.version", "0.1.0");
    static final Path TARGET = Path.of(System.getProperty("heaptriage.buildDir", "target")).toAbsolutePath();
    static final Path SAMPLE = Path.of("sample-dumps/leaky-service.hprof.gz").toAbsolutePath();

    private Built() {
    }

    static Path tarGz() {
        return TARGET.resolve("heaptriage-" + VERSION + ".tar.gz");
    }

    static Path zip() {
        return TARGET.resolve("heaptriage-" + VERSION + ".zip");
    }

    static Path deb() {
        return TARGET.resolve("heaptriage_" + VERSION.replace("-SNAPSHOT", "~SNAPSHOT") + "_all.deb");
    }

    /** Unpacks the tar.gz with tar (keeping its modes) into {@code dir}; returns the installation's folder. */
    static Path unpack(Path dir) throws Exception {
        Result r = run(dir, Map.of(), "tar", "-xzf", tarGz().toString(), "-C", dir.toString());
        if (r.code() != 0) {
            throw new AssertionError("tar failed: " + r.err());
        }
        return dir.resolve("heaptriage-" + VERSION);
    }

    /** The sample dump decompressed to {@code file}. */
    static Path sampleHprof(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SAMPLE));
             OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        return file;
    }

    record Result(int code, String out, String err) {
    }

    /** Runs {@code cmd} in {@code cwd} with the environment changed by {@code env} (a null value removes it). */
    static Result run(Path cwd, Map<String, String> env, String... cmd) throws Exception {
        return run(cwd, env, List.of(cmd));
    }

    static Result run(Path cwd, Map<String, String> env, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd));
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path out = Files.createTempFile("heaptriage-it", ".out");
        Path err = Files.createTempFile("heaptriage-it", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Whether {@code program} is on the PATH. */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
