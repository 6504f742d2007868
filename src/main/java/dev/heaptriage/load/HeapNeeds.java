package dev.heaptriage.load;

/**
 * The Java heap that parsing a dump needs, estimated before parsing from what MAT will index. MAT's core keeps
 * per-object arrays while it parses and builds the dominator tree (identifiers, classes, sizes, the dominator
 * arrays: about 45 bytes an object at the peak) and per-class structures; heaptriage's size model and view add
 * little. Calibrated on the benchmark dumps (README "Performance"): the estimate is the smallest {@code -Xmx} those
 * dumps load with, plus a margin for the garbage collector.
 */
public final class HeapNeeds {
    /** Bytes of heap per object at MAT's peak, margin included. */
    static final long PER_OBJECT = 56;
    /** Bytes of heap per class (MAT's class model, field descriptors, heaptriage's layout tables). */
    static final long PER_CLASS = 4 * 1024;
    /** MAT's caches, the JVM's own and heaptriage's, whatever the dump. */
    static final long BASE = 64L << 20;
    /**
     * Heap bytes per byte of an HPROF file at most: a dump of the smallest objects (16-byte instances, 20-byte
     * INSTANCE DUMP records) costs about three heap bytes per file byte. Below {@code file × this}, the census is
     * not worth reading the file for.
     */
    static final long MAX_PER_FILE_BYTE = 3;

    private HeapNeeds() {
    }

    /** The estimate from a census of the dump. */
    public static long estimate(HprofCensus census) {
        return census.objects() * PER_OBJECT + census.classes() * PER_CLASS + BASE;
    }

    /** An upper bound from the uncompressed file size alone: when the heap limit is above it, no census is needed. */
    public static long upperBound(long uncompressedBytes) {
        return uncompressedBytes * MAX_PER_FILE_BYTE + BASE;
    }
}
