package dev.heaptriage.detect.suspects;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.suspects.ClassLoaderScan.LoaderGroup;
import dev.heaptriage.detect.suspects.SuspectScan.Point;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code leak-suspects}: what holds the heap (issue 15; DESIGN.md §4). The holders that retain a large share of the
 * used heap, the accumulation point under each (the collection whose elements pile up), its element classes and
 * count, and the owner in application code; thread-local values of pooled threads, unbounded queues, unbounded
 * Guava/Caffeine caches and class loaders alive in many copies named as such. How suspects are found is in
 * {@link SuspectScan} and {@link ClassLoaderScan}; the thresholds in {@link SuspectRule}; the text in
 * {@link SuspectFindings}.
 */
public final class LeakSuspectsDetector implements Detector {
    public static final String ID = "leak-suspects";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "what holds the heap: large holders, where they accumulate, and who owns them",
            Severity.HIGH,
            "Reads MAT's dominator tree and retained sizes. A suspect is a holder (a static field's value, a "
                    + "thread, an object only the GC roots dominate; class loaders and classes are seen through) or "
                    + "the values of one ThreadLocal across threads, retaining at least 10% of the used heap and at "
                    + "least 16 MiB (a 6 MB cache in a 20 MB heap is not a leak); at most 5 are reported, largest "
                    + "first. Under each, the walk goes into the largest dominated child while it keeps 80% of its "
                    + "parent, and stops where the size spreads (the accumulation point: the collection whose "
                    + "elements pile up) or at a linked list or tree. An accumulation has at least 100 elements, none "
                    + "over half of it: medium from 10% of the heap, high from 25%, critical from 50%. One big object "
                    + "(a pool, a preallocated buffer, a few big caches) is info, unless its elements sit in "
                    + "several of its collections at once (a registry, a session, a unit of work): then the top "
                    + "instances of classes repeated 100 or more times under it are its elements, and if those that "
                    + "come once or more per element retain half of it, it is the accumulation point, with the "
                    + "element class, its count and the collections that hold it. Also: 100 or more top-level objects "
                    + "of one class, each under 1% of their total and mostly of one owner (objects shared by two "
                    + "holders); an unbounded JDK queue (with the threads using it); a Guava or Caffeine cache "
                    + "without maximum size and expiry; and 5 or more class loaders of one class with copies of the "
                    + "same class (low; medium from 10, high from 10 when they retain 10% of the heap), with what "
                    + "pins each (a static, a thread, a ThreadLocal, a JDK cache). Finalizer queues and elements "
                    + "holding descriptors are left to finalizer-backlog and unclosed-fd. The fingerprint is owner "
                    + "field + collection class + element class.",
            "Bound what accumulates (a maximum size and expiry, removal when a session or listener ends; flush and "
                    + "clear a unit of work every batch, no meter per user or id), call "
                    + "ThreadLocal.remove() in finally in pooled threads, bound queues between threads, and release "
                    + "what pins an undeployed class loader.",
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        SuspectScan scan = new SuspectScan(heap, app);
        SuspectFindings text = new SuspectFindings(heap, scan.owners(), scan.usedHeap());
        List<Finding> out = new ArrayList<>();
        List<LoaderGroup> loaders = new ClassLoaderScan(heap, app).groups();
        List<String> loaderClasses = new ArrayList<>();
        for (LoaderGroup g : loaders) {
            out.add(text.loaders(g));
            loaderClasses.add(g.loaderClass());
        }
        for (List<Point> suspect : scan.suspects()) {
            if (heldLoaders(heap, suspect, loaderClasses)) {
                continue; // the class-loader finding names these bytes, with what pins each loader
            }
            out.add(text.suspect(suspect));
        }
        return out;
    }

    /** True when the suspect's elements are class loaders that a class-loader finding reports. */
    private static boolean heldLoaders(HeapView heap, List<Point> suspect, List<String> loaderClasses) {
        String top = suspect.get(0).elements().topClass();
        for (HeapClass c : heap.classes(top)) {
            if (c.isSubclassOf("java.lang.ClassLoader") && loaderClasses.contains(c.name())) {
                return true;
            }
        }
        return false;
    }
}
