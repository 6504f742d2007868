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
 * <p>The tree is first copied into two arrays, each node's children side by side (8 bytes an object, dropped
 * afterwards), by two sequential passes over MAT's immediate-dominator index: walking MAT's per-object lists of
 * dominated ids in tree order costs several times as much, in random page reads. Below {@link #MAX_DEPTH} levels (a
 * dominator chain as deep as a linked list of millions) the pass no longer keeps a frame per level: what lies deeper
 * is summed into the deepest frame, and objects down there whose class has no instance above them add only their
 * own size to their class.
 */
final class ClassRetained {
    static final int MAX_DEPTH = 1 << 16;

    private final HeapSizes sizes;
    private final int maxDepth;
    /**
     * Node 0 is the virtual root, node {@code id + 1} the object {@code id}; the children of node p are
     * {@code kids[p == 0 ? 0 : end[p - 1] .. end[p])}.
     */
    private final int[] end;
    private final int[] kids;
    /** Per class shape (one more for objects of a class without a shape): instances on the current path, totals. */
    private final int[] active;
    private final long[] total;

    private ClassRetained(ISnapshot snapshot, HeapSizes sizes, int maxDepth)
            throws SnapshotException {
        this.sizes = sizes;
        this.maxDepth = maxDepth;
        this.active = new int[sizes.shapeCount() + 1];
        this.total = new long[sizes.shapeCount() + 1];
        int n = snapshot.getSnapshotInfo().getNumberOfObjects();
        end = new int[n + 1];
        for (int id = 0; id < n; id++) {
            end[snapshot.getImmediateDominatorId(id) + 1]++; // -1, the virtual root, is node 0
        }
        int start = 0;
        for (int p = 0; p <= n; p++) {
            int count = end[p];
            end[p] = start; // where p's children go; after the fill below, where they end
            start += count;
        }
        kids = new int[n];
        for (int id = 0; id < n; id++) {
            kids[end[snapshot.getImmediateDominatorId(id) + 1]++] = id;
        }
    }

    /**
     * Retained bytes by class id (the id of the class mirror); classes whose instances retain nothing are absent.
     */
    static Map<Integer, Long> compute(ISnapshot snapshot, HeapSizes sizes) throws SnapshotException {
        return new ClassRetained(snapshot, sizes, MAX_DEPTH).run();
    }

    /** As {@link #compute(ISnapshot, HeapSizes)}, with frames for {@code maxDepth} levels (tests use a small one). */
    static Map<Integer, Long> compute(ISnapshot snapshot, HeapSizes sizes, int maxDepth) throws SnapshotException {
        return new ClassRetained(snapshot, sizes, maxDepth).run();
    }

    private Map<Integer, Long> run() throws SnapshotException {
        int[] cursor = new int[64];
        int[] limit = new int[64];
        int[] cls = new int[64];
        long[] sums = new long[64];
        boolean[] counted = new boolean[64];
        cursor[0] = 0;
        limit[0] = end[0];
        int depth = 1;
        while (depth > 0) {
            int top = depth - 1;
            if (cursor[top] < limit[top]) {
                int child = kids[cursor[top]++];
                if (depth == maxDepth) {
                    sums[top] += flat(child);
                    continue;
                }
                if (depth == cls.length) {
                    int grown = depth * 2;
                    cursor = Arrays.copyOf(cursor, grown);
                    limit = Arrays.copyOf(limit, grown);
                    cls = Arrays.copyOf(cls, grown);
                    sums = Arrays.copyOf(sums, grown);
                    counted = Arrays.copyOf(counted, grown);
                }
                int shape = sizes.shapeOf(child);
                int c = shape < 0 ? active.length - 1 : shape;
                cls[depth] = c;
                counted[depth] = active[c] == 0;
                active[c]++;
                cursor[depth] = end[child];
                limit[depth] = end[child + 1];
                sums[depth] = sizes.shallowBytes(child, shape);
                depth++;
                continue;
            }
            if (top > 0) {
                active[cls[top]]--;
                if (counted[top]) {
                    total[cls[top]] += sums[top];
                }
                sums[top - 1] += sums[top];
            }
            depth--;
        }
        Map<Integer, Long> out = new HashMap<>();
        for (int s = 0; s < sizes.shapeCount(); s++) {
            if (total[s] > 0) {
                out.put(sizes.shapeClassId(s), total[s]);
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
            int shape = sizes.shapeOf(id);
            long own = sizes.shallowBytes(id, shape);
            sum += own;
            int c = shape < 0 ? active.length - 1 : shape;
            if (active[c] == 0) {
                total[c] += own;
            }
            for (int k = end[id]; k < end[id + 1]; k++) {
                if (size == pending.length) {
                    pending = Arrays.copyOf(pending, size * 2);
                }
                pending[size++] = kids[k];
            }
        }
        return sum;
    }
}
