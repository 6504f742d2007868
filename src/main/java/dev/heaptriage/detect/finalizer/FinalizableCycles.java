package dev.heaptriage.detect.finalizer;

import dev.heaptriage.detect.ReachabilityFilter;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups of finalizable objects that reference each other in a cycle (strongly connected components of two or more
 * finalizable objects). An edge A → B means B is reachable from A in at most {@link #DEPTH} strong steps through
 * objects that are not themselves finalizable. The search is bounded per object and in total, because it runs over
 * every finalizable object of the heap (a million in a bad case); {@link #truncated} says when a bound was hit.
 */
final class FinalizableCycles {
    /** Steps from one finalizable object to the next: direct fields, a holder, a holder's collection. */
    static final int DEPTH = 4;
    /** Objects visited per finalizable object at most. */
    static final int PER_OBJECT_LIMIT = 256;
    /** Objects visited in all at most (about a second or two of index lookups). */
    static final long TOTAL_LIMIT = 20_000_000L;

    final List<int[]> components = new ArrayList<>();
    boolean truncated;

    static FinalizableCycles find(HeapView heap, BitSet finalizable, ReachabilityFilter filter) {
        FinalizableCycles out = new FinalizableCycles();
        Map<Integer, int[]> edges = new HashMap<>();
        long budget = TOTAL_LIMIT;
        // One small visited set for all searches, emptied after each: a BitSet sized by object ids would cost
        // (heap objects / 8) bytes to allocate or to clear per search.
        SmallIntSet seen = new SmallIntSet(PER_OBJECT_LIMIT);
        for (int x = finalizable.nextSetBit(0); x >= 0; x = finalizable.nextSetBit(x + 1)) {
            if (budget <= 0) {
                out.truncated = true;
                break;
            }
            // A member of a cycle has a holder inside the cycle besides its own Finalizer. An object whose only
            // referrer is its Finalizer (the usual queued object) cannot be in one, and one inbound-index lookup is
            // far cheaper than a search: this keeps a million queued objects from costing a million searches.
            if (heap.referrers(x).length < 2) {
                continue;
            }
            List<Integer> targets = new ArrayList<>(2);
            int[] frontier = {x};
            int visited = 0;
            search:
            for (int depth = 1; depth <= DEPTH && frontier.length > 0; depth++) {
                int[] nextFrontier = new int[0];
                int n = 0;
                for (int from : frontier) {
                    for (int to : heap.referents(from)) {
                        if (to == x || filter.isClass(to)) {
                            continue;
                        }
                        budget--;
                        if (++visited > PER_OBJECT_LIMIT) {
                            out.truncated = true;
                            break search;
                        }
                        if (!seen.add(to)) {
                            continue;
                        }
                        if (finalizable.get(to)) {
                            targets.add(to); // stop here: what lies beyond belongs to that object's own search
                        } else if (depth < DEPTH && filter.canTraverse(to)) {
                            if (n == nextFrontier.length) {
                                nextFrontier = java.util.Arrays.copyOf(nextFrontier, Math.max(4, n * 2));
                            }
                            nextFrontier[n++] = to;
                        }
                    }
                }
                frontier = java.util.Arrays.copyOf(nextFrontier, n);
            }
            seen.clear();
            if (!targets.isEmpty()) {
                edges.put(x, targets.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        out.components.addAll(stronglyConnected(edges));
        return out;
    }

    /** Tarjan's algorithm, iterative; only components of two or more nodes. */
    static List<int[]> stronglyConnected(Map<Integer, int[]> edges) {
        Map<Integer, Integer> index = new HashMap<>();
        Map<Integer, Integer> low = new HashMap<>();
        BitSet onStack = new BitSet();
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        List<int[]> result = new ArrayList<>();
        int counter = 0;
        for (int start : edges.keySet()) {
            if (index.containsKey(start)) {
                continue;
            }
            ArrayDeque<int[]> work = new ArrayDeque<>(); // {node, next edge position}
            work.push(new int[] {start, 0});
            index.put(start, counter);
            low.put(start, counter++);
            stack.push(start);
            onStack.set(start);
            while (!work.isEmpty()) {
                int[] top = work.peek();
                int v = top[0];
                int[] out = edges.getOrDefault(v, new int[0]);
                if (top[1] < out.length) {
                    int w = out[top[1]++];
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.set(w);
                        work.push(new int[] {w, 0});
                    } else if (onStack.get(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    int parent = work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<Integer> component = new ArrayList<>();
                    int w;
                    do {
                        w = stack.pop();
                        onStack.clear(w);
                        component.add(w);
                    } while (w != v);
                    if (component.size() >= 2) {
                        result.add(component.stream().mapToInt(Integer::intValue).sorted().toArray());
                    }
                }
            }
        }
        return result;
    }

    /** An open-addressing set of at most {@code capacity} non-negative ints, cleared in O(size). */
    static final class SmallIntSet {
        private final int[] slots;
        private final int[] used;
        private int size;

        SmallIntSet(int capacity) {
            slots = new int[Integer.highestOneBit(Math.max(4, capacity)) * 4];
            java.util.Arrays.fill(slots, -1);
            used = new int[capacity + 1];
        }

        /** False if already present (or full, which callers prevent by bounding their search). */
        boolean add(int value) {
            if (size == used.length) {
                return false;
            }
            int mask = slots.length - 1;
            int i = (value * 0x9E3779B9) >>> 7 & mask;
            while (slots[i] != -1) {
                if (slots[i] == value) {
                    return false;
                }
                i = i + 1 & mask;
            }
            slots[i] = value;
            used[size++] = i;
            return true;
        }

        void clear() {
            for (int k = 0; k < size; k++) {
                slots[used[k]] = -1;
            }
            size = 0;
        }
    }
}
