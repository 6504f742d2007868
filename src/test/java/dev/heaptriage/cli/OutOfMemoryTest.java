package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.testing.Jdks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Too little memory is exit 4 with the -Xmx to try, not a stack trace: heaptriage runs on the sample dump in a
 * JVM the user capped at 32 MiB (24 MiB ran out before the estimate once the commands of issue 23 were added). */
class OutOfMemoryTest {
    @TempDir
    Path index;

    @Test
    void tooLittleHeapExitsFourWithAdvice() throws Exception {
        Path dump = SampleDumpTest.SAMPLE;
        Process p = new ProcessBuilder(List.of(Jdks.current().resolve("bin/java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyze", dump.toString(),
                "--index-dir", index.toString(), "--no-cache"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finishes");
        assertEquals(4, p.exitValue(), err);
        List<String> lines = err.lines().filter(l -> !l.isBlank() && !CliRun.isProgress(l)).toList();
        // The user's -Xmx is kept: one warning with the estimate before parsing, then the one-line error.
        assertEquals(2, lines.size(), err);
        assertTrue(lines.get(0).startsWith("warning: analysing this dump needs about"), err);
        assertTrue(lines.get(1).startsWith("heaptriage analyze: not enough memory to analyse"), err);
        assertTrue(lines.get(1).contains("-Xmx"), err);
        assertFalse(err.contains("\tat "), err);
    }
}
