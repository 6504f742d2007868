package dev.heaptriage.cli;

import dev.heaptriage.testing.Jdks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * heaptriage in a JVM of its own (the test class path and {@link Main}, as the jar runs it), for what needs a real
 * process: concurrent runs, the current folder, standard output onto a device, another user's files.
 */
record CliProcess(int exitCode, String out, String err) {

    /** The command line that runs heaptriage with {@code args}. */
    static List<String> command(String... args) {
        return command(List.of(), args);
    }

    /** The command line that runs heaptriage with {@code args} in a JVM started with {@code jvmOptions}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Jdks.current().resolve("bin/java").toString(), "-Xmx512m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts heaptriage in {@code cwd} (null: the tests' own); stdout goes to {@code stdout} when not null. */
    static Process start(Path cwd, File stdout, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        if (stdout != null) {
            pb.redirectOutput(stdout);
        }
        return pb.start();
    }

    /** Starts heaptriage with stdout and stderr going to files (to watch a run while it waits). */
    static Process startLogged(Path stdout, Path stderr, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    /** Waits until {@code file} contains {@code text} (at most a minute). */
    static void awaitText(Path file, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.readString(file).contains(text)) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new AssertionError("no '" + text + "' in " + file + ": " + Files.readString(file));
            }
            Thread.sleep(50);
        }
    }

    /** Waits for a process started by {@link #startLogged} and returns what it printed. */
    static CliProcess finishLogged(Process p, Path stdout, Path stderr) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("heaptriage did not finish in 120 s; stderr: " + Files.readString(stderr));
        }
        return new CliProcess(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** Runs heaptriage to its end (at most two minutes) and returns what it printed. */
    static CliProcess run(Path cwd, File stdout, String... args) throws Exception {
        CliProcess p = finish(start(cwd, stdout, args));
        // Every JSON output of every test run validates against its committed schema (-o relative to cwd aside).
        // Only a JSON output is read back, and a stdout that is not a regular file (/dev/full) never.
        if (cwd == null && dev.heaptriage.testing.JsonSchemas.outputOf(args) != null
                && (stdout == null || Files.isRegularFile(stdout.toPath()))) {
            dev.heaptriage.testing.JsonSchemas.checkRun(p.exitCode(), stdout == null ? p.out()
                    : Files.readString(stdout.toPath()), args);
        }
        return p;
    }

    static CliProcess finish(Process p) throws Exception {
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.complete("");
            }
        });
        reader.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("heaptriage did not finish in 120 s; stderr: " + err);
        }
        reader.join();
        return new CliProcess(p.exitValue(), out.get(), err);
    }

    /** Non-blank stderr lines other than progress lines ({@link CliRun#isProgress}). */
    List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank() && !CliRun.isProgress(l)).toList();
    }

    /** Runs a plain command as user {@code nobody} (setpriv), returning its exit code; needs root. */
    static int asNobody(String... cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + full);
        }
        return p.exitValue();
    }

    /** Skips the calling test, saying why, unless it runs as root with setpriv (to act as a second user). */
    static void assumeRootWithSetpriv() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to act as a second user (setpriv --reuid); running as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "needs setpriv (util-linux) to act as a second user");
    }
}
