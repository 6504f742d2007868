package dev.heaptriage.load;

import dev.heaptriage.detect.Overviews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;

/**
 * For the benchmark: what the size model (README "Sizes") costs of a load. It loads the dump as {@code analyze}
 * does (the load includes inferring the layout and summing the used heap) and prints how long that part took, as
 * {@code sizeModelMillis=.. loadMillis=..}. Retained sizes are computed per request during detection and are part
 * of the detectors' time. It also times the thread and class tables {@code analyze} stores for {@code threads} and
 * {@code histogram} (with the histogram's retained column), as {@code overviewMillis=..}. Before that, each phase
 * of the load ({@link PhaseClock}).
 * Usage: {@code SizeModelCost <dump.hprof> <dir>}.
 */
public final class SizeModelCost {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path index = Files.createTempDirectory(Path.of(args[1]), "size-model-");
        PhaseClock clock = new PhaseClock();
        try (LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), clock)) {
            clock.lines("end").forEach(System.out::println); // the last phase (dominators) includes the size model
            HeapSizes sizes = ((MatHeapView) loaded.heap()).sizes();
            long start = System.nanoTime();
            int rows = Overviews.of(loaded.heap()).histogram().rows().size();
            long overview = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(Locale.ROOT, "sizeModelMillis=%d loadMillis=%d overviewMillis=%d rows=%d layout=%s%n",
                    sizes.buildMillis(), loaded.loadMillis(), overview, rows, sizes.layoutFacts().description());
        }
        try (var files = Files.walk(index)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
