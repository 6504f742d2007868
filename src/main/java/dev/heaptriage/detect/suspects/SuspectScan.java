package dev.heaptriage.detect.suspects;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Owner;
import dev.heaptriage.detect.Owners;
import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.References;
import dev.heaptriage.detect.libs.Caffeine;
import dev.heaptriage.detect.libs.Guava;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The heap side of {@code leak-suspects}: which holders retain a suspect's share of the heap, and where under each
 * the retained size accumulates, read from MAT's dominator tree and retained sizes.
 *
 * <ol>
 *   <li>The candidates are the dominator tree's top level, seen through class loaders and class mirrors that are
 *       themselves large (a loader or a class is never the suspect: the static field or thread under it is).</li>
 *   <li>Each candidate retaining a suspect's share is walked down: into its largest dominated child while that child
 *       keeps {@link SuspectRule#KEEP_RATIO} of its parent. The walk stops where the size spreads over many children
 *       (the accumulation point), or where the largest child has the class of its parent (a linked list or tree: the
 *       point is the object holding its first node).</li>
 *   <li>Threads below the threshold are walked too: values of one {@code ThreadLocal} in many pooled threads are one
 *       holder in the code, and they are merged by fingerprint.</li>
 *   <li>Top-level objects of one class that together retain a suspect's share (objects shared by two holders, so no
 *       one object dominates them) make a group suspect.</li>
 * </ol>
 * Costs: one pass over the top level (an index lookup or two per object there), a walk per suspect, and
 * {@link Elements}' bounded read under each point.
 */
final class SuspectScan {
    /** Threads retaining at least 1/{@value} of the threshold are walked for thread-local values. */
    private static final int THREAD_SHARE_DIVISOR = 64;
    /** Members of a group whose owners are sampled. */
    private static final int GROUP_SAMPLE = 32;
    private static final int MAX_WALK = 100_000;
    /** Children compared by retained size when the first (MAT's largest by its own sizes) does not keep nearly all. */
    private static final int MAX_CHILDREN_COMPARED = 64;

    /**
     * One accumulation point.
     *
     * @param collectionId the collection a person names (the map of a table, the list of an array); = point if none
     * @param cacheId      the Guava or Caffeine cache around the collection, or -1
     * @param retained     what the point (or, for a group, the members) retains
     * @param count        elements of the collection by its own count, else as read
     * @param countKnown   true when {@code count} is the collection's own count (or a group's exact size)
     * @param heldBy       for an accumulation spread over several structures of the point ({@link SpreadElements}):
     *                     the collections that hold its elements; else empty
     */
    record Point(int topId, int pointId, int collectionId, int cacheId, long retained, long count,
                 boolean countKnown, Elements.Result elements, Owner owner, boolean group, List<String> heldBy) {
        Point(int topId, int pointId, int collectionId, int cacheId, long retained, long count, boolean countKnown,
              Elements.Result elements, Owner owner, boolean group) {
            this(topId, pointId, collectionId, cacheId, retained, count, countKnown, elements, owner, group,
                    List.of());
        }

        String collectionClass(HeapView heap) {
            return group ? "instances" : JdkClasses.stableClassName(heap.classOf(cacheId >= 0 ? cacheId : collectionId)
                    .name());
        }

        /** detector-free part of the fingerprint: owner, collection class, element class; never ids. */
        String key(HeapView heap) {
            return owner.key() + "/" + collectionClass(heap) + "/" + elements.topClass();
        }
    }

    private final HeapView heap;
    private final Owners owners;
    private final Elements elements;
    private final SpreadElements spread;
    private final long usedHeap;
    private final long threshold;
    private final Map<Integer, Boolean> loaderClasses = new HashMap<>();

    SuspectScan(HeapView heap, AppCode app) {
        this.heap = heap;
        this.owners = new Owners(heap, app);
        this.elements = new Elements(heap);
        this.spread = new SpreadElements(heap, app, elements);
        this.usedHeap = heap.facts().usedHeapBytes();
        this.threshold = SuspectRule.threshold(usedHeap);
    }

    Owners owners() {
        return owners;
    }

    long usedHeap() {
        return usedHeap;
    }

    /** Suspects (merged by fingerprint, largest first), at most {@link SuspectRule#MAX_SUSPECTS}. */
    List<List<Point>> suspects() {
        List<Integer> big = new ArrayList<>();
        List<Integer> threads = new ArrayList<>();
        Map<Integer, long[]> groups = new HashMap<>(); // class id -> {members, retained, largest}
        Map<Integer, int[]> samples = new HashMap<>(); // class id -> its first members, in the tree's order
        ArrayList<int[]> pending = new ArrayList<>();
        java.util.Set<Integer> loaderLists = new java.util.HashSet<>();
        pending.add(heap.topDominators());
        for (int p = 0; p < pending.size(); p++) {
            for (int id : pending.get(p)) {
                long r = heap.retainedBytes(id);
                if (r >= threshold && (heap.classById(id) != null || loaderLists.contains(id) || isLoader(id))) {
                    // See through: what the class's statics, the loader, or the loader's list of its classes hold.
                    if (isLoader(id)) {
                        addClassList(heap.object(id), loaderLists);
                    }
                    pending.add(heap.dominatedBy(id));
                } else if (r >= threshold) {
                    big.add(id);
                } else if (r >= threshold / THREAD_SHARE_DIVISOR && heap.thread(id).isPresent()) {
                    threads.add(id);
                } else if (heap.classById(id) == null) {
                    int classId = heap.classOf(id).id();
                    long[] g = groups.computeIfAbsent(classId, k -> new long[3]);
                    g[0]++;
                    g[1] += r;
                    g[2] = Math.max(g[2], r);
                    if (g[0] <= GROUP_SAMPLE) {
                        samples.computeIfAbsent(classId, k -> new int[GROUP_SAMPLE])[(int) g[0] - 1] = id;
                    }
                }
            }
        }
        Map<String, List<Point>> merged = new LinkedHashMap<>();
        for (int id : big) {
            Point pt = walk(id);
            if (pt != null) {
                merged.computeIfAbsent(pt.key(heap), k -> new ArrayList<>()).add(pt);
            }
        }
        for (int id : threads) {
            Point pt = walk(id);
            // Only thread-local values are one holder across threads; a thread's own locals are its own.
            if (pt != null && pt.owner().kind() == Owner.Kind.THREAD_LOCAL) {
                merged.computeIfAbsent(pt.key(heap), k -> new ArrayList<>()).add(pt);
            }
        }
        for (Point pt : groupPoints(groups, samples)) {
            merged.computeIfAbsent(pt.key(heap), k -> new ArrayList<>()).add(pt);
        }
        List<List<Point>> out = new ArrayList<>();
        for (List<Point> s : merged.values()) {
            if (retained(s) >= threshold) {
                out.add(s);
            }
        }
        out.sort((a, b) -> Long.compare(retained(b), retained(a)));
        return out.subList(0, Math.min(out.size(), SuspectRule.MAX_SUSPECTS));
    }

    static long retained(List<Point> points) {
        long sum = 0;
        for (Point p : points) {
            sum += p.retained();
        }
        return sum;
    }

    /**
     * The loader's list of the classes it defined ({@code ClassLoader.classes}: an ArrayList, a Vector before 9) and
     * its backing array: it dominates the classes, so it is seen through like the loader.
     */
    private static void addClassList(HeapObject loader, java.util.Set<Integer> out) {
        HeapObject list = loader.ref("java.lang.ClassLoader", "classes");
        Collections.ListArray array = list == null ? null : Collections.listArray(list);
        if (array != null) {
            out.add(list.id());
            out.add(array.array().id());
        }
    }

    private boolean isLoader(int id) {
        HeapClass c = heap.classOf(id);
        return loaderClasses.computeIfAbsent(c.id(), k -> c.isSubclassOf("java.lang.ClassLoader"));
    }

    /** The accumulation point under {@code top}; null when it belongs to another detector or is not live. */
    Point walk(int top) {
        List<Integer> chain = new ArrayList<>();
        chain.add(top);
        int cur = top;
        int firstNode = -1;
        for (int step = 0; step < MAX_WALK; step++) {
            int[] kids = heap.dominatedBy(cur);
            if (kids.length == 0) {
                break;
            }
            int biggest = kids[0];
            long most = heap.retainedBytes(biggest);
            // The index orders children by MAT's own sizes: its first nearly always retains most. Only when it does
            // not keep nearly all may another (a few, by MAT's sizes) keep more.
            int look = SuspectRule.keepsNearlyAll(most, heap.retainedBytes(cur)) ? 1
                    : Math.min(kids.length, MAX_CHILDREN_COMPARED);
            for (int k = 1; k < look; k++) {
                long r = heap.retainedBytes(kids[k]);
                if (r > most) {
                    biggest = kids[k];
                    most = r;
                }
            }
            if (heap.classOf(biggest).id() == heap.classOf(cur).id() && !heap.classOf(cur).isArrayType()) {
                // A node holding its next node (a linked list) or its subtrees (a tree): the structure starts at cur.
                firstNode = cur;
                break;
            }
            if (!SuspectRule.keepsNearlyAll(most, heap.retainedBytes(cur))) {
                break;
            }
            chain.add(biggest);
            cur = biggest;
        }
        int pointIndex = firstNode >= 0 && chain.size() > 1 ? chain.size() - 2 : chain.size() - 1;
        int point = chain.get(pointIndex);
        for (int id : chain) {
            if (heap.classOf(id).isSubclassOf(References.FINAL)) {
                return null; // the finalizer's queue: finalizer-backlog reports it
            }
        }
        if (!heap.isLive(point)) {
            return null;
        }
        int collection = collection(chain, pointIndex);
        int cache = cache(chain, collection);
        // A walk that ended inside the collection's own structure (a skip list's index, a bucket) reads the
        // elements of the whole collection: the point is where the size spreads, the collection what a person names.
        Elements.Result held = firstNode >= 0 && firstNode != point ? elements.of(point, firstNode)
                : elements.of(collection, -1);
        Owner owner = owners.of(cache >= 0 ? cache : collection);
        long count = count(cache >= 0 ? cache : collection);
        boolean known = count >= 0;
        if (!known) {
            // No count of its own (an application's structure, a JDK 8 skip list): the elements of the class that
            // retains most, so a map's keys are not counted next to its values.
            count = held.classes().isEmpty() ? 0 : held.classes().get(0).count();
        }
        long retained = heap.retainedBytes(cache >= 0 ? cache : collection);
        // An object that is no collection and whose reading is an estimate or no accumulation: read it as one whose
        // elements sit in several of its structures (exact counts, the collections that hold them).
        if (cache < 0 && !known && (held.estimated() || !SuspectRule.isAccumulation(count, held.largest(), retained))) {
            Point spreadPoint = spread(top, point, collection, retained, owner);
            if (spreadPoint != null) {
                return spreadPoint;
            }
        }
        return new Point(top, point, collection, cache, retained, count, known || !held.estimated(), held, owner,
                false);
    }

    /**
     * The point read as an accumulation spread over several of its structures ({@link SpreadElements}); null when
     * it is not one. Only an object that is neither an array nor a collection: a collection's elements are its own.
     */
    private Point spread(int top, int point, int collection, long retained, Owner owner) {
        HeapClass c = heap.classOf(collection);
        if (c.isArrayType() || Collections.isCollection(c)) {
            return null;
        }
        SpreadElements.Result s = spread.of(collection);
        if (s == null) {
            return null;
        }
        // The classes that come one (or more) per element: an entity with its entry, key and queued action; a
        // meter with its id.
        long perElement = 0;
        for (Elements.ElementClass e : s.classes()) {
            if (e.count() * 2 >= s.count()) {
                perElement += e.bytes();
            }
        }
        if (!SuspectRule.isSpreadAccumulation(s.count(), perElement, s.largest(), retained)) {
            return null;
        }
        Elements.Result held = new Elements.Result(s.classes(), s.count(), s.largest(), false);
        return new Point(top, point, collection, -1, retained, s.count(), true, held, owner, false, s.holders());
    }

    /** The collection a person names: the point, or the nearest object above it that is not structure. */
    private int collection(List<Integer> chain, int pointIndex) {
        for (int i = pointIndex; i >= 0; i--) {
            HeapClass c = heap.classOf(chain.get(i));
            if (!c.isArrayType() && !elements.isStructure(c, false)) {
                return chain.get(i);
            }
        }
        return chain.get(pointIndex);
    }

    /** The outermost Guava or Caffeine cache among the collection and the few objects above it; -1 if none. */
    private int cache(List<Integer> chain, int collection) {
        int at = chain.indexOf(collection);
        int found = -1;
        for (int i = at; i >= Math.max(0, at - 3); i--) {
            HeapClass c = heap.classOf(chain.get(i));
            if (Guava.isCache(c) || Caffeine.isCache(c)) {
                found = chain.get(i);
            }
        }
        return found;
    }

    /** Elements by the collection's or cache's own count; -1 when it keeps none. */
    long count(int id) {
        HeapObject o = heap.object(id);
        long n = Guava.size(heap, o);
        if (n < 0) {
            n = Caffeine.size(heap, o);
        }
        return n >= 0 ? n : Collections.elementCount(heap, o);
    }

    /** Group suspects: see {@link SuspectRule#isGroupAccumulation}. */
    private List<Point> groupPoints(Map<Integer, long[]> groups, Map<Integer, int[]> samples) {
        List<Point> out = new ArrayList<>();
        for (Map.Entry<Integer, long[]> g : groups.entrySet()) {
            long[] v = g.getValue();
            if (v[1] < threshold || v[0] < SuspectRule.GROUP_MIN_MEMBERS
                    || v[2] > v[1] * SuspectRule.GROUP_MAX_MEMBER_SHARE) {
                continue;
            }
            HeapClass c = heap.classById(g.getKey());
            int[] sample = java.util.Arrays.copyOf(samples.get(g.getKey()), (int) Math.min(v[0], GROUP_SAMPLE));
            Map<String, Integer> votes = new HashMap<>();
            Map<String, Owner> byKey = new HashMap<>();
            for (int id : sample) {
                Owner o = owners.of(id);
                votes.merge(o.key(), 1, Integer::sum);
                byKey.putIfAbsent(o.key(), o);
            }
            String top = votes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(null);
            if (top == null || !SuspectRule.isGroupAccumulation(v[0], v[2], v[1], sample.length, votes.get(top))) {
                continue;
            }
            String name = JdkClasses.stableClassName(c == null ? "?" : c.name());
            Elements.Result members = new Elements.Result(List.of(new Elements.ElementClass(name, v[0], v[1])),
                    v[0], v[2], false);
            out.add(new Point(sample[0], sample[0], sample[0], -1, v[1], v[0], true, members, byKey.get(top), true));
        }
        return out;
    }
}
