package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.testing.Jdks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory that sizes itself, in real processes: a JVM whose default heap is too small for the dump (simulated with
 * {@code -XX:MaxRAM}, which shrinks the default the way a small machine or container does) runs the same command
 * again in a child JVM with enough heap; a heap the user chose is never overridden, only warned about.
 */
class RelaunchTest {
    @TempDir
    Path work;

    private record Run(int code, String out, String err) {
    }

    private Run run(List<String> jvmOptions, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jdks.current().resolve("bin/java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().putAll(env);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finishes");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private String[] analyze() {
        return new String[] {"analyze", SampleDumpTest.SAMPLE.toString(), "--index-dir", work.toString(), "--no-cache"};
    }

    @Test
    void aDefaultHeapTooSmallRunsAgainWithEnough() throws Exception {
        Run r = run(List.of("-XX:MaxRAM=64m"), Map.of(), analyze());
        assertEquals(0, r.code(), r.err());
        long relaunches = r.err().lines().filter(l -> l.contains("running again with -Xmx")).count();
        assertEquals(1, relaunches, "once, and never again from the child: " + r.err());
        assertTrue(r.out().startsWith("heaptriage "), "the child wrote the report on the same stdout: " + r.out());
        assertTrue(r.out().contains("retained-slice"), r.out());
        assertFalse(r.err().contains("not enough memory"), r.err());
    }

    @Test
    void aHeapTheUserChoseIsKeptAndWarnedAbout() throws Exception {
        Run r = run(List.of("-Xmx32m"), Map.of(), analyze());
        assertEquals(4, r.code(), r.err());
        assertFalse(r.err().contains("running again"), r.err());
        assertTrue(r.err().contains("warning: analysing this dump needs about") && r.err().contains("-Xmx"), r.err());
    }

    @Test
    void javaToolOptionsCountAsTheUsersChoice() throws Exception {
        Run r = run(List.of("-XX:MaxRAM=64m"), Map.of("JAVA_TOOL_OPTIONS", "-Dheaptriage.test=1"), analyze());
        assertFalse(r.err().contains("running again"), r.err());
        assertTrue(r.err().contains("warning: analysing this dump needs about"), r.err());
    }
}
