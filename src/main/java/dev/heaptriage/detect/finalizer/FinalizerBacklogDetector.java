package dev.heaptriage.detect.finalizer;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.ReachabilityFilter;
import dev.heaptriage.detect.jdk.CleanerCensus;
import dev.heaptriage.detect.jdk.FinalizerCensus;
import dev.heaptriage.units.Names;
import dev.heaptriage.units.Units;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code finalizer-backlog}: objects waiting for finalization behind a stuck or slow Finalizer thread, Cleaner
 * backlogs, cleaning actions that capture the object they clean, and finalizable objects in reference cycles
 * (DESIGN.md §4, issue 6). Field layouts per JDK: jdk-layouts.md §8.
 *
 * <p>What it deliberately leaves alone, because every healthy JVM has it: registered finalizable objects that are
 * still in use, an idle Finalizer thread in {@code ReferenceQueue.remove}, the JDK's own cleaners for open files and
 * sockets, a Cleaner thread waiting for work, and a short queue that an idle-looking Finalizer thread is about to
 * drain.
 */
public final class FinalizerBacklogDetector implements Detector {
    public static final String ID = "finalizer-backlog";

    /** Severity guide from issue 6: a thousand queued objects is a backlog, ten thousand a leak in progress. */
    static final int MEDIUM_BACKLOG = 1_000;
    static final int HIGH_BACKLOG = 10_000;
    /**
     * Below this a queue is reported only when the Finalizer thread is inside an application {@code finalize()}:
     * a few hundred objects right after a GC are normal and are gone a moment later.
     */
    static final int LOW_BACKLOG = 100;
    /**
     * Waiting objects holding this share of the used heap, and at least this many bytes, raise the severity to at
     * least medium / high. The byte floor keeps a few MiB in a small heap (a test, a tiny service) from counting as
     * a memory problem; the share keeps a large heap's noise from it.
     */
    static final double MEDIUM_HEAP_SHARE = 0.05;
    static final double HIGH_HEAP_SHARE = 0.25;
    static final long MEDIUM_HEAP_BYTES = 16L << 20;
    static final long HIGH_HEAP_BYTES = 64L << 20;
    /** Classes shown in a breakdown; the rest are summed into one line. */
    static final int BREAKDOWN_CLASSES = 10;

    static final String REMEDIATION = "Replace finalize() with try-with-resources and, as a safety net, a java.lang.ref.Cleaner; never block, "
                    + "sleep or take contended locks in finalize() or a cleaning action; register a cleaning action "
                    + "that holds only the native state (a static nested class or a lambda that does not use 'this'), "
                    + "never the object it cleans.";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "Objects waiting for finalization or cleaning",
            Severity.HIGH,
            "Classifies every java.lang.ref.Finalizer as registered (object in use), pending, queued (waiting for the "
                    + "Finalizer thread) or being finalized, cross-checks the count with Finalizer.queue.queueLength, "
                    + "and groups the queued objects by class with the bytes they keep. It reads the Finalizer "
                    + "thread's stack: when the thread is WAITING or BLOCKED inside a finalize() it is "
                    + "stuck, and the finding names that method, the lock or monitor it waits on and the thread that "
                    + "holds it when the dump shows it. The same is done for each Cleaner (its queued and pending "
                    + "cleanables and its thread). It also reports cleaning actions that reference the object they "
                    + "clean (that object can never be cleaned or collected) and cycles of finalizable objects that "
                    + "nothing but the finalizer holds any more (cycles still in use are never reported). Severity: "
                    + "a stuck thread is high when objects already wait behind it or the blocking code is the "
                    + "application's, low when a library's finalize() is stuck with nothing queued yet; 10,000 "
                    + "waiting objects are high, 1,000 medium, 100 behind a busy thread low; raised when the waiting "
                    + "objects hold 5% and 16 MiB (medium) or 25% and 64 MiB (high) of the heap. Registered objects "
                    + "in use and idle JDK threads are never reported.",
            REMEDIATION,
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        List<Finding> out = new ArrayList<>();
        // Asked only when there is a finding to grade: the first facts() call walks the whole heap for liveness
        // (seconds on a large dump), which a silent run should not pay for.
        LongSupplier usedHeap = () -> heap.facts().usedHeapBytes();
        FinalizerCensus census = FinalizerCensus.take(heap);
        ReachabilityFilter filter = new ReachabilityFilter(heap);
        if (census != null) {
            HousekeepingThreadDiagnosis finalizerThread = finalizerThread(heap, census);
            Finding backlog = FinalizerFindings.finalizationBacklog(heap, app, census, finalizerThread, usedHeap);
            if (backlog != null) {
                out.add(backlog);
            }
            out.addAll(FinalizerFindings.cycles(heap, census, filter));
        }
        CleanerCaptures captures = new CleanerCaptures(heap, filter);
        CleanerCensus cleaners = CleanerCensus.take(heap, captures);
        for (CleanerCensus.Cleaner c : cleaners.cleaners) {
            HousekeepingThreadDiagnosis thread = c.thread == null ? null
                    : HousekeepingThreadDiagnosis.of(heap, c.thread, CleanerCensus.PHANTOM_CLEANABLE, "clean", -1);
            Finding f = FinalizerFindings.cleanerBacklog(heap, app, c, thread, usedHeap);
            if (f != null) {
                out.add(f);
            }
        }
        out.addAll(FinalizerFindings.captures(heap, captures.captures));
        return out;
    }

    // ---- the Finalizer queue ----------------------------------------------------------------------------

    /** The "Finalizer" thread: {@code Finalizer$FinalizerThread}, or by name when the class is not recorded. */
    static HousekeepingThreadDiagnosis finalizerThread(HeapView heap, FinalizerCensus census) {
        HeapThread found = null;
        for (HeapThread t : heap.threads()) {
            if (heap.classOf(t.objectId()).name().equals("java.lang.ref.Finalizer$FinalizerThread")) {
                found = t;
                break;
            }
            if (found == null && t.name().is("Finalizer")) {
                found = t;
            }
        }
        return found == null ? null
                : HousekeepingThreadDiagnosis.of(heap, found, "java.lang.ref.Finalizer", "runFinalizer",
                census.finalizingReferent);
    }

    // ---- shared ---------------------------------------------------------------------------------------

    /**
     * The severity of a Finalizer or Cleaner queue of {@code queued} objects, or null for none. A thread stuck (waiting
     * or blocked with no timeout) inside code that the JDK called finalizes nothing ever again: high when objects
     * already wait behind it or when the blocking code is the application's (what a developer can fix); a library's
     * finalize() stuck with nothing queued yet is low. A long queue is a backlog by itself; a short one only while the
     * thread is busy in application or library code (idle in the JDK, it is the tail of the last GC and drains in
     * milliseconds).
     *
     * @param busy               the thread is inside a {@code finalize()} or cleaning action right now
     * @param stuck              ... and waiting or blocked there with no timeout
     * @param stuckInApplication ... and the blocking method is application code
     */
    static Severity backlogSeverity(long queued, boolean busy, boolean stuck, boolean stuckInApplication) {
        if (stuck && (queued > 0 || stuckInApplication) || queued >= HIGH_BACKLOG) {
            return Severity.HIGH;
        }
        if (queued >= MEDIUM_BACKLOG) {
            return Severity.MEDIUM;
        }
        if (stuck || queued >= LOW_BACKLOG && busy) {
            return Severity.LOW;
        }
        return null;
    }

    /** Waiting objects that hold a large share of the heap matter whatever their count. */
    static Severity raiseForHeapShare(Severity s, long retained, LongSupplier usedHeapBytes) {
        if (s.atLeast(Severity.HIGH) || retained < MEDIUM_HEAP_BYTES) {
            return s; // nothing to raise, or too few bytes to matter whatever the heap
        }
        long usedHeap = usedHeapBytes.getAsLong();
        if (usedHeap <= 0) {
            return s;
        }
        double share = (double) retained / usedHeap;
        if (share >= HIGH_HEAP_SHARE && retained >= HIGH_HEAP_BYTES && !s.atLeast(Severity.HIGH)) {
            return Severity.HIGH;
        }
        if (share >= MEDIUM_HEAP_SHARE && retained >= MEDIUM_HEAP_BYTES && !s.atLeast(Severity.MEDIUM)) {
            return Severity.MEDIUM;
        }
        return s;
    }

    /** {@code class (N KiB retained)} lines, largest count first, the tail summed up. */
    static List<Breakdown> classBreakdown(Map<String, long[]> byClass) {
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(byClass.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0]).reversed()
                .thenComparing(Map.Entry::getKey));
        List<Breakdown> out = new ArrayList<>();
        long restCount = 0;
        long restBytes = 0;
        int restClasses = 0;
        for (int i = 0; i < sorted.size(); i++) {
            long[] v = sorted.get(i).getValue();
            if (i < BREAKDOWN_CLASSES) {
                out.add(new Breakdown(sorted.get(i).getKey() + " (" + Units.bytes(v[1]) + " retained)", v[0]));
            } else {
                restCount += v[0];
                restBytes += v[1];
                restClasses++;
            }
        }
        if (restClasses > 0) {
            out.add(new Breakdown(restClasses + " other classes (" + Units.bytes(restBytes) + " retained)", restCount));
        }
        return out;
    }

    static String topKey(Map<String, long[]> byKey) {
        return byKey.entrySet().stream()
                .max(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0])
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** {@code com.acme.Outer$Res.finalize} becomes {@code Outer$Res.finalize}. */
    static String shortMethod(String qualifiedMethod) {
        int dot = qualifiedMethod.lastIndexOf('.');
        return Names.simpleName(qualifiedMethod.substring(0, dot)) + qualifiedMethod.substring(dot);
    }
}
