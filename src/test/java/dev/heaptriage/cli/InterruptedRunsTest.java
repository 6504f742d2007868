package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped in the middle of MAT's parse, by {@code kill -9} or by Ctrl-C (SIGINT), harms nothing: the user's
 * files in the index folder are untouched, and the next run on the same folder succeeds and leaves exactly the
 * files a run that was never interrupted leaves (no MAT index, partial copy or temporary file of the stopped one).
 */
class InterruptedRunsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"KILL", "INT"})
    void aRunStoppedWhileParsingHarmsNothingAndTheNextRunRecovers(String signal) throws Exception {
        String dump = SampleDumpTest.SAMPLE.toString();
        Path index = Files.createDirectories(tmp.resolve("index"));
        Path notes = Files.writeString(index.resolve("analysis-notes.txt"), "mine");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = CliProcess.startLogged(out, err, "analyze", dump, "--no-cache", "--index-dir", index.toString());
        CliProcess.awaitText(err, "parsing", p);
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops on SIG" + signal);
        assertNotEquals(0, p.exitValue(), "stopped before its end: " + Files.readString(err));
        assertFalse(Files.readString(err).contains("\tat "), Files.readString(err));
        assertEquals("mine", Files.readString(notes));

        CliProcess again = CliProcess.run(null, null, "analyze", dump, "-q", "--index-dir", index.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("heaptriage "), again.out());
        assertEquals("mine", Files.readString(notes));

        Path clean = Files.createDirectories(tmp.resolve("clean"));
        CliProcess fresh = CliProcess.run(null, null, "analyze", dump, "-q", "--index-dir", clean.toString());
        assertEquals(0, fresh.exitCode(), fresh.err());
        assertEquals(fileNames(clean), fileNames(index).stream().filter(n -> !n.equals("analysis-notes.txt")).toList(),
                "the recovered folder holds what a clean run leaves, nothing of the stopped run");
    }

    /** Every file under {@code dir}, relative, with the hexadecimal keys in names replaced by {@code <key>}. */
    private static List<String> fileNames(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString().replaceAll("[0-9a-f]{16}", "<key>"))
                    .sorted().toList();
        }
    }
}
