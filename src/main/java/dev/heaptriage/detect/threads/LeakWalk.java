package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.ForeignHolders;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.References;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.libs.NettyEventLoops;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The one reachability walk of {@code parked-threads}: what the running application can reach once the threads
 * being judged are taken out, and so which of them nothing else can wake or stop.
 *
 * <p>Every judged thread starts as a barrier (the walk neither marks nor passes through it, hence not through its
 * locals either), and so do the threads that can never act again: terminated {@code Thread} objects (a dead producer
 * kept in a list) and shutdown hooks (they run only at exit), plus {@code Timer$ThreadReaper}s (they hold a Timer's
 * thread only to end it). A judged thread one of whose wakers the walk reached, or whose {@code Thread} object a
 * reached object references (it can interrupt it), is released, and the walk goes on from it. Once nothing more is
 * released, the threads still held back that keep acting by themselves (a timer running its tasks, an event loop, a
 * thread looping on its flag) are released too, as actors that may still feed a queue, and the walk goes on again:
 * their own verdict (nobody can stop them) was taken before. What is never reached can only be reached by stuck
 * threads.
 *
 * <p>Cost: usually only the region the judged threads reach is walked. The walk first marks what the barriers
 * reach without passing a GC root, a class or a class loader (those the whole-heap walk reaches anyway); when that
 * region is small (at most 1/{@value #REGION_SHARE_DIVISOR} of the heap) everything outside it counts as reached (a
 * live object outside it is reachable without the barriers, or through a root) and only the region's entries
 * (objects a live outside object references, weak referents) are walked. Otherwise it walks the whole heap from the
 * roots once. Either way one walk per analysis, grown from released threads.
 *
 * <p>"Reach" is generous on purpose, so that a near-miss stays silent: the walk enters the referents of reached weak
 * and soft references (a producer holding a weak reference can still {@code get()} a queue its waiters keep alive),
 * except those of a library's own reference classes (a leak tracker never hands its referent back to code).
 */
final class LeakWalk {
    /** The barrier region is walked on its own while it is at most this fraction of the heap. */
    static final int REGION_SHARE_DIVISOR = 8;

    private static final boolean DEBUG = Boolean.getBoolean("leakwalk.debug");
    private final HeapView heap;
    private final BitSet barrier = new BitSet();
    private final BitSet reached;
    private final int[] weakRefs;
    private final int[] weakReferents;
    private final BitSet weakDone = new BitSet();
    /** True when the region walk was used (see the class comment). */
    final boolean regional;
    private final int[] dead;
    private final int[] hooks;
    /** What the walk reached before the stuck threads that act by themselves were let go (see {@link #run}). */
    private BitSet beforeActors;

    private LeakWalk(HeapView heap, AppCode app, List<Waiter> waiters) {
        this.heap = heap;
        // References the application cannot stop anything through: other threads' JDK or library thread-locals and
        // libraries' internal static registries (issue 21).
        barrier.or(ForeignHolders.of(heap, app));
        for (Waiter w : waiters) {
            barrier.set(w.thread().objectId());
        }
        this.dead = Threads.terminatedThreads(heap);
        this.hooks = Threads.shutdownHooks(heap);
        for (int id : dead) {
            barrier.set(id);
        }
        for (int id : hooks) {
            barrier.set(id);
        }
        for (int id : NettyEventLoops.executorRegistries(heap)) {
            barrier.set(id); // a library's cache keyed by executor never stops one
        }
        for (HeapClass c : heap.classes(dev.heaptriage.detect.jdk.Timers.THREAD_REAPER)) {
            for (int id : c.instanceIds()) {
                barrier.set(id);
            }
        }
        List<int[]> weak = weakPairs(heap);
        this.weakRefs = weak.get(0);
        this.weakReferents = weak.get(1);

        int n = heap.objectCount();
        BitSet region = new BitSet(n);
        boolean small = heap.markReachable(barrier.stream().toArray(), certainlyReached(heap, barrier), region,
                Math.max(100_000L, n / REGION_SHARE_DIVISOR));
        this.regional = small;
        if (small) {
            reached = new BitSet(n);
            reached.set(0, n);
            reached.andNot(region);
            List<Integer> entries = new ArrayList<>();
            for (int root : heap.gcRoots()) {
                if (region.get(root) && !barrier.get(root)) {
                    entries.add(root);
                }
            }
            for (int x = region.nextSetBit(0); x >= 0; x = region.nextSetBit(x + 1)) {
                if (barrier.get(x)) {
                    continue;
                }
                for (int y : heap.referrers(x)) {
                    if (!region.get(y) && heap.isLive(y) && !isReferentEdge(y, x)) {
                        entries.add(x);
                        break;
                    }
                }
            }
            grow(entries.stream().mapToInt(Integer::intValue).toArray());
        } else {
            reached = new BitSet(n);
            grow(heap.gcRoots());
        }
    }

    /**
     * Where the region walk stops because the whole-heap walk would reach it anyway: GC roots that are not barriers,
     * classes and class loaders (every object references its class, every class its loader, and the loaders are held
     * by the system classes; without this stop the region of any thread would be the whole heap). A class loader that
     * only a judged thread holds (its context class loader) is taken as reached: the walk is generous there.
     */
    private static BitSet certainlyReached(HeapView heap, BitSet barrier) {
        BitSet stop = new BitSet();
        for (int root : heap.gcRoots()) {
            if (!barrier.get(root)) {
                stop.set(root);
            }
        }
        for (HeapClass c : heap.allClasses()) {
            stop.set(c.id());
        }
        for (HeapClass c : heap.classesAssignableTo("java.lang.ClassLoader")) {
            for (int id : c.instanceIds()) {
                stop.set(id);
            }
        }
        return stop;
    }

    /** Walks the heap with {@code waiters} taken out and returns those nobody else can wake or stop. */
    static Result run(HeapView heap, AppCode app, List<Waiter> waiters) {
        LeakWalk walk = new LeakWalk(heap, app, waiters);
        List<Waiter> pending = walk.release(waiters);
        // Phase two: the leaked threads that act by themselves may still wake the others.
        List<Waiter> actors = new ArrayList<>();
        List<Waiter> rest = new ArrayList<>();
        for (Waiter w : pending) {
            (w.acts() ? actors : rest).add(w);
        }
        walk.beforeActors = (BitSet) walk.reached.clone();
        walk.free(actors);
        List<Waiter> stuck = new ArrayList<>(actors);
        stuck.addAll(walk.release(rest));
        return new Result(stuck, walk);
    }

    /** The stuck waiters, and the walk, which answers questions about what it reached. */
    record Result(List<Waiter> stuck, LeakWalk walk) {
    }

    private List<Waiter> release(List<Waiter> waiters) {
        List<Waiter> pending = new ArrayList<>(waiters);
        boolean released = true;
        while (released) {
            released = false;
            List<Waiter> still = new ArrayList<>(pending.size());
            List<Waiter> wake = new ArrayList<>();
            for (Waiter w : pending) {
                if (anyReached(w.wakers()) || interruptible(w)) {
                    if (DEBUG) {
                        System.err.println("release " + w.thread().name() + " wakers=" + anyReached(w.wakers()));
                    }
                    wake.add(w);
                    released = true;
                } else {
                    still.add(w);
                }
            }
            free(wake);
            pending = still;
        }
        return pending;
    }

    private void free(List<Waiter> waiters) {
        int[] ids = new int[waiters.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = waiters.get(i).thread().objectId();
            barrier.clear(ids[i]);
        }
        if (ids.length > 0) {
            grow(ids);
        }
    }

    /** Whoever holds a {@code Thread} object can interrupt it: a reached holder that is not a JDK thread registry. */
    private boolean interruptible(Waiter w) {
        int id = w.thread().objectId();
        for (int r : heap.referrers(id)) {
            if (r != id && reached.get(r) && !barrier.get(r) && heap.isLive(r)
                    && (!Threads.isThreadRegistry(heap, r) || ownFieldOfLiveThread(r, id))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A running library or application thread whose own field holds another thread (a request processor's next
     * stage): it can interrupt or stop it, unlike the JDK's own references between threads.
     */
    private boolean ownFieldOfLiveThread(int holder, int thread) {
        HeapClass c = heap.classOf(holder);
        if (!c.isSubclassOf(Threads.THREAD) || JdkClasses.isJdkClass(c.name())) {
            return false;
        }
        String field = heap.object(holder).fieldReferencing(thread);
        for (HeapClass k = c; field != null && k != null && !JdkClasses.isJdkClass(k.name()); k = k.superclass()) {
            if (k.declaredFieldNames().contains(field)) {
                return true;
            }
        }
        return false;
    }

    /** Marks what {@code from} reaches, then what the referents of newly reached weak references reach. */
    private void grow(int[] from) {
        heap.markReachable(from, barrier, reached);
        while (true) {
            List<Integer> next = new ArrayList<>();
            for (int i = weakDone.nextClearBit(0); i < weakRefs.length; i = weakDone.nextClearBit(i + 1)) {
                int referent = weakReferents[i];
                if (reached.get(referent)) {
                    weakDone.set(i);
                } else if (reached.get(weakRefs[i]) && !barrier.get(weakRefs[i])) {
                    weakDone.set(i);
                    if (!barrier.get(referent)) {
                        next.add(referent);
                    }
                }
            }
            if (next.isEmpty()) {
                return;
            }
            heap.markReachable(next.stream().mapToInt(Integer::intValue).toArray(), barrier, reached);
        }
    }

    /** Weak and soft references (not a library's own subclasses) and their referents, as two parallel arrays. */
    private static List<int[]> weakPairs(HeapView heap) {
        List<Integer> refs = new ArrayList<>();
        List<Integer> referents = new ArrayList<>();
        for (String base : List.of(References.WEAK, References.SOFT)) {
            for (HeapClass c : heap.classesAssignableTo(base)) {
                if (isLibraryBookkeeping(c)) {
                    continue;
                }
                for (int id : c.instanceIds()) {
                    HeapObject referent = References.referent(heap.object(id));
                    if (referent != null) {
                        refs.add(id);
                        referents.add(referent.id());
                    }
                }
            }
        }
        return List.of(refs.stream().mapToInt(Integer::intValue).toArray(),
                referents.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A library's reference subclass (Netty's leak tracker, say) keeps its referent for bookkeeping only. */
    private static boolean isLibraryBookkeeping(HeapClass c) {
        return dev.heaptriage.detect.libs.KnownLibraries.isLibraryClass(c.name()) && !JdkClasses.isJdkClass(c.name());
    }

    /** A final or phantom reference's referent edge: the GC's and cleaners', not the application's. */
    private boolean isReferentEdge(int holder, int target) {
        HeapClass c = heap.classOf(holder);
        if (!c.isSubclassOf(References.FINAL) && !c.isSubclassOf(References.PHANTOM)) {
            return false;
        }
        HeapObject referent = References.referent(heap.object(holder));
        return referent != null && referent.id() == target;
    }

    boolean reached(int id) {
        return reached.get(id);
    }

    /**
     * True when the running application reaches {@code id}: the walk reached it before the stuck threads that act
     * by themselves were let go, so not only through them.
     */
    boolean reachedByLive(int id) {
        return (beforeActors != null ? beforeActors : reached).get(id);
    }

    /** True for what the walk never passes: judged threads still held back, dead threads, hooks, foreign holders. */
    boolean isBarrier(int id) {
        return barrier.get(id);
    }

    boolean anyReached(int[] ids) {
        for (int id : ids) {
            if (reached.get(id) && heap.isLive(id)) {
                return true;
            }
        }
        return false;
    }

    /** Terminated threads (dead producers) and shutdown hooks: barriers that never act. */
    int[] deadThreads() {
        return dead.clone();
    }

    int[] shutdownHooks() {
        return hooks.clone();
    }

    /**
     * Of the objects the walk did not reach, those that {@code from} (dead threads or hooks, say) reaches: what is held
     * only through them. Walks only the unreached part of the heap.
     */
    BitSet onlyThrough(int[] from) {
        BitSet out = (BitSet) reached.clone();
        BitSet otherBarriers = (BitSet) barrier.clone();
        for (int id : from) {
            otherBarriers.clear(id);
        }
        heap.markReachable(from, otherBarriers, out);
        out.andNot(reached);
        return out;
    }
}
