package dev.heaptriage.detect.fd;

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
 * Measures {@code unclosed-fd} against load time, by hand (not part of the test suite):
 * {@code java -cp <test classpath> dev.heaptriage.detect.UnclosedFdCost DUMP [runs [warm]]}, for example on a dump of
 * {@link dev.heaptriage.scenarios.FdMillionObjects}. Prints the load time and the detector's time per run; the first
 * run pays for what the view computes once per heap (the liveness walk, threads, classes, MAT's inbound index),
 * unless {@code warm} computes those first and prints their cost.
 */
public final class UnclosedFdCost {
    private UnclosedFdCost() {
    }

    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path index = Files.createTempDirectory("heaptriage-cost-");
        try (LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { })) {
            HeapView heap = loaded.heap();
            System.out.printf("load %,d ms%n", loaded.loadMillis());
            if (args.length > 2 && args[2].equals("warm")) {
                // What other detectors (or the report's summary) would already have paid for.
                long t0 = System.nanoTime();
                heap.isLive(0);
                System.out.printf("liveness walk (shared, once per heap) %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
                t0 = System.nanoTime();
                heap.threads();
                heap.allClasses();
                System.out.printf("threads + classes (shared) %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                List<Finding> findings = new UnclosedFdDetector().detect(heap, AppCode.infer(heap));
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("run %d: detector %,d ms, %d findings, counts %s%n", i + 1, millis, findings.size(),
                        findings.stream().map(Finding::count).toList());
            }
            System.out.printf("objects %,d%n", heap.facts().objects());
        } finally {
            try (var files = Files.walk(index)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
