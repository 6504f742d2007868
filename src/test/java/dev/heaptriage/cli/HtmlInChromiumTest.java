package dev.heaptriage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of the sample dump in a real browser: headless Chromium (Debian's {@code chromium}, which
 * {@code .ci/run} installs) loads the file, and the page it built has the heap chart with one bar per finding and no
 * console message at all (the page runs no script, so any message is an error: a blocked resource, a CSP violation).
 * Two control pages prove the console check sees both kinds. A screenshot is kept in {@code target/chromium/}.
 * Skipped only when no Chromium can be found ({@code $HEAPTRIAGE_CHROMIUM}, {@code /usr/bin/chromium}, PATH).
 */
class HtmlInChromiumTest {
    /** A console message as Chromium logs it with {@code --enable-logging=stderr}. */
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");

    @TempDir
    static Path dir;

    static Optional<Path> chromium() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("HEAPTRIAGE_CHROMIUM");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String p : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(p, "chromium"));
                candidates.add(Path.of(p, "chromium-browser"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    record Page(int exit, String dom, List<String> console) {
    }

    /** Loads {@code html} in headless Chromium: the DOM it built, and every console message it logged. */
    static Page load(Path browser, Path html, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile-");
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
        }
        List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(l -> CONSOLE.matcher(l).find()).toList();
        return new Page(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), console);
    }

    static Path report;
    static int findings;
    static int parts;

    @BeforeAll
    static void sampleReport() throws Exception {
        report = dir.resolve("heaptriage-report.html");
        CliRun html = CliRun.of("analyze", SampleDumpTest.SAMPLE.toString(), "-q", "--index-dir", dir.toString(),
                "-f", "html", "-o", report.toString());
        assertEquals(0, html.exitCode(), html.err());
        CliRun json = CliRun.of("analyze", SampleDumpTest.SAMPLE.toString(), "-q", "--index-dir", dir.toString(),
                "-f", "json");
        findings = new ObjectMapper().readTree(json.out()).path("findings").size();
        parts = new ObjectMapper().readTree(json.out()).path("heapParts").size();
        assertTrue(findings > 0);
    }

    @Test
    void theReportRendersWithItsChartAndNoConsoleMessage() throws Exception {
        Optional<Path> browser = chromium();
        assumeTrue(browser.isPresent(), "no chromium installed (.ci/run installs Debian's chromium)");
        Page page = load(browser.get(), report, "--dump-dom");
        assertEquals(0, page.exit());
        assertEquals(List.of(), page.console(), "console messages of the report page");
        assertTrue(page.dom().contains("<svg class=\"heap-chart\""), "the DOM has the heap chart");
        Matcher bars = Pattern.compile("<rect class=\"finding\"").matcher(page.dom());
        int n = 0;
        while (bars.find()) {
            n++;
        }
        assertEquals(parts, n, "one bar per part of the heap picture");
        assertTrue(parts < findings, "two of the sample's findings hold the same list: one part");
        assertTrue(page.dom().contains("<figcaption>Of the "), "the chart's caption");

        Path shot = Path.of("target", "chromium", "heaptriage-report.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        Page shown = load(browser.get(), report, "--window-size=1280,1400", "--screenshot=" + shot);
        assertEquals(0, shown.exit());
        assertEquals(List.of(), shown.console());
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png.length > 10_000, "a real picture, " + png.length + " bytes");
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void theConsoleCheckSeesBlockedResourcesAndScriptErrors() throws Exception {
        Optional<Path> browser = chromium();
        assumeTrue(browser.isPresent(), "no chromium installed (.ci/run installs Debian's chromium)");
        // The report's own policy with a resource it forbids: Chromium must say so on the console.
        String policy = Files.readString(report).lines().filter(l -> l.contains("Content-Security-Policy"))
                .findFirst().orElseThrow();
        Path blocked = Files.writeString(dir.resolve("blocked.html"), "<!DOCTYPE html><html><head>" + policy
                + "</head><body><img src=\"data:image/png;base64,iVBORw0KGgo=\"></body></html>");
        assertFalse(load(browser.get(), blocked, "--dump-dom").console().isEmpty(), "a CSP violation is seen");
        Path failing = Files.writeString(dir.resolve("failing.html"),
                "<!DOCTYPE html><html><body><script>notDefined();</script></body></html>");
        assertFalse(load(browser.get(), failing, "--dump-dom").console().isEmpty(), "a script error is seen");
    }
}
