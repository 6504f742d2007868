package dev.heaptriage.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.testing.Jdks;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The distribution as a user gets it: the archives' contents, the launcher (Java from JAVA_HOME or the PATH, options
 * from JAVA_OPTS and HEAPTRIAGE_OPTS, clear errors without a usable Java), the generated man pages and completion,
 * and no native-access warnings on JDK 25 with a zstd dump, whichever way heaptriage is started.
 */
class DistributionIT {
    @TempDir
    static Path work;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = Built.unpack(work);
    }

    /** PATH with only the folders of the basic tools (no java): /usr/bin may hold one, so a folder of links is made. */
    private static String pathWithoutJava() throws Exception {
        Path bin = work.resolve("no-java-bin");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            for (String tool : List.of("sh", "sed", "cut", "dirname", "readlink", "head", "cat")) {
                for (String dir : List.of("/usr/bin", "/bin")) {
                    Path p = Path.of(dir, tool);
                    if (Files.isExecutable(p) && !Files.exists(bin.resolve(tool))) {
                        Files.createSymbolicLink(bin.resolve(tool), p);
                    }
                }
            }
        }
        return bin.toString();
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("JAVA_HOME", null);
        m.put("JAVA_OPTS", null);
        m.put("HEAPTRIAGE_OPTS", null);
        m.put("JAVA_TOOL_OPTIONS", null);
        m.put("JDK_JAVA_OPTIONS", null);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String launcher() {
        return home.resolve("bin/heaptriage").toString();
    }

    @Test
    void archivesHoldLaunchersJarManPagesCompletionAndSchemas() throws Exception {
        List<String> subcommands = new ArrayList<>(new CommandLine(dev.heaptriage.cli.Main.class).getSubcommands().keySet());
        TreeSet<String> expected = new TreeSet<>(List.of("bin/heaptriage", "bin/heaptriage.bat", "lib/heaptriage.jar",
                "completion/heaptriage_completion", "man/man1/heaptriage.1", "README.md", "CHANGELOG.md",
                "schema/report.schema.json", "schema/threads.schema.json", "schema/histogram.schema.json",
                "schema/detectors.schema.json", "schema/top.schema.json", "schema/why.schema.json", "schema/objects.schema.json", "schema/diff.schema.json"));
        subcommands.forEach(s -> expected.add("man/man1/heaptriage-" + s + ".1"));
        TreeSet<String> inZip = new TreeSet<>();
        try (ZipFile zip = new ZipFile(Built.zip().toFile())) {
            zip.stream().filter(e -> !e.isDirectory())
                    .forEach(e -> inZip.add(e.getName().substring(("heaptriage-" + Built.VERSION + "/").length())));
        }
        assertTrue(inZip.containsAll(expected), "the zip has " + inZip + ", expected at least " + expected);
        TreeSet<String> inTar = new TreeSet<>();
        try (var files = Files.walk(home)) {
            files.filter(Files::isRegularFile).forEach(p -> inTar.add(home.relativize(p).toString()));
        }
        assertEquals(inZip, inTar, "the zip and the tar.gz hold the same files");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("bin/heaptriage"))));
        assertTrue(Files.readString(home.resolve("bin/heaptriage.bat")).contains("\r\n"), "the .bat has DOS line ends");
        try (JarFile jar = new JarFile(home.resolve("lib/heaptriage.jar").toFile())) {
            assertEquals("ALL-UNNAMED", jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"));
            assertEquals("dev.heaptriage.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        String completion = Files.readString(home.resolve("completion/heaptriage_completion"));
        assertTrue(completion.contains("picocli") && completion.contains("--max-evidence"),
                "the completion script is picocli's, generated from the model");
        String man = Files.readString(home.resolve("man/man1/heaptriage-analyze.1"));
        assertTrue(man.startsWith("'\\\" t") && man.contains(".TH \"HEAPTRIAGE\\-ANALYZE\" \"1\""), "a troff man page");
        assertTrue(man.contains("max\\-evidence"), "generated from the options");
    }

    @Test
    void launcherFindsJavaThroughThePathOrJavaHome() throws Exception {
        String javaBin = Jdks.current().resolve("bin").toString();
        Built.Result viaPath = Built.run(work, env("PATH", javaBin + ":" + pathWithoutJava()), launcher(), "--version");
        assertEquals(0, viaPath.code(), viaPath.err());
        assertEquals("heaptriage " + Built.VERSION, viaPath.out().strip());
        Built.Result viaHome = Built.run(work, env("PATH", pathWithoutJava(), "JAVA_HOME", Jdks.current().toString()),
                launcher(), "--version");
        assertEquals(0, viaHome.code(), viaHome.err());
        assertEquals("heaptriage " + Built.VERSION, viaHome.out().strip());
        // Through a link, as /usr/bin/heaptriage is one.
        Path link = work.resolve("links/heaptriage");
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, home.resolve("bin/heaptriage"));
        Built.Result linked = Built.run(work, env("PATH", javaBin + ":" + pathWithoutJava()), link.toString(), "--version");
        assertEquals(0, linked.code(), linked.err());
    }

    @Test
    void launcherRefusesAMissingOrOldJavaInOneLine() throws Exception {
        Built.Result noJava = Built.run(work, env("PATH", pathWithoutJava()), launcher(), "--version");
        assertEquals(2, noJava.code());
        assertEquals("heaptriage: found no java: set JAVA_HOME or put a JDK or JRE 17 or newer on the PATH",
                noJava.err().strip());
        Built.Result badHome = Built.run(work, env("PATH", pathWithoutJava(), "JAVA_HOME", "/nonexistent"),
                launcher(), "--version");
        assertEquals(2, badHome.code());
        assertTrue(badHome.err().strip().startsWith("heaptriage: JAVA_HOME is '/nonexistent' but it has no bin/java"),
                badHome.err());
        Path old = work.resolve("jdk-11");
        Files.createDirectories(old.resolve("bin"));
        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"11.0.21\"\n");
        Path java = old.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho 'should not run' >&2\nexit 9\n");
        java.toFile().setExecutable(true);
        Built.Result tooOld = Built.run(work, env("PATH", pathWithoutJava(), "JAVA_HOME", old.toString()), launcher(),
                "--version");
        assertEquals(2, tooOld.code(), tooOld.err());
        assertTrue(tooOld.err().contains("is Java 11.0.21; heaptriage needs Java 17 or newer"), tooOld.err());
    }

    @Test
    void javaOptsThenHeaptriageOptsReachTheJvm() throws Exception {
        Built.Result javaOpts = Built.run(work, env("JAVA_OPTS", "-XX:+PrintFlagsFinal -Xmx64m"), launcher(),
                "--version");
        assertEquals(0, javaOpts.code(), javaOpts.err());
        assertTrue(Pattern.compile("MaxHeapSize\\s+= 67108864\\b").matcher(javaOpts.out()).find(),
                "JAVA_OPTS reached the JVM (-Xmx64m)");
        Built.Result both = Built.run(work, env("JAVA_OPTS", "-XX:+PrintFlagsFinal -Xmx64m", "HEAPTRIAGE_OPTS",
                "-Xmx96m"), launcher(), "--version");
        assertEquals(0, both.code(), both.err());
        assertTrue(Pattern.compile("MaxHeapSize\\s+= 100663296\\b").matcher(both.out()).find(),
                "HEAPTRIAGE_OPTS comes after JAVA_OPTS and wins (-Xmx96m)");
        assertTrue(both.out().strip().endsWith("heaptriage " + Built.VERSION), both.out());
    }

    @Test
    void manPagesOpenWithMan() throws Exception {
        Assumptions.assumeTrue(Built.onPath("man"), "needs man (man-db) to render the pages");
        Built.Result r = Built.run(work, Map.of("MANPAGER", "cat", "MANWIDTH", "100"), "man", "-l",
                home.resolve("man/man1/heaptriage-analyze.1").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("heaptriage analyze") && r.out().contains("--max-evidence"), r.out());
        Built.Result main = Built.run(work, Map.of("MANPAGER", "cat"), "man", "-l",
                home.resolve("man/man1/heaptriage.1").toString());
        assertTrue(main.out().contains("EXIT CODES") && main.out().contains("usage error"),
                "the exit codes are in the page: " + main.out());
    }

    @Test
    void bashCompletesCommandsAndOptions() throws Exception {
        Assumptions.assumeTrue(Built.onPath("bash"), "needs bash");
        String script = home.resolve("completion/heaptriage_completion").toString();
        Built.Result r = Built.run(work, Map.of(), "bash", "-c", "source '" + script + "'\n"
                + "complete -p heaptriage >/dev/null || exit 3\n"
                + "COMP_WORDS=(heaptriage an); COMP_CWORD=1; _complete_heaptriage 2>/dev/null; echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(heaptriage analyze app.hprof --max-e); COMP_CWORD=3; _complete_heaptriage 2>/dev/null;"
                + " echo \"${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(heaptriage analyze app.hprof -f ''); COMP_CWORD=4; _complete_heaptriage 2>/dev/null;"
                + " echo \"${COMPREPLY[*]}\"\n");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("analyze", lines.get(0).strip());
        assertTrue(lines.get(1).contains("--max-evidence"), r.out());
        assertTrue(lines.get(2).contains("sarif") && lines.get(2).contains("junit"), "-f completes formats: " + r.out());
    }

    @Test
    void zshLoadsTheSameCompletion() throws Exception {
        Assumptions.assumeTrue(Built.onPath("zsh"), "needs zsh (Debian package zsh) to load the completion in zsh");
        String script = home.resolve("completion/heaptriage_completion").toString();
        Built.Result r = Built.run(work, Map.of("HOME", work.toString()), "zsh", "-f", "-c",
                "autoload -U +X compinit && compinit -u && autoload -U +X bashcompinit && bashcompinit\n"
                        + "source '" + script + "' || exit 3\n"
                        + "whence -w _complete_heaptriage\n");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("_complete_heaptriage: function"), r.out() + r.err());
    }

    /**
     * JDK 24+ warns when a library loads native code without native access; the zstd decoder does. Neither the
     * launcher nor {@code java -jar} nor the child JVM of a re-launch may print such warnings, even with {@code -q};
     * plain {@code -cp} does (the control that shows the test can fail). A zstd file that holds a cut HPROF loads the
     * decoder as a real one does and then fails fast (exit 3), so only two of the runs parse.
     */
    @Test
    void noNativeAccessWarningsOnJdk25WithAZstdDump() throws Exception {
        Path jdk25 = Jdks.jdk25().orElse(null);
        Assumptions.assumeTrue(jdk25 != null, "needs a JDK 25 ($HEAPTRIAGE_JDK25 or /usr/lib/jvm/*-25*)");
        Path hprof = Built.sampleHprof(work.resolve("sample.hprof"));
        Path zst = work.resolve("sample.hprof.zst");
        try (OutputStream out = new ZstdCompressorOutputStream(Files.newOutputStream(zst))) {
            Files.copy(hprof, out);
        }
        Path cut = work.resolve("cut.hprof.zst");
        try (OutputStream out = new ZstdCompressorOutputStream(Files.newOutputStream(cut))) {
            out.write(Files.readAllBytes(hprof), 0, (int) (Files.size(hprof) / 2));
        }
        String java25 = jdk25.resolve("bin/java").toString();
        String jar = home.resolve("lib/heaptriage.jar").toString();
        record Way(List<String> command, Path dump, int exit) {
        }
        List<Way> ways = List.of(
                new Way(List.of(launcher()), zst, 0),
                new Way(List.of(java25, "-XX:MaxRAM=64m", "-jar", jar), zst, 0), // re-launched in a child JVM
                new Way(List.of(java25, "-jar", jar), cut, 3));
        for (Way way : ways) {
            List<String> cmd = new ArrayList<>(way.command());
            Path index = Files.createTempDirectory(work, "idx");
            Collections.addAll(cmd, "analyze", way.dump().toString(), "-q", "--no-cache", "--index-dir",
                    index.toString());
            Built.Result r = Built.run(work, env("JAVA_HOME", jdk25.toString()), cmd);
            assertEquals(way.exit(), r.code(), way + ": " + r.err());
            if (way.exit() == 0) {
                assertEquals("", r.err(), way.command() + " printed on stderr with -q");
                assertTrue(r.out().contains("retained-slice"), r.out());
            } else {
                assertEquals(1, r.err().lines().count(), "only the one error line: " + r.err());
                assertTrue(r.err().startsWith("heaptriage analyze: truncated"), r.err());
            }
        }
        Built.Result control = Built.run(work, env(), java25, "-cp", jar, "dev.heaptriage.cli.Main", "analyze",
                cut.toString(), "-q", "--no-cache", "--index-dir", Files.createTempDirectory(work, "idx").toString());
        assertTrue(control.err().contains("restricted method"), "JDK 25 warns without native access: " + control.err());
    }
}
