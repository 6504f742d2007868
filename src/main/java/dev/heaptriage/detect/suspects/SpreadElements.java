package dev.heaptriage.detect.suspects;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.units.Names;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An accumulation spread over several structures of one object (issue 21, item 3): a registry, a session, a unit of
 * work or a context whose elements are each held by two or three of its collections at once, so no one collection
 * dominates them and the walk down the dominator tree stops at the object itself. Read by structure, never by class
 * name:
 * <ol>
 *   <li>The object's dominator subtree is counted by class (a bounded walk).</li>
 *   <li>Classes with {@link SuspectRule#MANY_ELEMENTS} or more instances there that are not a collection's own
 *       structure (nodes, backing arrays) are the repeated classes; their <em>top</em> instances, those with no
 *       repeated instance above them in the tree (an entity, a meter and its key; not the entity's id, which the
 *       entity dominates), are the elements, grouped by class with counts and retained bytes.</li>
 *   <li>The element named is an application class if there is one (the entity an ORM session holds), else the one
 *       whose instances reference instances of another element class (a meter, not its key), else the largest.</li>
 *   <li>The collections that hold it are read from the referrers of a sample of its instances: each referrer is
 *       followed up through structure (a node, a table, a backing array) to the collection, named by the field that
 *       holds it ({@code StatefulPersistenceContext.entitiesByKey (HashMap)}); an element referenced by another
 *       element is named by that class's field ({@code EntityInsertAction.instance}).</li>
 * </ol>
 */
final class SpreadElements {
    /** Objects of the subtree read at most (each pass); past it the reading is an estimate and is not used. */
    static final int VISIT_LIMIT = 3_000_000;
    /** Instances of the named element class whose referrers are read. */
    private static final int HOLDER_SAMPLE = 32;
    /** Structure between an element's referrer and its collection: a node, a bucket array, a table, a segment. */
    private static final int MAX_CLIMB = 6;

    /**
     * The elements of a spread accumulation.
     *
     * @param classes   element classes, the named one first, then by bytes
     * @param named     the element class a person names
     * @param count     instances of the named class (exact)
     * @param bytes     what all elements retain
     * @param largest   the largest element's retained size
     * @param holders   the collections (or element fields) that hold the named class, most frequent first
     */
    record Result(List<Elements.ElementClass> classes, String named, long count, long bytes, long largest,
                  List<String> holders) {
    }

    private final HeapView heap;
    private final AppCode app;
    private final Elements elements;

    SpreadElements(HeapView heap, AppCode app, Elements elements) {
        this.heap = heap;
        this.app = app;
        this.elements = elements;
    }

    /** The spread elements under {@code point}; null when its subtree is too big to read or has no repeated class. */
    Result of(int point) {
        Map<Integer, Integer> counts = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int visited = 0;
        for (int k : heap.dominatedBy(point)) {
            queue.add(k);
        }
        while (!queue.isEmpty()) {
            if (++visited > VISIT_LIMIT) {
                return null;
            }
            int id = queue.poll();
            counts.merge(heap.classOf(id).id(), 1, Integer::sum);
            for (int k : heap.dominatedBy(id)) {
                queue.add(k);
            }
        }
        Map<Integer, Boolean> repeated = new HashMap<>();
        counts.forEach((classId, n) -> {
            HeapClass c = heap.classById(classId);
            repeated.put(classId, n >= SuspectRule.MANY_ELEMENTS && c != null && !c.isArrayType()
                    && !elements.isStructure(c, true) && !Elements.isEntry(c));
        });
        // Second pass: down to the first repeated instance on each branch.
        Map<Integer, long[]> byClass = new LinkedHashMap<>(); // class id -> {count, bytes}
        Map<Integer, List<Integer>> samples = new HashMap<>();
        long largest = 0;
        for (int k : heap.dominatedBy(point)) {
            queue.add(k);
        }
        while (!queue.isEmpty()) {
            int id = queue.poll();
            int classId = heap.classOf(id).id();
            if (repeated.getOrDefault(classId, false)) {
                long r = heap.retainedBytes(id);
                long[] acc = byClass.computeIfAbsent(classId, x -> new long[2]);
                acc[0]++;
                acc[1] += r;
                largest = Math.max(largest, r);
                List<Integer> s = samples.computeIfAbsent(classId, x -> new ArrayList<>());
                if (s.size() < HOLDER_SAMPLE) {
                    s.add(id);
                }
                continue;
            }
            for (int k : heap.dominatedBy(id)) {
                queue.add(k);
            }
        }
        if (byClass.isEmpty()) {
            return null;
        }
        int named = named(byClass, samples);
        long total = 0;
        List<Elements.ElementClass> classes = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : byClass.entrySet()) {
            total += e.getValue()[1];
            classes.add(new Elements.ElementClass(className(e.getKey()), e.getValue()[0], e.getValue()[1]));
        }
        String namedClass = className(named);
        classes.sort(Comparator.comparing((Elements.ElementClass e) -> !e.className().equals(namedClass))
                .thenComparing(Comparator.comparingLong(Elements.ElementClass::bytes).reversed())
                .thenComparing(Elements.ElementClass::className));
        return new Result(List.copyOf(classes), namedClass, byClass.get(named)[0], total, largest,
                holders(point, samples.get(named), byClass.keySet()));
    }

    private String className(int classId) {
        return JdkClasses.stableClassName(heap.classById(classId).name());
    }

    /** An application class; else one whose instances reference another element class; else the most bytes. */
    private int named(Map<Integer, long[]> byClass, Map<Integer, List<Integer>> samples) {
        int best = -1;
        int bestScore = -1;
        for (Map.Entry<Integer, long[]> e : byClass.entrySet()) {
            int classId = e.getKey();
            int score = app.isApplication(heap.classById(classId).name()) ? 2 : 0;
            if (referencesAnother(samples.get(classId).get(0), classId, byClass)) {
                score++;
            }
            if (score > bestScore || score == bestScore && e.getValue()[1] > byClass.get(best)[1]) {
                best = classId;
                bestScore = score;
            }
        }
        return best;
    }

    private boolean referencesAnother(int id, int ownClass, Map<Integer, long[]> byClass) {
        for (int r : heap.referents(id)) {
            int c = heap.classOf(r).id();
            if (c != ownClass && byClass.containsKey(c)) {
                return true;
            }
        }
        return false;
    }

    /** The collections and element fields that hold the sampled instances, most frequent first. */
    private List<String> holders(int point, List<Integer> sample, java.util.Set<Integer> elementClasses) {
        Map<String, Integer> seen = new HashMap<>();
        for (int id : sample) {
            java.util.Set<String> mine = new java.util.HashSet<>();
            for (int r : heap.referrers(id)) {
                String h = holder(point, r, id, elementClasses);
                if (h != null) {
                    mine.add(h);
                }
            }
            mine.forEach(h -> seen.merge(h, 1, Integer::sum));
        }
        List<String> out = new ArrayList<>(seen.keySet());
        // Holders of at least half the sample, most frequent first: a collection that holds a few is not one of the
        // structures every element is in.
        out.removeIf(h -> seen.get(h) * 2 < sample.size());
        out.sort(Comparator.comparing((String h) -> -seen.get(h)).thenComparing(h -> h));
        return List.copyOf(out);
    }

    /** What holds {@code element} through its referrer {@code r}: a named collection or an element's field. */
    private String holder(int point, int r, int element, java.util.Set<Integer> elementClasses) {
        if (heap.classById(r) != null) {
            return null;
        }
        int x = r;
        int below = element;
        for (int step = 0; step < MAX_CLIMB; step++) {
            HeapClass c = heap.classOf(x);
            if (!c.isArrayType() && !elements.isStructure(c, true) && !Elements.isEntry(c)) {
                break;
            }
            below = x;
            x = heap.immediateDominator(x);
            if (x < 0 || x == point) {
                // The structure hangs right off the point (its own array): name it by the point's field.
                return x == point ? label(heap.object(point), below, null) : null;
            }
        }
        HeapClass c = heap.classOf(x);
        if (elementClasses.contains(c.id()) || x == point) {
            return label(heap.object(x), below, null);
        }
        // A collection (a JDK one or a library's: no matter): named by the field of the object that owns it, so two
        // maps of one class (a bimap's forward and inverse maps) are two holders.
        String collection = Names.simpleName(JdkClasses.stableClassName(c.name()));
        int owner = heap.immediateDominator(x);
        if (owner < 0 || heap.classById(owner) != null) {
            return collection;
        }
        return label(heap.object(owner), x, collection);
    }

    private static String label(HeapObject holder, int target, String collection) {
        String field = holder.fieldReferencing(target);
        String name = Names.simpleName(JdkClasses.stableClassName(holder.className()));
        return name + (field == null ? "" : "." + field) + (collection == null ? "" : " (" + collection + ")");
    }
}
