package dev.heaptriage.detect.suspects;

import dev.heaptriage.report.Severity;

/**
 * The thresholds of {@code leak-suspects}, heap-free so they are unit-tested on their own. Shares are of the used heap
 * (what MAT counts after removing garbage).
 */
final class SuspectRule {
    /** A suspect retains at least this share of the used heap (MAT's Leak Suspects report uses the same 10%). */
    static final double SUSPECT_SHARE = 0.10;
    /**
     * ... and at least this many bytes: a 6 MB holder in a 20 MB heap is a cache doing its job, not what ran a JVM out
     * of memory.
     */
    static final long MIN_SUSPECT_BYTES = 16L << 20;
    /** The walk down a suspect's dominator subtree goes on while the largest child keeps this share of its parent. */
    static final double KEEP_RATIO = 0.80;
    /** An accumulation has at least this many elements ... */
    static final long MANY_ELEMENTS = 100;
    /** ... and none of them holds more than this share of the accumulation point (else it is one big object). */
    static final double MAX_ELEMENT_SHARE = 0.5;
    /**
     * An accumulation spread over several structures of one object ({@link SpreadElements}): its elements (the top
     * instances of the classes that come at least once per element of the class it is named by) retain at least
     * this share of the object.
     */
    static final double SPREAD_MIN_SHARE = 0.5;
    /** Shares from which an accumulation is high, then critical. */
    static final double HIGH_SHARE = 0.25;
    static final double CRITICAL_SHARE = 0.5;
    /** A group of top-level instances of one class needs this many members, each under {@value} of the group. */
    static final long GROUP_MIN_MEMBERS = 100;
    static final double GROUP_MAX_MEMBER_SHARE = 0.01;
    /** How many suspects one report shows at most (the largest). */
    static final int MAX_SUSPECTS = 5;
    /** Loaders of one class defining the same class name at once: from this many it is a redeploy or plugin leak. */
    static final int MIN_LOADER_COPIES = 5;
    /** ... medium from this many copies. */
    static final int MANY_LOADER_COPIES = 10;

    private SuspectRule() {
    }

    /** The least retained size of a suspect in a heap of {@code usedHeap} bytes. */
    static long threshold(long usedHeap) {
        return Math.max(MIN_SUSPECT_BYTES, (long) Math.ceil(usedHeap * SUSPECT_SHARE));
    }

    static boolean isSuspect(long retained, long usedHeap) {
        return retained >= threshold(usedHeap);
    }

    /** Whether the walk goes on into the largest child: it keeps nearly all of what its parent retains. */
    static boolean keepsNearlyAll(long childRetained, long parentRetained) {
        return childRetained >= parentRetained * KEEP_RATIO;
    }

    /**
     * Whether an accumulation point holds many similar elements (a collection that grows) rather than a few big
     * objects (a buffer pool, a preallocated array, a handful of caches by design).
     *
     * @param elements       how many elements the point holds
     * @param largestElement the retained size of its largest element
     * @param pointRetained  the retained size of the point
     */
    static boolean isAccumulation(long elements, long largestElement, long pointRetained) {
        return elements >= MANY_ELEMENTS && largestElement <= pointRetained * MAX_ELEMENT_SHARE;
    }

    /**
     * Whether an object that no one collection under it dominates is still an accumulation: many instances of the
     * element class it is named by, the classes that come once or more per element ({@code perElementBytes}: an
     * entity with its entry, key and queued action) retaining most of the object, and no element over half of it.
     */
    static boolean isSpreadAccumulation(long namedCount, long perElementBytes, long largestElement,
                                        long pointRetained) {
        return namedCount >= MANY_ELEMENTS && perElementBytes >= pointRetained * SPREAD_MIN_SHARE
                && largestElement <= pointRetained * MAX_ELEMENT_SHARE;
    }

    /**
     * Severity of a suspect: one big object by design is {@code info} whatever its size; an accumulation is
     * {@code medium} from the suspect threshold, {@code high} from 25% and {@code critical} from 50% of the used heap
     * (what an OutOfMemoryError dump shows). A finding whose bytes another detector reports is {@code info}.
     */
    static Severity severity(boolean accumulation, long retained, long usedHeap) {
        if (!accumulation || !isSuspect(retained, usedHeap)) {
            return Severity.INFO;
        }
        double share = (double) retained / usedHeap;
        return share >= CRITICAL_SHARE ? Severity.CRITICAL : share >= HIGH_SHARE ? Severity.HIGH : Severity.MEDIUM;
    }

    /**
     * Whether a group of top-level instances of one class is an accumulation: many members, each a sliver of the group
     * (objects shared between two holders, so no one object dominates them), and most of them with one owner.
     */
    static boolean isGroupAccumulation(long members, long largestMember, long groupRetained, int sampled,
                                       int sameOwner) {
        return members >= GROUP_MIN_MEMBERS && largestMember <= groupRetained * GROUP_MAX_MEMBER_SHARE
                && sampled > 0 && sameOwner * 3 >= sampled * 2;
    }

    /**
     * Severity of class loaders of one class alive at once: {@code low} from {@value #MIN_LOADER_COPIES} copies of a
     * class, {@code medium} from {@value #MANY_LOADER_COPIES}, {@code high} when they also retain a suspect's share.
     * Null below {@value #MIN_LOADER_COPIES} (a few plugin loaders are normal).
     */
    static Severity loaderSeverity(int copies, long retained, long usedHeap) {
        if (copies < MIN_LOADER_COPIES) {
            return null;
        }
        if (copies >= MANY_LOADER_COPIES && isSuspect(retained, usedHeap)) {
            return Severity.HIGH;
        }
        return copies >= MANY_LOADER_COPIES ? Severity.MEDIUM : Severity.LOW;
    }
}
