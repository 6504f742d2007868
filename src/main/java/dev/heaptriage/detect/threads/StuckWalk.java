package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.jdk.References;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The one reachability walk of {@code parked-threads}: which waiters no live thread or root can wake. */
final class StuckWalk {
    private StuckWalk() {
    }

    /**
     * The waiters no one else can wake. All waiting threads start as barriers of one walk from the GC roots. A
     * waiter one of whose wakers the walk reached can be signalled by a live thread or root: it is released and the
     * walk continues from it, since once awake it may wake others. Repeats until nothing more is released.
     *
     * <p>The walk also enters the referent of every weak or soft reference it reaches. The GC may clear those, but
     * not while the waiting threads hold the referent strongly, so as long as they wait, anyone holding the
     * reference can {@code get()} the queue and feed it (a cache of weak values, say). Final and phantom referents
     * are not entered: only the GC and cleaners reach them, and they never signal a waiter.
     *
     * <p>{@code Timer$ThreadReaper} objects (JDK 17+: the cleaning action that stops a Timer's thread once the Timer
     * is collected) are barriers too: they hold the thread and its queue only to end them, and must not make a task
     * that references its own Timer look reachable.
     */
    static List<Waiter> stuck(HeapView heap, List<Waiter> waiters) {
        BitSet barrier = new BitSet();
        for (Waiter w : waiters) {
            barrier.set(w.thread().objectId());
        }
        for (HeapClass c : heap.classes(Timers.THREAD_REAPER)) {
            for (int id : c.instanceIds()) {
                barrier.set(id);
            }
        }
        WeakReferents weak = new WeakReferents(heap);
        BitSet reached = new BitSet();
        weak.walk(heap.gcRoots(), barrier, reached);
        List<Waiter> pending = new ArrayList<>(waiters);
        boolean released = true;
        while (released) {
            released = false;
            List<Waiter> still = new ArrayList<>(pending.size());
            List<Integer> wake = new ArrayList<>();
            for (Waiter w : pending) {
                if (anyReached(w.wakers(), reached)) {
                    barrier.clear(w.thread().objectId());
                    wake.add(w.thread().objectId());
                    released = true;
                } else {
                    still.add(w);
                }
            }
            if (released) {
                weak.walk(wake.stream().mapToInt(Integer::intValue).toArray(), barrier, reached);
            }
            pending = still;
        }
        return pending;
    }

    /**
     * Grows a walk through the referents of reached weak and soft references (see {@link #stuck}). The view's
     * reference index leaves those referents out, so they are read from the {@code referent} field, once per
     * reference, and only for references the walk has reached.
     */
    static final class WeakReferents {
        private final HeapView heap;
        private final int[] references;
        private final BitSet done = new BitSet();

        WeakReferents(HeapView heap) {
            this.heap = heap;
            List<Integer> ids = new ArrayList<>();
            for (String base : List.of(References.WEAK, References.SOFT)) {
                for (HeapClass c : heap.classesAssignableTo(base)) {
                    for (int id : c.instanceIds()) {
                        ids.add(id);
                    }
                }
            }
            this.references = ids.stream().mapToInt(Integer::intValue).toArray();
        }

        void walk(int[] from, BitSet barrier, BitSet reached) {
            heap.markReachable(from, barrier, reached);
            while (true) {
                List<Integer> next = new ArrayList<>();
                for (int i = 0; i < references.length; i++) {
                    int r = references[i];
                    if (done.get(i) || !reached.get(r)) {
                        continue;
                    }
                    done.set(i);
                    HeapObject referent = References.referent(heap.object(r));
                    if (referent != null && !reached.get(referent.id()) && !barrier.get(referent.id())) {
                        next.add(referent.id());
                    }
                }
                if (next.isEmpty()) {
                    return;
                }
                heap.markReachable(next.stream().mapToInt(Integer::intValue).toArray(), barrier, reached);
            }
        }
    }

    private static boolean anyReached(int[] ids, BitSet reached) {
        for (int id : ids) {
            if (reached.get(id)) {
                return true;
            }
        }
        return false;
    }
}
