package dev.heaptriage.index;

import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

/**
 * The dominator tree of an object graph with a virtual root above its GC roots: immediate dominators by semi-NCA
 * (Georgiadis and Tarjan's simple semidominators with nearest-common-ancestor dominators), iterative, over
 * {@code int} arrays in depth-first preorder; retained sizes accumulated in reverse preorder; each object's
 * dominated objects by a counting sort, largest retained size first.
 *
 * <p>The graph is the one MAT's own dominator tree uses: the virtual root points at the GC roots, each object at its
 * successors, and a GC root's only predecessor is the virtual root (references to a GC root never make another object
 * its dominator). Objects the search does not reach have no immediate dominator ({@link #UNREACHED}).
 *
 * <p>Memory: six {@code int} arrays of the object count while computing (24 bytes an object), then the immediate
 * dominators, retained sizes and children (20 bytes an object) stay.
 */
public final class DominatorTree {
    /** {@link #immediateDominator} of a GC root and of any object only the virtual root dominates. */
    public static final int ROOT = -1;
    /** {@link #immediateDominator} of an object the search from the GC roots did not reach. */
    public static final int UNREACHED = -2;

    /** Told how far the computation is, from 0 to 1. */
    public interface Progress {
        void fraction(double f);
    }

    private final int n;
    /** Immediate dominator by object id: an id, {@link #ROOT} or {@link #UNREACHED}. */
    private final int[] idom;
    private final long[] retained;
    /** Children of the virtual root at [childStart[0], childStart[1]), of object v at [childStart[v+1], childStart[v+2]). */
    private final int[] childStart;
    private final int[] children;
    private final int reached;

    private DominatorTree(int n, int[] idom, long[] retained, int[] childStart, int[] children, int reached) {
        this.n = n;
        this.idom = idom;
        this.retained = retained;
        this.childStart = childStart;
        this.children = children;
        this.reached = reached;
    }

    /**
     * Computes the tree.
     *
     * @param n            the number of objects, ids 0 to n-1
     * @param roots        the GC roots, in the order the search visits them
     * @param successors   an object's outbound references (ids; duplicates and unknown ids allowed)
     * @param predecessors an object's inbound references (ids); not asked for GC roots
     * @param shallow      an object's shallow size, summed into retained sizes
     */
    public static DominatorTree compute(int n, int[] roots, IntFunction<int[]> successors,
                                        IntFunction<int[]> predecessors, IntToLongFunction shallow,
                                        Progress progress) {
        // Preorder numbers start at 1 for the virtual root; 0 means "not visited" (and, in ancestor, "not linked").
        int[] pre = new int[n];
        int[] vertex = new int[n + 2];
        int[] parent = new int[n + 2];
        int count = search(n, roots, successors, pre, vertex, parent);
        progress.fraction(0.3);

        boolean[] isRoot = new boolean[n];
        for (int r : roots) {
            if (r >= 0 && r < n) {
                isRoot[r] = true;
            }
        }
        int[] semi = new int[count + 1];
        int[] label = new int[count + 1];
        int[] ancestor = new int[count + 1];
        for (int i = 1; i <= count; i++) {
            semi[i] = i;
            label[i] = i;
        }
        int[] stack = new int[64];
        int step = Math.max(1, count / 40);
        for (int w = count; w >= 2; w--) {
            int id = vertex[w];
            int s = semi[w];
            if (isRoot[id]) {
                s = 1;
            } else {
                for (int p : predecessors.apply(id)) {
                    int v = p >= 0 && p < n ? pre[p] : 0;
                    if (v == 0) {
                        continue;
                    }
                    int candidate;
                    if (v <= w) {
                        candidate = v;
                    } else {
                        stack = compress(v, ancestor, label, stack);
                        candidate = label[v];
                    }
                    if (candidate < s) {
                        s = candidate;
                    }
                }
            }
            semi[w] = s;
            label[w] = s;
            ancestor[w] = parent[w];
            if (w % step == 0) {
                progress.fraction(0.3 + 0.4 * (count - w) / count);
            }
        }
        ancestor = null;
        label = null;
        // Nearest common ancestor: in preorder, each vertex's dominator is its parent's chain cut at its semidominator.
        int[] dom = parent;
        for (int w = 2; w <= count; w++) {
            int d = dom[w];
            while (d > semi[w]) {
                d = dom[d];
            }
            dom[w] = d;
        }
        semi = null;
        int[] idom = new int[n];
        java.util.Arrays.fill(idom, UNREACHED);
        for (int w = 2; w <= count; w++) {
            int d = dom[w];
            idom[vertex[w]] = d == 1 ? ROOT : vertex[d];
        }
        dom = null;
        parent = null;
        pre = null;
        progress.fraction(0.75);

        long[] retained = new long[n];
        for (int w = count; w >= 2; w--) {
            int id = vertex[w];
            retained[id] += shallow.applyAsLong(id);
            int d = idom[id];
            if (d >= 0) {
                retained[d] += retained[id];
            }
        }
        vertex = null;
        progress.fraction(0.85);
        int[] childStart = new int[n + 2];
        for (int v = 0; v < n; v++) {
            if (idom[v] != UNREACHED) {
                childStart[idom[v] + 2]++;
            }
        }
        for (int i = 1; i < childStart.length; i++) {
            childStart[i] += childStart[i - 1];
        }
        int[] children = new int[childStart[n + 1]];
        int[] fill = java.util.Arrays.copyOf(childStart, n + 1);
        for (int v = 0; v < n; v++) {
            if (idom[v] != UNREACHED) {
                children[fill[idom[v] + 1]++] = v;
            }
        }
        fill = null;
        int[] buffer = new int[0];
        for (int p = 0; p <= n; p++) {
            int from = childStart[p];
            int to = childStart[p + 1];
            if (to - from > 1) {
                if (buffer.length < to - from) {
                    buffer = new int[to - from];
                }
                sortByRetained(children, from, to, retained, buffer);
            }
        }
        progress.fraction(1);
        return new DominatorTree(n, idom, retained, childStart, children, count - 1);
    }

    /** Iterative depth-first search from the virtual root (preorder 1); returns the number of vertices numbered. */
    private static int search(int n, int[] roots, IntFunction<int[]> successors, int[] pre, int[] vertex,
                              int[] parent) {
        int count = 1;
        vertex[1] = -1;
        int[] node = new int[256];
        int[][] succ = new int[256][];
        int[] next = new int[256];
        int size = 0;
        node[0] = 1;
        succ[0] = roots;
        size = 1;
        while (size > 0) {
            int top = size - 1;
            int[] s = succ[top];
            if (next[top] == s.length) {
                succ[top] = null;
                size--;
                continue;
            }
            int w = s[next[top]++];
            if (w < 0 || w >= n || pre[w] != 0) {
                continue;
            }
            count++;
            pre[w] = count;
            vertex[count] = w;
            parent[count] = node[top];
            if (size == node.length) {
                node = java.util.Arrays.copyOf(node, size * 2);
                succ = java.util.Arrays.copyOf(succ, size * 2);
                next = java.util.Arrays.copyOf(next, size * 2);
            }
            node[size] = count;
            succ[size] = successors.apply(w);
            next[size] = 0;
            size++;
        }
        return count;
    }

    /**
     * Path compression in the forest of processed vertices, without recursion: afterwards {@code label[v]} is the
     * smallest semidominator on the path from {@code v} up to (not including) its forest root.
     */
    private static int[] compress(int v, int[] ancestor, int[] label, int[] stack) {
        int size = 0;
        int u = v;
        while (ancestor[u] != 0 && ancestor[ancestor[u]] != 0) {
            if (size == stack.length) {
                stack = java.util.Arrays.copyOf(stack, size * 2);
            }
            stack[size++] = u;
            u = ancestor[u];
        }
        while (size > 0) {
            u = stack[--size];
            int a = ancestor[u];
            if (label[a] < label[u]) {
                label[u] = label[a];
            }
            ancestor[u] = ancestor[a];
        }
        return stack;
    }

    /** Sorts ids[from, to) by retained size, largest first, equal sizes by id (a merge sort; stable, no boxing). */
    static void sortByRetained(int[] ids, int from, int to, long[] retained, int[] buffer) {
        int len = to - from;
        for (int width = 1; width < len; width *= 2) {
            for (int lo = 0; lo < len - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, len);
                if (!before(ids[from + mid], ids[from + mid - 1], retained)) {
                    continue; // already in order
                }
                System.arraycopy(ids, from + lo, buffer, 0, mid - lo);
                int i = 0;
                int iEnd = mid - lo;
                int j = from + mid;
                int k = from + lo;
                while (i < iEnd && j < from + hi) {
                    ids[k++] = before(ids[j], buffer[i], retained) ? ids[j++] : buffer[i++];
                }
                while (i < iEnd) {
                    ids[k++] = buffer[i++];
                }
            }
        }
    }

    private static boolean before(int a, int b, long[] retained) {
        return retained[a] > retained[b] || retained[a] == retained[b] && a < b;
    }

    /**
     * Every object's retained size under another size model: the sum of {@code size} over its dominated subtree, by
     * one post-order walk of the tree's children (an explicit stack: a dominator chain can be millions deep).
     * Objects not reached get 0.
     */
    public long[] subtreeSums(IntToLongFunction size) {
        long[] sums = new long[n];
        int[] node = new int[256];
        int[] next = new int[256];
        int depth = 1;
        node[0] = ROOT;
        next[0] = childStart[0];
        while (depth > 0) {
            int top = depth - 1;
            int v = node[top];
            int end = childStart[v + 2];
            if (next[top] < end) {
                int child = children[next[top]++];
                sums[child] = size.applyAsLong(child);
                if (depth == node.length) {
                    node = java.util.Arrays.copyOf(node, depth * 2);
                    next = java.util.Arrays.copyOf(next, depth * 2);
                }
                node[depth] = child;
                next[depth] = childStart[child + 1];
                depth++;
                continue;
            }
            depth--;
            if (v != ROOT && depth > 0 && node[depth - 1] != ROOT) {
                sums[node[depth - 1]] += sums[v];
            }
        }
        return sums;
    }

    public int size() {
        return n;
    }

    /** The number of objects the search reached from the GC roots. */
    public int reached() {
        return reached;
    }

    /** An object's immediate dominator: an id, {@link #ROOT} or {@link #UNREACHED}. */
    public int immediateDominator(int id) {
        return idom[id];
    }

    /** The sum of the shallow sizes of the object and of every object it dominates. */
    public long retained(int id) {
        return retained[id];
    }

    /** The objects {@code id} immediately dominates ({@link #ROOT}: those only the virtual root does), largest first. */
    public int[] dominated(int id) {
        int from = childStart[id + 1];
        int to = childStart[id + 2];
        return java.util.Arrays.copyOfRange(children, from, to);
    }
}
