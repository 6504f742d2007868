package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Why nothing else can reach a stuck thread's structure when something still does: it is held only through
 * terminated threads (producers that ended) or only through shutdown hooks (which run at exit). Computed on first
 * use, from the part of the heap the walk did not reach.
 */
final class Notes {
    /** How many objects the search for the dead threads that hold a structure visits. */
    private static final int HOLDER_SEARCH_LIMIT = 20_000;

    private final HeapView heap;
    private final LeakWalk walk;
    private BitSet viaDead;
    private BitSet viaHooks;

    Notes(HeapView heap, LeakWalk walk) {
        this.heap = heap;
        this.walk = walk;
    }

    /** True when only shutdown hooks (among everything not stuck) reach {@code id}. */
    boolean onlyFromShutdownHooks(int id) {
        if (viaHooks == null) {
            viaHooks = walk.onlyThrough(walk.shutdownHooks());
        }
        return viaHooks.get(id);
    }

    /**
     * The terminated threads through which {@code id} is still reachable, nearest first; empty when none is (the
     * structure is then held by its waiters alone).
     */
    List<Integer> deadHolders(int id) {
        if (viaDead == null) {
            viaDead = walk.onlyThrough(walk.deadThreads());
        }
        List<Integer> out = new ArrayList<>();
        if (!viaDead.get(id)) {
            return out;
        }
        BitSet dead = new BitSet();
        for (int d : walk.deadThreads()) {
            dead.set(d);
        }
        // Up the referrers inside the part only dead threads reach, to the dead threads themselves.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        BitSet seen = new BitSet();
        queue.add(id);
        seen.set(id);
        while (!queue.isEmpty() && seen.cardinality() < HOLDER_SEARCH_LIMIT) {
            int n = queue.poll();
            for (int r : heap.referrers(n)) {
                if (seen.get(r)) {
                    continue;
                }
                seen.set(r);
                if (dead.get(r)) {
                    out.add(r);
                } else if (viaDead.get(r) && !heap.classOf(r).isSubclassOf(Threads.THREAD)) {
                    queue.add(r);
                }
            }
        }
        return out;
    }
}
