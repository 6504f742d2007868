package dev.heaptriage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dominator tree on small graphs whose answers are known, and against a brute-force oracle on random graphs. */
class DominatorTreeTest {
    private static final int R = DominatorTree.ROOT;
    private static final int U = DominatorTree.UNREACHED;

    /** A graph given as edge pairs over objects 0..n-1. */
    private static final class Graph {
        final int n;
        final List<List<Integer>> out = new ArrayList<>();
        final List<List<Integer>> in = new ArrayList<>();

        Graph(int n, int... edges) {
            this.n = n;
            for (int i = 0; i < n; i++) {
                out.add(new ArrayList<>());
                in.add(new ArrayList<>());
            }
            for (int i = 0; i < edges.length; i += 2) {
                edge(edges[i], edges[i + 1]);
            }
        }

        void edge(int from, int to) {
            out.get(from).add(to);
            in.get(to).add(from);
        }

        int[] succ(int v) {
            return out.get(v).stream().mapToInt(Integer::intValue).toArray();
        }

        int[] pred(int v) {
            return in.get(v).stream().mapToInt(Integer::intValue).toArray();
        }

        DominatorTree tree(int... roots) {
            return DominatorTree.compute(n, roots, this::succ, this::pred, id -> 10 + id, f -> { });
        }
    }

    private static int[] idoms(DominatorTree t) {
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.immediateDominator(i);
        }
        return out;
    }

    @Test
    void chainAndDiamond() {
        // 0 -> 1 -> 2 -> {3, 4} -> 5: 5 is dominated by 2, not by 3 or 4.
        Graph g = new Graph(6, 0, 1, 1, 2, 2, 3, 2, 4, 3, 5, 4, 5);
        DominatorTree t = g.tree(0);
        assertArrayEquals(new int[] {R, 0, 1, 2, 2, 2}, idoms(t));
        assertEquals(6, t.reached());
        // shallow sizes are 10 + id
        assertEquals(15, t.retained(5));
        assertEquals(12 + 13 + 14 + 15, t.retained(2));
        assertEquals(10 + 11 + 12 + 13 + 14 + 15, t.retained(0));
        assertArrayEquals(new int[] {5, 4, 3}, t.dominated(2)); // largest retained first
        assertArrayEquals(new int[] {0}, t.dominated(R));
    }

    /**
     * The trap for approximate algorithms: K is reachable as A -> X1 -> K and A -> X2 -> K, which makes A look like its
     * dominator, but also along M -> N -> P -> X1, a path that avoids A. Only the virtual root dominates K, X1 and A.
     */
    @Test
    void pathAvoidingTheApparentDominator() {
        int a = 0, x1 = 1, x2 = 2, k = 3, m = 4, nn = 5, p = 6, payload = 7;
        Graph g = new Graph(8, a, x1, a, x2, x1, k, x2, k, k, payload, m, nn, nn, p, p, x1);
        DominatorTree t = g.tree(a, m);
        assertEquals(R, t.immediateDominator(k));
        assertEquals(R, t.immediateDominator(x1));
        assertEquals(a, t.immediateDominator(x2));
        assertEquals(k, t.immediateDominator(payload));
        assertEquals(m, t.immediateDominator(nn)); // N under M, P under N
        assertEquals(nn, t.immediateDominator(p));
        assertEquals(10 + 12, t.retained(a)); // A and X2 only: K's payload is not A's
        assertEquals(1 + 1, t.subtreeSums(id -> 1)[a]);
        assertEquals(0, t.subtreeSums(id -> id == payload ? 100 : 0)[a], "in any size model");
        // The other root order finds the same tree: dominators are unique.
        assertArrayEquals(idoms(t), idoms(g.tree(m, a)));
    }

    @Test
    void referencesToGcRootsNeverMakeADominator() {
        // 0 is the only root that reaches 1; 1 is a root too, so its dominator is the virtual root, and 2, which only
        // 1 points to, is 1's.
        Graph g = new Graph(3, 0, 1, 1, 2);
        DominatorTree t = g.tree(0, 1);
        assertArrayEquals(new int[] {R, R, 1}, idoms(t));
        assertEquals(10, t.retained(0));
    }

    @Test
    void unreachedObjectsAndCyclesAndBadIds() {
        // 3 is never reached; 1 <-> 2 cycle under 0; ids out of range and self references are ignored.
        Graph g = new Graph(4, 0, 1, 1, 2, 2, 1, 2, 2, 3, 0);
        g.out.get(0).add(17);
        DominatorTree t = g.tree(0);
        assertArrayEquals(new int[] {R, 0, 1, U}, idoms(t));
        assertEquals(3, t.reached());
        assertEquals(0, t.retained(3));
        assertArrayEquals(new int[0], t.dominated(3));
    }

    @Test
    void equalRetainedSizesAreOrderedById() {
        int[] ids = {9, 3, 7, 1, 5, 2};
        long[] retained = new long[10];
        Arrays.fill(retained, 4);
        retained[7] = 8;
        DominatorTree.sortByRetained(ids, 0, ids.length, retained, new int[ids.length]);
        assertArrayEquals(new int[] {7, 1, 2, 3, 5, 9}, ids);
    }

    /** A long chain: the search and the path compression must not recurse. */
    @Test
    void deepChain() {
        int n = 1_000_000;
        int[][] out = new int[n][];
        int[][] in = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = i + 1 < n ? new int[] {i + 1} : new int[0];
            in[i] = i > 0 ? new int[] {i - 1} : new int[0];
        }
        DominatorTree t = DominatorTree.compute(n, new int[] {0}, v -> out[v], v -> in[v], v -> 1, f -> { });
        assertEquals(n - 2, t.immediateDominator(n - 1));
        assertEquals(n, t.retained(0));
    }

    /** Random graphs, several roots, cycles: every immediate dominator equals the brute-force one. */
    @Test
    void matchesBruteForceOnRandomGraphs() {
        Random random = new Random(22);
        for (int round = 0; round < 300; round++) {
            int n = 2 + random.nextInt(40);
            Graph g = new Graph(n);
            int edges = random.nextInt(3 * n);
            for (int e = 0; e < edges; e++) {
                g.edge(random.nextInt(n), random.nextInt(n));
            }
            int[] roots = random.ints(1 + random.nextInt(3), 0, n).toArray();
            DominatorTree t = g.tree(roots);
            assertArrayEquals(bruteForce(g, roots), idoms(t), "round " + round);
            // Retained sizes two ways: reverse preorder during the computation, post-order over the children after it.
            long[] sums = t.subtreeSums(id -> 10 + id);
            long[] again = t.subtreeSums(id -> 2 * (10 + id));
            for (int v = 0; v < n; v++) {
                assertEquals(t.retained(v), sums[v], "round " + round + ", object " + v);
                assertEquals(2 * sums[v], again[v]);
            }
        }
    }

    /** d dominates v when v cannot be reached from the roots without passing d; references to roots are cut. */
    private static int[] bruteForce(Graph g, int[] roots) {
        BitSet isRoot = new BitSet();
        for (int r : roots) {
            isRoot.set(r);
        }
        BitSet all = reach(g, roots, isRoot, -1);
        int[] idom = new int[g.n];
        for (int v = 0; v < g.n; v++) {
            if (!all.get(v)) {
                idom[v] = U;
                continue;
            }
            // the dominators of v, other than v; the immediate one is the one all others dominate (the deepest)
            List<Integer> doms = new ArrayList<>();
            for (int d = 0; d < g.n; d++) {
                if (d != v && all.get(d) && !reach(g, roots, isRoot, d).get(v)) {
                    doms.add(d);
                }
            }
            int best = R;
            for (int d : doms) {
                boolean deepest = true;
                for (int e : doms) {
                    if (e != d && !dominates(g, roots, isRoot, e, d)) {
                        deepest = false; // e is below d, so d is not the nearest
                    }
                }
                if (deepest) {
                    best = d;
                }
            }
            idom[v] = best;
        }
        return idom;
    }

    private static boolean dominates(Graph g, int[] roots, BitSet isRoot, int d, int v) {
        return !reach(g, roots, isRoot, d).get(v);
    }

    private static BitSet reach(Graph g, int[] roots, BitSet isRoot, int without) {
        BitSet seen = new BitSet();
        ArrayDequeInt stack = new ArrayDequeInt();
        for (int r : roots) {
            if (r != without && !seen.get(r)) {
                seen.set(r);
                stack.push(r);
            }
        }
        while (!stack.isEmpty()) {
            int v = stack.pop();
            for (int w : g.succ(v)) {
                if (w != without && !isRoot.get(w) && !seen.get(w)) {
                    seen.set(w);
                    stack.push(w);
                }
            }
        }
        return seen;
    }

    private static final class ArrayDequeInt {
        private int[] items = new int[16];
        private int size;

        void push(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int pop() {
            return items[--size];
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
