package dev.heaptriage.load;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;

/**
 * What each class's instances retain together (the histogram's retained column): one depth-first pass over MAT's
 * dominator tree, from the virtual root, with the shallow sizes of the dump's layout. An object's subtree is
 * credited to its class unless an ancestor in the dominator tree is of the same class (then that ancestor's subtree
 * already holds it), so nothing is counted twice: a linked list retains its nodes once, at its head.
 *
 * <p>Below {@link #MAX_DEPTH} levels (a dominator chain as deep as a linked list of millions) the pass no longer keeps
 * a frame per level: what lies deeper is summed into the deepest frame, and objects down there whose class has no
 * instance above them add only their own size to their class. The pass costs one index lookup and one size per
 * object; its memory follows the tree's width and the depth limit, never the heap.
 */
final class ClassRetained {
    static final int MAX_DEPTH = 1 << 16;
    private static final int ROOT = -1;

    private final ISnapshot snapshot;
    private final HeapSizes sizes;
    private final int maxDepth;
    private final Map<Integer, Integer> index = new HashMap<>();
    private int classes;
    private int[] active = new int[64];
    private long[] total = new long[64];

    private ClassRetained(ISnapshot snapshot, HeapSizes sizes, int maxDepth) {
        this.snapshot = snapshot;
        this.sizes = sizes;
        this.maxDepth = maxDepth;
    }

    /** Retained bytes by class id (the id of the class mirror); classes whose instances retain nothing are absent. */
    static Map<Integer, Long> compute(ISnapshot snapshot, HeapSizes sizes) throws SnapshotException {
        return compute(snapshot, sizes, MAX_DEPTH);
    }

    /** As {@link #compute(ISnapshot, HeapSizes)}, with frames for {@code maxDepth} levels (tests use a small one). */
    static Map<Integer, Long> compute(ISnapshot snapshot, HeapSizes sizes, int maxDepth) throws SnapshotException {
        return new ClassRetained(snapshot, sizes, maxDepth).run();
    }

    private int classIndex(int objectId) throws SnapshotException {
        int classId = snapshot.getClassOf(objectId).getObjectId();
        Integer i = index.get(classId);
        if (i == null) {
            i = classes++;
            index.put(classId, i);
            if (i >= active.length) {
                active = Arrays.copyOf(active, i * 2);
                total = Arrays.copyOf(total, i * 2);
            }
        }
        return i;
    }

    private Map<Integer, Long> run() throws SnapshotException {
        int[] ids = new int[64];
        int[] cls = new int[64];
        int[][] children = new int[64][];
        int[] next = new int[64];
        long[] sums = new long[64];
        boolean[] counted = new boolean[64];
        int depth = 1;
        children[0] = snapshot.getImmediateDominatedIds(ROOT);
        ids[0] = ROOT;
        while (depth > 0) {
            int top = depth - 1;
            if (next[top] < children[top].length) {
                int child = children[top][next[top]++];
                int c = classIndex(child);
                if (depth == maxDepth) {
                    sums[top] += flat(child);
                    continue;
                }
                if (depth == ids.length) {
                    int grown = depth * 2;
                    ids = Arrays.copyOf(ids, grown);
                    cls = Arrays.copyOf(cls, grown);
                    children = Arrays.copyOf(children, grown);
                    next = Arrays.copyOf(next, grown);
                    sums = Arrays.copyOf(sums, grown);
                    counted = Arrays.copyOf(counted, grown);
                }
                ids[depth] = child;
                cls[depth] = c;
                counted[depth] = active[c] == 0;
                active[c]++;
                children[depth] = snapshot.getImmediateDominatedIds(child);
                next[depth] = 0;
                sums[depth] = sizes.shallowBytes(child);
                depth++;
                continue;
            }
            children[top] = null;
            if (top > 0) {
                active[cls[top]]--;
                if (counted[top]) {
                    total[cls[top]] += sums[top];
                }
                sums[top - 1] += sums[top];
            }
            next[top] = 0;
            depth--;
        }
        Map<Integer, Long> out = new HashMap<>();
        for (Map.Entry<Integer, Integer> e : index.entrySet()) {
            if (total[e.getValue()] > 0) {
                out.put(e.getKey(), total[e.getValue()]);
            }
        }
        return out;
    }

    /** The sum of a subtree below the depth limit, pre-order; classes not active above add their shallow sizes. */
    private long flat(int root) throws SnapshotException {
        int[] pending = new int[64];
        int size = 0;
        pending[size++] = root;
        long sum = 0;
        while (size > 0) {
            int id = pending[--size];
            long own = sizes.shallowBytes(id);
            sum += own;
            int c = classIndex(id);
            if (active[c] == 0) {
                total[c] += own;
            }
            for (int child : snapshot.getImmediateDominatedIds(id)) {
                if (size == pending.length) {
                    pending = Arrays.copyOf(pending, size * 2);
                }
                pending[size++] = child;
            }
        }
        return sum;
    }
}
