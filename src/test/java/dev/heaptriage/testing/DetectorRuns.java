package dev.heaptriage.testing;

import dev.heaptriage.detect.Analyzer;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.ToolInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs one detector on a scenario's dump and caches the report for the test run, so a test class can assert many
 * things about one dump without re-parsing it. Dumps are opened one at a time (MAT's core allows no more).
 */
public final class DetectorRuns {
    private static final Map<String, Report> REPORTS = new ConcurrentHashMap<>();

    private DetectorRuns() {
    }

    /** The report of {@code detector} on the running JDK's dump of {@code scenario}. */
    public static Report run(Detector detector, Class<?> scenario) {
        return run(detector, scenario, Jdks.current());
    }

    /** The report of {@code detector} on the dump of {@code scenario} made by the JDK at {@code javaHome}. */
    public static Report run(Detector detector, Class<?> scenario, Path javaHome) {
        String key = detector.info().id() + "|" + scenario.getName() + "|" + javaHome;
        return REPORTS.computeIfAbsent(key, k -> analyse(detector, scenario, javaHome));
    }

    /** The findings of one detector on a dump; handy for near-miss assertions. */
    public static List<Finding> findings(Detector detector, Class<?> scenario, Path javaHome) {
        return run(detector, scenario, javaHome).findings();
    }

    /**
     * Opens the scenario's dump and hands the heap to {@code inspect}: for tests of a detector's building blocks that
     * need the heap itself. Do not keep the heap beyond the call.
     */
    public static <T> T withHeap(Class<?> scenario, Path javaHome, Function<dev.heaptriage.heap.HeapView, T> inspect) {
        return withHeap(ScenarioDumps.dump(scenario, javaHome), inspect);
    }

    /** Opens {@code dump} (e.g. one made with extra JVM options) and hands the heap to {@code inspect}. */
    public static <T> T withHeap(Path dump, Function<dev.heaptriage.heap.HeapView, T> inspect) {
        synchronized (DetectorRuns.class) {
            try (LoadedDump loaded = open(dump)) {
                return inspect.apply(loaded.heap());
            } catch (Exception e) {
                throw new IllegalStateException("cannot open " + dump, e);
            }
        }
    }

    private static Report analyse(Detector detector, Class<?> scenario, Path javaHome) {
        Path dump = ScenarioDumps.dump(scenario, javaHome);
        synchronized (DetectorRuns.class) {
            try (LoadedDump loaded = open(dump)) {
                Report r = new Analyzer(List.of(detector), id -> { })
                        .analyze(loaded.heap(), new ToolInfo("heaptriage", "test"), loaded.loadMillis(), List.of());
                if (!r.errors().isEmpty()) {
                    throw new AssertionError("detector failed on " + scenario.getSimpleName() + ": " + r.errors());
                }
                // Every report of a real dump validates against the report schema, evidence attributes included.
                java.io.StringWriter json = new java.io.StringWriter();
                new dev.heaptriage.render.JsonRenderer().render(r, json);
                JsonSchemas.assertValid("report", json.toString());
                return r;
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot analyse " + dump, e);
            }
        }
    }

    private static LoadedDump open(Path dump) throws Exception {
        Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "index-");
        return DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { });
    }
}
