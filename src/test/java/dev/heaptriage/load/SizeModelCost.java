package dev.heaptriage.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * For the benchmark: what the size model (README "Sizes") costs of a load. It loads the dump as {@code analyze}
 * does (the load includes inferring the layout and summing the used heap) and prints how long that part took, as
 * {@code sizeModelMillis=.. loadMillis=..}. Retained sizes are computed per request during detection and are part
 * of the detectors' time. Usage: {@code SizeModelCost <dump.hprof> <dir>}.
 */
public final class SizeModelCost {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]);
        Path index = Files.createTempDirectory(Path.of(args[1]), "size-model-");
        try (LoadedDump loaded = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { })) {
            HeapSizes sizes = ((MatHeapView) loaded.heap()).sizes();
            System.out.printf(Locale.ROOT, "sizeModelMillis=%d loadMillis=%d layout=%s%n", sizes.buildMillis(),
                    loaded.loadMillis(), sizes.layoutFacts().description());
        }
        try (var files = Files.list(index)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(index);
    }
}
