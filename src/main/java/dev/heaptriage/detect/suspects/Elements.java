package dev.heaptriage.detect.suspects;

import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.libs.Caffeine;
import dev.heaptriage.detect.libs.Guava;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an accumulation point holds, read from its dominator subtree: the objects under it that are not its own
 * structure (backing arrays, hash and tree nodes, segments, linked-list nodes, a cache library's nodes), grouped by
 * class with counts and retained bytes. Generic on purpose: it knows which classes are structure, not the layout of
 * any collection, so a collection it has never seen (an application's own linked list, a tree) still shows its
 * elements.
 *
 * <p>Cost is bounded: at most {@value #FIRST_LEVEL_LIMIT} of any object's dominated children are read (every k-th
 * one, the largest always included) and at most {@value #VISIT_LIMIT} objects in all; past that the counts and bytes are
 * scaled up from what was read, and {@link Result#estimated()} says so.
 */
final class Elements {
    static final int FIRST_LEVEL_LIMIT = 50_000;
    static final int VISIT_LIMIT = 250_000;

    /** One element class: how many elements of it and the bytes they retain. */
    record ElementClass(String className, long count, long bytes) {
    }

    /**
     * @param classes   element classes, most bytes first
     * @param count     how many elements in all (scaled when estimated)
     * @param largest   the retained size of the largest element read
     * @param estimated true when counts and bytes are scaled up from a sample
     */
    record Result(List<ElementClass> classes, long count, long largest, boolean estimated) {
        String topClass() {
            return classes.isEmpty() ? "?" : classes.get(0).className();
        }
    }

    private final HeapView heap;
    private final Map<Integer, Boolean> structural = new HashMap<>();

    Elements(HeapView heap) {
        this.heap = heap;
    }

    /**
     * The elements under {@code point}; with {@code firstNode} (not -1) the point holds a linked structure starting
     * there (a chain or tree of nodes of one class), and its nodes are walked instead of the point's children.
     */
    Result of(int point, int firstNode) {
        Map<String, double[]> byClass = new HashMap<>();
        ArrayDeque<Item> queue = new ArrayDeque<>();
        boolean sampled = false;
        int nodeClass = -1;
        if (firstNode >= 0) {
            nodeClass = heap.classOf(firstNode).id();
            queue.add(new Item(firstNode, true, 1));
        } else {
            sampled = enqueueKids(queue, point, !heap.classOf(point).isArrayType(), 1);
        }
        long largest = 0;
        double seenBytes = 0;
        double structureBytes = 0;
        int visited = 0;
        while (!queue.isEmpty() && visited < VISIT_LIMIT) {
            Item next = queue.poll();
            int id = next.id();
            visited++;
            HeapClass c = heap.classOf(id);
            boolean node = c.id() == nodeClass;
            if (node || isStructure(c, next.parentIsObject())) {
                // Only a table-owning part (a segment, an AtomicReferenceArray) owns arrays as structure; what a
                // node or entry references is an element, arrays included.
                structureBytes += heap.shallowBytes(id) * next.weight();
                sampled |= enqueueKids(queue, id, !(c.isArrayType() || node || isEntry(c)), next.weight());
                continue;
            }
            long retained = heap.retainedBytes(id);
            seenBytes += retained * next.weight();
            largest = Math.max(largest, retained);
            double[] acc = byClass.computeIfAbsent(JdkClasses.stableClassName(c.name()), k -> new double[2]);
            acc[0] += next.weight();
            acc[1] += retained * next.weight();
        }
        boolean estimated = sampled || !queue.isEmpty();
        double scale = 1;
        if (!queue.isEmpty() && seenBytes > 0) {
            // Stopped by the visit bound: scale by bytes, the one total known for the whole subtree.
            scale = Math.max(1.0, heap.retainedBytes(point) / (seenBytes + structureBytes));
        }
        List<ElementClass> classes = new ArrayList<>();
        long count = 0;
        for (Map.Entry<String, double[]> e : byClass.entrySet()) {
            long n = Math.round(e.getValue()[0] * scale);
            count += n;
            classes.add(new ElementClass(e.getKey(), n, Math.round(e.getValue()[1] * scale)));
        }
        classes.sort(Comparator.comparingLong(ElementClass::bytes).reversed().thenComparing(ElementClass::className));
        return new Result(List.copyOf(classes), count, largest, estimated);
    }

    /** One object to read, whether its parent is a non-array object, and how many objects it stands for. */
    private record Item(int id, boolean parentIsObject, double weight) {
    }

    /**
     * Queues the dominated children of {@code id}: all of them, or every k-th of a fan-out over
     * {@value #FIRST_LEVEL_LIMIT} (a systematic sample of children that MAT lists largest first, so it spans every
     * size), each standing for k. Returns whether it sampled.
     */
    private boolean enqueueKids(ArrayDeque<Item> queue, int id, boolean parentIsObject, double weight) {
        int[] kids = heap.dominatedBy(id);
        int stride = Math.max(1, (kids.length + FIRST_LEVEL_LIMIT - 1) / FIRST_LEVEL_LIMIT);
        int taken = (kids.length + stride - 1) / stride;
        double each = weight * kids.length / Math.max(1, taken);
        for (int i = 0; i < kids.length; i += stride) {
            queue.add(new Item(kids[i], parentIsObject, each));
        }
        return stride > 1;
    }

    /**
     * Whether objects of {@code c} are a collection's structure rather than what it holds. An object array is
     * structure only as the backing array of the point or of a table-owning part (a list's {@code elementData}, a
     * map's table, a segment's); an array held by an array or a node is an element (a {@code List<Object[]>}, a
     * {@code Map<K, String[]>} hold arrays).
     */
    static boolean isEntry(HeapClass c) {
        String n = c.name();
        return n.endsWith("Node") || n.endsWith("Entry") || n.endsWith("Bin") || n.endsWith("Cell")
                || Caffeine.isNode(c);
    }

    boolean isStructure(HeapClass c, boolean parentIsObject) {
        if (c.isArrayType()) {
            return parentIsObject && !c.name().matches("(boolean|byte|char|short|int|long|float|double)\\[\\].*");
        }
        return structural.computeIfAbsent(c.id(), k -> Collections.isInternalNode(c) || Caffeine.isNode(c)
                || Guava.isInternalNode(c));
    }
}
