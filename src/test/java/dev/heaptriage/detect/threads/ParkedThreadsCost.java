package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.load.DumpFile;
import dev.heaptriage.load.DumpLoader;
import dev.heaptriage.load.IndexDirectory;
import dev.heaptriage.load.LoadedDump;
import dev.heaptriage.report.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures {@code parked-threads} against load time, by hand (not part of the test suite):
 * {@code java -cp <test classpath> dev.heaptriage.detect.threads.ParkedThreadsCost DUMP [runs]}, for example on the
 * benchmark's {@code production-512.hprof}. It first pays for what the view computes once per heap and other
 * detectors share (the liveness walk, threads, classes), then prints the detector's time per run; the first run also
 * pays for MAT's inbound index.
 */
public final class ParkedThreadsCost {
    private ParkedThreadsCost() {
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path index = Files.createTempDirectory("heaptriage-cost-");
        try (LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { })) {
            HeapView heap = loaded.heap();
            System.out.printf("load %,d ms, objects %,d%n", loaded.loadMillis(), heap.facts().objects());
            long t0 = System.nanoTime();
            heap.isLive(0);
            System.out.printf("liveness walk (shared, once per heap) %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
            t0 = System.nanoTime();
            heap.threads();
            heap.allClasses();
            AppCode app = AppCode.infer(heap);
            System.out.printf("threads + classes + app code (shared) %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                StringBuilder phases = new StringBuilder();
                List<Finding> findings = new ParkedThreadsDetector().detect(heap, app,
                        (phase, ms) -> phases.append(phase).append(' ').append(ms).append(" ms; "));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("run %d: detector %,d ms, %d findings, counts %s%n", i + 1, millis, findings.size(),
                        findings.stream().map(f -> f.severity() + " " + f.count() + " " + f.title()).toList());
                System.out.println("  phases: " + phases);
                if (System.getProperty("verbose") != null) {
                    findings.forEach(f -> System.out.println(f.fingerprint() + " | owner " + f.owner() + "\n"
                            + f.summary() + "\n  fix: " + f.remediation()));
                }
                
            }
        } finally {
            try (var files = Files.walk(index)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
