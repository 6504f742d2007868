package dev.heaptriage.bench;

import dev.heaptriage.load.HeapNeeds;
import dev.heaptriage.load.HprofCensus;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The benchmark's floor: one sequential pass over every HPROF record and heap sub-record, decoding each object's
 * header and skipping its body ({@link HprofCensus}, the same pass the loader uses to size its memory), as the
 * cheapest possible analysis must at least read the file. Prints the counts so the work cannot be optimised away,
 * and the heap {@link HeapNeeds} estimates from them (what {@code analyze} sizes its JVM by).
 * Usage: {@code StreamingPass <dump.hprof>}.
 */
public final class StreamingPass {
    private StreamingPass() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        HprofCensus c = HprofCensus.of(Path.of(args[0]));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("instances %d objectArrays %d primitiveArrays %d classes %d in %d ms%nestimateBytes=%d%n",
                c.instances(), c.objectArrays(), c.primitiveArrays(), c.classes(), millis, HeapNeeds.estimate(c));
    }
}
