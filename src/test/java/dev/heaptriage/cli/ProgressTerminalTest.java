package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real terminal: {@code script} gives heaptriage a pseudo-terminal as stderr while its stdout goes to a file, the
 * usual {@code analyze app.hprof -f json > report.json}. The progress line must be redrawn with a moving clock and
 * one percentage for the whole run that only grows and ends at 100%, and the report must hold none of it.
 */
class ProgressTerminalTest {
    private static final Pattern FRAME = Pattern.compile("\\[\\s*(\\d+\\.\\d) s\\] ([^\\r\\n\\x1b]*)");

    @TempDir
    Path work;

    @Test
    void theLineMovesWhileStdoutIsRedirected() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "needs script (util-linux) for a pseudo-terminal");
        Path dump = Path.of("sample-dumps/leaky-service.hprof.gz").toAbsolutePath();
        Path report = work.resolve("report.json");
        Path typescript = work.resolve("typescript");
        String command = CliProcess.command("analyze", dump.toString(), "--index-dir", work.toString(), "-f", "json")
                .stream().map(ProgressTerminalTest::quote).collect(Collectors.joining(" ")) + " > " + quote(report.toString());
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, typescript.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("script.out").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "heaptriage under script did not finish");
        assertEquals(0, p.exitValue(), Files.readString(work.resolve("script.out")));

        String tty = Files.readString(typescript, StandardCharsets.UTF_8);
        List<Double> clock = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        Matcher m = FRAME.matcher(tty);
        while (m.find()) {
            clock.add(Double.parseDouble(m.group(1)));
            phases.add(m.group(2));
        }
        assertTrue(tty.contains("\r\u001b[K"), "the line is redrawn in place");
        assertTrue(clock.size() >= 8, "a few frames a second while loading: " + clock);
        for (int i = 1; i < clock.size(); i++) {
            assertTrue(clock.get(i) >= clock.get(i - 1), "the clock never goes back: " + clock);
        }
        assertTrue(clock.get(clock.size() - 1) > clock.get(0) + 1, "the clock moves: " + clock);
        // One bar for the whole run: every frame has the bar and one percentage, which never goes back, in every phase.
        Pattern bar = Pattern.compile("\\[[#-]{20}\\]\\s+(\\d+)% (.*)");
        int last = -1;
        List<String> seenPhases = new ArrayList<>();
        for (String frame : phases) {
            Matcher f = bar.matcher(frame);
            assertTrue(f.lookingAt(), "every frame shows the bar and the percentage: " + frame);
            int pct = Integer.parseInt(f.group(1));
            assertTrue(pct >= last, "the percentage never goes back: " + pct + " after " + last + " in " + phases);
            last = pct;
            String phase = f.group(2).replaceAll(" · about .*", "");
            if (!seenPhases.contains(phase)) {
                seenPhases.add(phase);
            }
        }
        assertEquals(100, last, "the last frame is 100%: " + phases);
        assertTrue(phases.get(phases.size() - 1).contains("100% done"), phases.get(phases.size() - 1));
        assertTrue(seenPhases.stream().anyMatch(s -> s.startsWith("parsing: pass 2 of 2")), "" + seenPhases);
        assertTrue(seenPhases.stream().anyMatch(s -> s.startsWith("detector ")), "detectors show too: " + seenPhases);
        assertTrue(phases.stream().anyMatch(s -> s.contains(" left")), "an estimate of the time left: " + phases);

        String json = Files.readString(report);
        assertFalse(json.contains("\r") || json.contains("\u001b"), "nothing of the progress line in the report");
        assertEquals(1, new ObjectMapper().readTree(json).path("schemaVersion").asInt());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
