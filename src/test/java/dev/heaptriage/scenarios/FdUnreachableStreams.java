package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unclosed streams that nothing references any more, next to ones that are still held. Dumped without a GC
 * ({@code live=false}), so the dropped streams are still there, held only by their Cleaner (9+) or finalizer (8).
 * What to observe ({@code unclosed-fd}):
 * <ul>
 *   <li>{@value #DROPPED} FileInputStreams opened in a loop and dropped without close: one finding marked
 *       unreachable (not live), count {@value #DROPPED}, low (one level below a live group of that size).</li>
 *   <li>{@link #KEPT}: {@value #KEPT_COUNT} FileInputStreams still held: a separate, live finding, count
 *       {@value #KEPT_COUNT}, low.</li>
 * </ul>
 */
public final class FdUnreachableStreams {
    public static final int DROPPED = 60;
    public static final int KEPT_COUNT = 10;

    static final List<FileInputStream> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path dir = FdTemp.dir("fd-unreachable");
        long sum = 0;
        for (int i = 0; i < DROPPED; i++) {
            FileInputStream in = new FileInputStream(FdTemp.file(dir, "dropped-" + i + ".dat", 16).toFile());
            sum += in.read(); // and forgotten: no close
        }
        for (int i = 0; i < KEPT_COUNT; i++) {
            KEPT.add(new FileInputStream(FdTemp.file(dir, "kept-" + i + ".dat", 16).toFile()));
        }
        System.out.println(sum);
        Scenario.dump(args[0]);
    }
}
