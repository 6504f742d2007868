package dev.heaptriage.detect;

import dev.heaptriage.heap.DumpFacts;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ObjectLayoutFacts;
import dev.heaptriage.report.DetectorError;
import dev.heaptriage.report.DumpSummary;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.ObjectLayoutInfo;
import dev.heaptriage.report.Report;
import dev.heaptriage.report.Timings;
import dev.heaptriage.report.ToolInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs detectors over one heap and assembles the report. */
public final class Analyzer {
    private final List<Detector> detectors;
    private final List<String> appPackages;
    private final Consumer<String> progress;

    /** @param progress told the id of each detector as it starts (for a progress line); may ignore it */
    public Analyzer(List<Detector> detectors, Consumer<String> progress) {
        this(detectors, List.of(), progress);
    }

    /**
     * @param appPackages the application's packages ({@code --app-packages}); empty to read them from the dump
     * @param progress    told the id of each detector as it starts (for a progress line); may ignore it
     */
    public Analyzer(List<Detector> detectors, List<String> appPackages, Consumer<String> progress) {
        this.detectors = List.copyOf(detectors);
        this.appPackages = List.copyOf(appPackages);
        this.progress = progress;
    }

    /**
     * Runs every detector. A detector that throws becomes a {@link DetectorError} and the others still run;
     * only {@link OutOfMemoryError} is passed on, because the caller turns it into the "not enough memory" exit.
     */
    public Report analyze(HeapView heap, ToolInfo tool, long loadMillis, List<String> warnings) {
        long start = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        List<DetectorError> errors = new ArrayList<>();
        Map<String, Long> perDetector = new LinkedHashMap<>();
        AppCode app = AppCode.infer(heap, appPackages);
        CodeLocations locations = new CodeLocations(heap, app);
        for (Detector d : detectors) {
            String id = d.info().id();
            progress.accept(id);
            long t0 = System.nanoTime();
            try {
                Map<String, Integer> seen = new java.util.HashMap<>();
                for (Finding f : d.detect(heap, app)) {
                    if (!f.detector().equals(id)) {
                        throw new IllegalStateException("detector " + id + " emitted a finding for " + f.detector());
                    }
                    // Baselines and filters key on fingerprints, so two findings of one report never share one: a
                    // repeat (two leaked Cleaners with the same action, say) gets #2, #3 in the detector's order.
                    int n = seen.merge(f.fingerprint(), 1, Integer::sum);
                    findings.add(locations.locate(n == 1 ? f : f.withFingerprint(f.fingerprint() + "#" + n)));
                }
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                errors.add(new DetectorError(id, describe(e)));
            }
            perDetector.put(id, (System.nanoTime() - t0) / 1_000_000);
        }
        Report report = Report.of(tool, summary(heap), findings, errors, warnings, null);
        List<String> allWarnings = new ArrayList<>(warnings);
        try {
            // The HTML picture's disjoint parts of the heap (HeapParts), placed in the report's own order.
            report = report.withHeapParts(HeapParts.of(heap, new Owners(heap, app), report.findings()));
        } catch (RuntimeException | StackOverflowError e) {
            allWarnings.add("the heap picture could not be made: " + describe(e));
        }
        long detectMillis = (System.nanoTime() - start) / 1_000_000;
        return report.withWarnings(allWarnings)
                .withTimings(new Timings(loadMillis, detectMillis, loadMillis + detectMillis, perDetector, null))
                .withDetectors(detectors.stream().map(d -> d.info().descriptor()).toList());
    }

    private static String describe(Throwable e) {
        // The detector's own frame says more than the JDK collection method that threw.
        StackTraceElement top = java.util.Arrays.stream(e.getStackTrace())
                .filter(f -> f.getClassName().startsWith("dev.heaptriage.")).findFirst()
                .orElse(e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null);
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + (top == null ? "" : " (at " + top.getClassName() + "." + top.getMethodName() + ":"
                + top.getLineNumber() + ")");
    }

    /** The report's {@code dump} section from the heap's facts. */
    public static DumpSummary summary(HeapView heap) {
        DumpFacts f = heap.facts();
        return new DumpSummary(f.path(), f.sizeBytes(), f.format(), f.identifierSize(),
                f.createdAt() == null ? null : f.createdAt().toString(), f.objects(), f.classes(), f.gcRoots(),
                f.usedHeapBytes(), heap.threads().size(), layout(f.objectLayout()),
                jvm(heap));
    }

    /** The JVM overview; null when the dump's properties cannot be read (the report goes on without it). */
    private static dev.heaptriage.report.JvmOverview jvm(HeapView heap) {
        try {
            return dev.heaptriage.detect.jdk.JvmProperties.overview(heap);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ObjectLayoutInfo layout(ObjectLayoutFacts l) {
        return l == null ? null : new ObjectLayoutInfo(l.model(), l.description(), l.headerBytes(),
                l.arrayHeaderBytes(), l.referenceBytes(), l.alignmentBytes(), l.fieldPacking(), l.gapsSampled(),
                l.gapsExplained());
    }
}
