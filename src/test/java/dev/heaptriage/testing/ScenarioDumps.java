package dev.heaptriage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes heap dumps from scenario programs: each scenario's {@code main(String[] {dumpPath})} builds a heap in a
 * forked JVM and dumps itself with {@code HotSpotDiagnosticMXBean.dumpHeap} (see {@link Scenario}). Dumps are cached
 * for the whole test run (one surefire JVM), keyed by scenario class and JDK, in a fresh folder under
 * {@code target/test-dumps}; folders of earlier runs are deleted on first use, so a changed scenario is never
 * served from a stale dump. Scenarios run with {@code -Xmx512m -XX:+UseSerialGC}, plus what their
 * {@link ScenarioJvm} adds.
 */
public final class ScenarioDumps {
    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();
    private static Path runDir;

    private ScenarioDumps() {
    }

    /** A dump of {@code scenario} made by the JDK running the tests. */
    public static Path dump(Class<?> scenario) {
        return dump(scenario, Jdks.current());
    }

    /** A dump of {@code scenario} made by the JDK at {@code javaHome}. */
    public static Path dump(Class<?> scenario, Path javaHome) {
        return dump(scenario, javaHome, List.of());
    }

    /**
     * A dump of {@code scenario} made by the JDK at {@code javaHome} started with these extra JVM options (after the
     * defaults, so they win), e.g. {@code -XX:-UseCompressedOops}. Each set of options is a dump of its own.
     */
    public static Path dump(Class<?> scenario, Path javaHome, List<String> jvmOptions) {
        String key = scenario.getName() + "@" + javaHome + "|" + String.join(" ", jvmOptions);
        return CACHE.computeIfAbsent(key, k -> make(scenario, javaHome, List.copyOf(jvmOptions), List.of()));
    }

    /**
     * A dump of {@code scenario} run with {@code args} after the dump path (a size, a variant), made by the JDK at
     * {@code javaHome}; cached per scenario, JDK and arguments.
     */
    public static Path dump(Class<?> scenario, Path javaHome, String... args) {
        String key = scenario.getName() + "@" + javaHome + "@" + String.join(",", args);
        return CACHE.computeIfAbsent(key, k -> make(scenario, javaHome, List.of(), List.of(args)));
    }

    /** Every dump this run has made so far (scenario, JDK and options in the key), in no promised order. */
    public static Map<String, Path> cached() {
        return Map.copyOf(CACHE);
    }

    /** The folder of this run's dumps (created on first use). */
    public static synchronized Path runDir() {
        if (runDir == null) {
            try {
                Path base = Path.of(System.getProperty("heaptriage.test.dumpDir", "target/test-dumps"));
                Files.createDirectories(base);
                try (Stream<Path> old = Files.list(base)) {
                    for (Path p : old.toList()) {
                        deleteTree(p);
                    }
                }
                runDir = Files.createTempDirectory(base, "run-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the test dump folder", e);
            }
        }
        return runDir;
    }

    private static Path make(Class<?> scenario, Path javaHome, List<String> jvmOptions, List<String> args) {
        String jdk = javaHome.getFileName().toString().replaceAll("[^A-Za-z0-9.-]", "_")
                + (jvmOptions.isEmpty() ? "" : "-" + Integer.toHexString(jvmOptions.hashCode()))
                + (args.isEmpty() ? "" : "-" + String.join("-", args).replaceAll("[^A-Za-z0-9.-]", "_"));
        Path out = runDir().resolve(scenario.getSimpleName() + "-" + jdk + ".hprof");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        ScenarioJvm jvm = scenario.getAnnotation(ScenarioJvm.class);
        if (jvm != null) {
            for (String option : jvm.value()) {
                cmd.add(option.replace("{dump}", out.toString()));
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(testClasses());
        cmd.add(scenario.getName());
        cmd.add(out.toString());
        cmd.addAll(args);
        Path log = runDir().resolve(scenario.getSimpleName() + "-" + jdk + ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("scenario " + scenario.getName() + " did not finish in 120 s; log: "
                        + Files.readString(log));
            }
            if (p.exitValue() != 0 || !Files.exists(out)) {
                throw new IllegalStateException("scenario " + scenario.getName() + " on " + javaHome + " exited "
                        + p.exitValue() + ": " + Files.readString(log));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scenario " + scenario.getName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The classpath of a scenario's JVM: the test classpath (compiled scenarios and the test-scoped libraries whose
     * leaks some of them build: Netty, OkHttp, Apache HttpClient). Surefire passes it as {@code surefire.test.class.path}
     * (its own JVM may run from a manifest-only jar); elsewhere it is this JVM's classpath.
     */
    static String testClasses() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        String own = System.getProperty("java.class.path");
        try {
            String classes = Path.of(ScenarioDumps.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            return own == null || own.isBlank() ? classes : classes + java.io.File.pathSeparator + own;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a folder the tests made and everything in it. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
