package dev.heaptriage.testing;

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

/**
 * The real consumers of the CI formats, as CI installs them (.ci/run): Microsoft's SARIF multitool (npm
 * {@code @microsoft/sarif-multitool}) with GitHub code scanning's ingestion rules, and Python's {@code junitparser}
 * (Debian's {@code python3-junitparser}) for JUnit XML. A test that needs one skips, saying why, when it is missing.
 */
public final class CiConsumers {
    private CiConsumers() {
    }

    /** The multitool's command, when installed. */
    public static Optional<String> sarifMultitool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "sarif-multitool");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    private static final Pattern PROBLEM = Pattern.compile(".*: (error|warning) ([A-Z]+[0-9]+): .*");

    /**
     * The errors and warnings of {@code sarif-multitool validate} on {@code sarif}: with {@code --rule-kind Gh}
     * (GitHub's ingestion rules) and with its default SARIF rules. The tool exits 0 even when it finds errors, so its
     * report lines are read. Empty when the file passes both.
     */
    public static List<String> multitoolProblems(String multitool, Path sarif) throws Exception {
        List<String> out = new ArrayList<>();
        // The npm wrapper hands its arguments to a shell: the file goes first, and its name must need no quoting.
        if (!sarif.toString().matches("[A-Za-z0-9_./-]+")) {
            throw new IllegalArgumentException("a path the multitool's wrapper can pass: " + sarif);
        }
        for (List<String> kind : List.of(List.of("--rule-kind", "Gh"), List.<String>of())) {
            List<String> cmd = new ArrayList<>(List.of(multitool, "validate", sarif.toString()));
            cmd.addAll(kind);
            String text = run(cmd);
            if (!text.contains("Analysis completed successfully")) {
                throw new AssertionError("sarif-multitool did not complete: " + text);
            }
            for (String line : text.lines().toList()) {
                Matcher m = PROBLEM.matcher(line);
                if (m.matches()) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }

    /** The Python that has junitparser (Debian's python3-junitparser installs it for /usr/bin/python3). */
    public static Optional<String> pythonWithJunitparser() {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                if (run(List.of(python, "-c", "import junitparser; print('junitparser ok')")).contains("junitparser ok")) {
                    return Optional.of(python);
                }
            } catch (Exception ignored) {
                // the next one
            }
        }
        return Optional.empty();
    }

    /** What junitparser reads: {@code tests=N failures=N errors=N cases=N maxResultsPerCase=N}. */
    public record JunitSummary(int tests, int failures, int errors, int cases, int maxResultsPerCase) {
    }

    /** Parses {@code xml} with junitparser, as a CI's test report reader does, and counts what it finds. */
    public static JunitSummary junitparser(String python, Path xml) throws Exception {
        String script = String.join("\n",
                "import sys",
                "from junitparser import JUnitXml, TestSuite, Failure, Error",
                "xml = JUnitXml.fromfile(sys.argv[1])",
                "suites = [xml] if isinstance(xml, TestSuite) else list(xml)",
                "cases = [c for s in suites for c in s]",
                "per = [len([r for r in c.result if isinstance(r, (Failure, Error))]) for c in cases]",
                "print('tests=%d failures=%d errors=%d cases=%d max=%d' % (xml.tests, xml.failures, xml.errors,"
                        + " len(cases), max(per) if per else 0))");
        String text = run(List.of(python, "-c", script, xml.toString())).strip();
        Matcher m = Pattern.compile("tests=(\\d+) failures=(\\d+) errors=(\\d+) cases=(\\d+) max=(\\d+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("junitparser could not read " + xml + ": " + text);
        }
        return new JunitSummary(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return text;
    }
}
