package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapObject;

/**
 * {@code java.lang.ref} (jdk-layouts.md §8): the reference classes and their referent. The finalizer's and the
 * cleaners' states are read by {@link FinalizerCensus} and {@link CleanerCensus}.
 */
public final class References {
    public static final String REFERENCE = "java.lang.ref.Reference";
    public static final String WEAK = "java.lang.ref.WeakReference";
    public static final String SOFT = "java.lang.ref.SoftReference";
    public static final String PHANTOM = "java.lang.ref.PhantomReference";
    public static final String FINAL = "java.lang.ref.FinalReference";
    public static final String REFERENCE_QUEUE = "java.lang.ref.ReferenceQueue";

    private References() {
    }

    /** {@code Reference.referent}, read with its declaring class (a subclass may declare a field of that name). */
    public static HeapObject referent(HeapObject reference) {
        return reference.ref(REFERENCE, "referent");
    }
}
