package dev.heaptriage.load;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.eclipse.mat.parser.internal.SnapshotFactory;
import org.eclipse.mat.snapshot.ISnapshot;

/**
 * The benchmark's baseline: MAT's core loading a dump by itself (parse, garbage removal, dominator tree, retained
 * sizes) with its default settings, as a MAT batch run would, and nothing of heaptriage's. It parses a symbolic
 * link in a fresh temporary folder so its index files never land beside the dump. It prints each phase's wall, CPU
 * and GC time ({@link PhaseClock}) and the object count. Usage:
 * {@code MatLoadBaseline <dump.hprof>}.
 */
public final class MatLoadBaseline {
    public static void main(String[] args) throws Exception {
        Path dump = Path.of(args[0]).toRealPath();
        Path dir = Files.createTempDirectory("mat-baseline");
        Path link = Files.createSymbolicLink(dir.resolve("baseline.hprof"), dump);
        long start = System.nanoTime();
        PhaseClock clock = new PhaseClock();
        ISnapshot snapshot = new SnapshotFactory().openSnapshot(link.toFile(), new HashMap<>(), new MatProgress(clock));
        long millis = (System.nanoTime() - start) / 1_000_000;
        clock.lines("end").forEach(System.out::println);
        System.out.println("objects=" + snapshot.getSnapshotInfo().getNumberOfObjects() + " loadMillis=" + millis);
        snapshot.dispose();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
        new File(dir.toString()).delete();
    }
}
