package dev.heaptriage.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.testing.CiConsumers;
import dev.heaptriage.testing.JsonSchemas;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.SarifSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's GitHub Actions and GitLab CI recipes, run: their shell steps, as written in the README, against the
 * distribution this build made. What needs the hosting service is stood in for: {@code mvn} resolving the Maven
 * coordinates (it checks that they are this build's and hands over its tar.gz), {@code curl} fetching the previous
 * report, and the service's own dump script (it copies the sample dump). The first run has no baseline and fails the
 * gate on the sample's high findings; the second gets the first run's report as baseline and passes.
 */
class CiRecipesIT {
    @TempDir
    Path work;

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"));
    }

    /** The fenced yaml block after the paragraph that starts with {@code heading}. */
    static List<String> yamlAfter(String readme, String heading) {
        int at = readme.indexOf(heading);
        assertTrue(at >= 0, "the README has '" + heading + "'");
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().toList();
    }

    /** GitHub Actions: each {@code run:} step (one line or a {@code |} block), in order. */
    static List<String> githubRunSteps(List<String> yaml) {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < yaml.size(); i++) {
            String line = yaml.get(i);
            String t = line.strip();
            if (t.startsWith("run: |") || t.startsWith("- run: |")) {
                int indent = -1;
                StringBuilder block = new StringBuilder();
                while (i + 1 < yaml.size() && (yaml.get(i + 1).isBlank() || indentOf(yaml.get(i + 1)) > indentOf(line))) {
                    String b = yaml.get(++i);
                    indent = indent < 0 ? indentOf(b) : indent;
                    block.append(b.length() >= indent ? b.substring(indent) : b.strip()).append('\n');
                }
                steps.add(block.toString());
            } else if (t.startsWith("- run: ") || t.startsWith("run: ")) {
                steps.add(t.substring(t.indexOf("run: ") + 5) + "\n");
            }
        }
        return steps;
    }

    /** GitLab CI: the {@code script:} items (folded {@code >} items joined), as one script. */
    static String gitlabScript(List<String> yaml) {
        StringBuilder script = new StringBuilder();
        boolean in = false;
        int itemIndent = -1;
        for (int i = 0; i < yaml.size(); i++) {
            String line = yaml.get(i);
            String t = line.strip();
            if (t.equals("script:")) {
                in = true;
                continue;
            }
            if (!in) {
                continue;
            }
            if (!t.startsWith("- ") || itemIndent >= 0 && indentOf(line) != itemIndent) {
                if (indentOf(line) < itemIndent || itemIndent < 0) {
                    break;
                }
                continue;
            }
            itemIndent = indentOf(line);
            String item = t.substring(2);
            if (item.equals(">")) {
                StringBuilder folded = new StringBuilder();
                while (i + 1 < yaml.size() && indentOf(yaml.get(i + 1)) > itemIndent) {
                    folded.append(folded.length() == 0 ? "" : " ").append(yaml.get(++i).strip());
                }
                item = folded.toString();
            }
            script.append(item).append('\n');
        }
        return script.toString();
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** The stand-ins, a dump path of the test's own instead of /tmp/app.hprof, and a PATH with Java on it. */
    private Map<String, String> environment(Path job, Path stubs, Path baselineToServe) throws Exception {
        Files.createDirectories(stubs);
        Path mvn = stubs.resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                # Stands in for Maven resolving dev.heaptriage:heaptriage from a repository: only this build's coordinates.
                want="-Dartifact=dev.heaptriage:heaptriage:%s:tar.gz"
                case " $* " in *" dependency:copy "*) ;; *) echo "mvn stand-in: expected dependency:copy: $*" >&2; exit 1 ;; esac
                case " $* " in *" $want "*) ;; *) echo "mvn stand-in: expected $want: $*" >&2; exit 1 ;; esac
                out=.
                for a in "$@"; do case $a in -DoutputDirectory=*) out=${a#-DoutputDirectory=} ;; esac; done
                cp "%s" "$out/"
                """.formatted(Built.VERSION, Built.tarGz()));
        Path curl = stubs.resolve("curl");
        Files.writeString(curl, """
                #!/bin/sh
                # Stands in for the CI server's artifact download: serves the previous report, if the test has one.
                [ -n "$SERVE_BASELINE" ] && [ -f "$SERVE_BASELINE" ] || exit 22
                while [ $# -gt 0 ]; do [ "$1" = -o ] && cp "$SERVE_BASELINE" "$2"; shift; done
                """);
        Path dumpScript = job.resolve("run-load-test-and-dump.sh");
        // The same dump in every job (cp -p keeps its time), as a service's dump of the same build: the jobs share
        // the analysis cache, so only the first parses.
        Files.writeString(dumpScript, "#!/bin/sh\n# The service under test: here the sample dump.\ncp -p '"
                + Built.SAMPLE + "' \"$1\"\n");
        for (Path p : List.of(mvn, curl, dumpScript)) {
            p.toFile().setExecutable(true);
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", stubs + ":" + Jdks.current().resolve("bin") + ":/usr/local/bin:/usr/bin:/bin");
        env.put("JAVA_HOME", Jdks.current().toString());
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("HOME", work.toString());
        env.put("SERVE_BASELINE", baselineToServe == null ? "" : baselineToServe.toString());
        for (String v : List.of("JAVA_OPTS", "HEAPTRIAGE_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            env.put(v, null);
        }
        return env;
    }

    private String localDump(String step, Path job) {
        return step.replace("/tmp/app.hprof", work.resolve("app.hprof").toString());
    }

    /** Runs the GitHub steps in {@code job}; returns the exit code of each, stopping at the first that fails. */
    private List<Integer> github(Path job, Path baseline) throws Exception {
        Files.createDirectories(job);
        Map<String, String> env = environment(job, work.resolve("stubs"), null);
        Path runnerTemp = Files.createDirectories(job.resolve("runner-temp"));
        Path githubPath = job.resolve("github-path");
        Files.writeString(githubPath, "");
        env.put("RUNNER_TEMP", runnerTemp.toString());
        env.put("GITHUB_PATH", githubPath.toString());
        if (baseline != null) {
            Files.createDirectories(job.resolve("baseline"));
            Files.copy(baseline, job.resolve("baseline/heaptriage.json"));
        }
        List<Integer> codes = new ArrayList<>();
        for (String step : githubRunSteps(yamlAfter(readme(), "GitHub Actions ("))) {
            // Actions runs each step with bash -e, and puts what a step wrote to $GITHUB_PATH on the later ones' PATH.
            List<String> added = new ArrayList<>(Files.readAllLines(githubPath));
            java.util.Collections.reverse(added);
            Map<String, String> stepEnv = new HashMap<>(env);
            stepEnv.put("PATH", String.join(":", added) + (added.isEmpty() ? "" : ":") + env.get("PATH"));
            Built.Result r = Built.run(job, stepEnv, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                    localDump(step, job));
            codes.add(r.code());
            if (r.code() != 0) {
                assertTrue(r.code() == 1 && r.err().isBlank(), "only the gate may fail, and quietly: " + step
                        + " exited " + r.code() + ": " + r.err());
                break;
            }
        }
        return codes;
    }

    @Test
    void githubActionsRecipeRunsAgainstTheDistribution() throws Exception {
        Path first = work.resolve("gh-1");
        List<Integer> codes = github(first, null);
        assertEquals(List.of(0, 0, 1), codes, "install, dump, then the heaptriage step fails the gate (exit 1)");
        JsonSchemas.assertValid("report", Files.readString(first.resolve("heaptriage.json")));
        Path sarif = first.resolve("heaptriage.sarif");
        assertEquals(List.of(), SarifSchema.violations(Files.readString(sarif)));
        String uri = dev.heaptriage.render.JsonRenderer.mapper().readTree(sarif.toFile()).path("runs").get(0)
                .path("results").get(0).path("locations").get(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asText();
        assertTrue(uri.startsWith("src/main/java/"), "--source-root applies: " + uri);
        var multitool = CiConsumers.sarifMultitool();
        if (multitool.isPresent()) {
            assertEquals(List.of(), CiConsumers.multitoolProblems(multitool.get(), sarif), "what upload-sarif gets");
        }
        // The next run on main gets this run's report as its baseline: the same leaks persist, unchanged, so it passes.
        List<Integer> again = github(work.resolve("gh-2"), first.resolve("heaptriage.json"));
        assertEquals(List.of(0, 0, 0), again, "with the baseline nothing new or grown fails the gate");
    }

    private Built.Result gitlab(Path job, Path baselineToServe) throws Exception {
        Files.createDirectories(job);
        Map<String, String> env = environment(job, work.resolve("stubs"), baselineToServe);
        env.put("CI_JOB_TOKEN", "token");
        env.put("CI_API_V4_URL", "https://gitlab.invalid/api/v4");
        env.put("CI_PROJECT_ID", "1");
        String script = localDump(gitlabScript(yamlAfter(readme(), "GitLab CI (")), job);
        // The GitLab runner's shell stops at the first failing command.
        return Built.run(job, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script);
    }

    @Test
    void gitlabCiRecipeRunsAgainstTheDistribution() throws Exception {
        Path first = work.resolve("gl-1");
        Built.Result r = gitlab(first, null);
        assertEquals(1, r.code(), "the gate fails on the sample's high findings: " + r.err());
        assertEquals("", r.err().strip(), "-q: nothing but the gate's exit code");
        Path junit = first.resolve("heaptriage-junit.xml");
        assertTrue(Files.isRegularFile(junit), "the test report for the merge request");
        JsonSchemas.assertValid("report", Files.readString(first.resolve("heaptriage.json")));
        var python = CiConsumers.pythonWithJunitparser();
        if (python.isPresent()) {
            CiConsumers.JunitSummary s = CiConsumers.junitparser(python.get(), junit);
            assertTrue(s.tests() >= s.failures() && s.maxResultsPerCase() <= 1 && s.failures() > 0, s.toString());
        }
        Built.Result again = gitlab(work.resolve("gl-2"), first.resolve("heaptriage.json"));
        assertEquals(0, again.code(), "with the last main job's report as baseline it passes: " + again.err());
    }

    @Test
    void readmeCoordinatesAreThisBuilds() throws Exception {
        String readme = readme();
        String coordinates = "dev.heaptriage:heaptriage:" + Built.VERSION;
        assertTrue(readme.contains(coordinates), "README names " + coordinates);
        for (String file : List.of("heaptriage-" + Built.VERSION + ".zip", "heaptriage-" + Built.VERSION + ".tar.gz",
                Built.deb().getFileName().toString())) {
            assertTrue(readme.contains(file), "README's Install names " + file);
            assertTrue(Files.isRegularFile(Built.TARGET.resolve(file)) || file.endsWith(".deb") && !Built.onPath("dpkg-deb"),
                    "the build made " + file);
        }
    }
}
