package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * A file that holds two heap dumps of one JVM, as the JVMTI hprof agent writes one per dump request: the whole
 * first dump, then the records of the second (its strings, classes and stack traces, then its heap) without a
 * second file header. What to observe:
 * <ul>
 *   <li>Heap 1 has no {@link Marker} objects; heap 2 has {@value #MARKERS} more, held by {@link #KEPT}.</li>
 *   <li>No collection runs between the two dumps (checked; retried otherwise), so every object and class keeps
 *       its address and the second dump's records agree with the first's.</li>
 * </ul>
 */
public final class TwoHeaps {
    public static final int MARKERS = 20_000;
    /** "JAVA PROFILE 1.0.2", its NUL, the identifier size and the timestamp. */
    private static final int HEADER = 19 + 4 + 8;

    static final ArrayList<Marker> KEPT = new ArrayList<>();

    public static final class Marker {
        final long serial;

        Marker(long serial) {
            this.serial = serial;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path first = Path.of(args[0] + ".1.hprof");
        Path second = Path.of(args[0] + ".2.hprof");
        KEPT.ensureCapacity(MARKERS);
        new Marker(0); // the class is loaded before the first dump
        for (int attempt = 0; attempt < 5; attempt++) {
            KEPT.clear();
            long gcs = collections();
            Scenario.dump(first.toString());
            for (int i = 0; i < MARKERS; i++) {
                KEPT.add(new Marker(i));
            }
            Scenario.dump(second.toString());
            if (collections() == gcs) {
                try (OutputStream o = Files.newOutputStream(out)) {
                    Files.copy(first, o);
                    byte[] b = Files.readAllBytes(second);
                    o.write(b, HEADER, b.length - HEADER);
                }
                Files.delete(first);
                Files.delete(second);
                return;
            }
            System.gc();
        }
        throw new IllegalStateException("a collection ran between the two dumps five times");
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += gc.getCollectionCount();
        }
        return n;
    }
}
