package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.jdk.Executors;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Synchronizers;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.libs.NettyEventLoops;
import dev.heaptriage.detect.threads.Waiter.Kind;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ThreadState;
import dev.heaptriage.units.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which threads live as long as an owner and end only through its stop API, whatever they are blocked in: workers of
 * JDK pools, {@code Timer} threads, Netty event loops and wheel timers (readers in {@code detect/jdk} and
 * {@code detect/libs}), and any other thread that runs its own loop. For each, the objects through which someone could
 * stop it (its wakers). The rules about which of them end by themselves live here.
 */
final class ThreadRoles {
    /** A ForkJoinPool whose idle workers wait this long before leaving is as good as never shrinking. */
    static final long LINGERING_KEEP_ALIVE_MS = 10 * 60_000L;

    private final HeapView heap;
    private final AppCode app;
    private final Map<Integer, List<Integer>> timersByThread;
    private final Map<Integer, HeapObject> executorsByThread;
    private final Map<Integer, HeapObject> wheelTimersByThread;
    private final Map<Integer, int[]> chains = new HashMap<>();

    ThreadRoles(HeapView heap, AppCode app) {
        this.heap = heap;
        this.app = app;
        this.timersByThread = Timers.timersByThread(heap);
        this.executorsByThread = NettyEventLoops.executorsByThread(heap);
        this.wheelTimersByThread = NettyEventLoops.wheelTimersByThread(heap);
    }

    /** The role of {@code t}, or null when no owner keeps it and it loops on nothing this detector can see. */
    Waiter classify(HeapThread t) {
        if (t.frames().isEmpty()) {
            return null; // no Java frames (Signal Dispatcher, compiler threads): not running anything Java
        }
        HeapObject thread = heap.object(t.objectId());
        if (Timers.isTimerThread(thread.heapClass())) {
            return timer(t, thread);
        }
        HeapObject wheel = wheelTimersByThread.get(t.objectId());
        if (wheel != null) {
            return NettyEventLoops.isStopped(wheel) ? null
                    : owned(t, Kind.WHEEL_TIMER, wheel, new int[] {wheel.id()}, "io.netty.util.HashedWheelTimer");
        }
        HeapObject executor = executorsByThread.get(t.objectId());
        if (executor != null) {
            if (NettyEventLoops.isShuttingDown(heap, executor)) {
                return null; // shutdownGracefully() was called: the loop ends after its quiet period
            }
            HeapObject group = NettyEventLoops.group(executor);
            HeapObject owner = group != null ? group : executor;
            int[] wakers = group != null ? new int[] {executor.id(), group.id()} : new int[] {executor.id()};
            return owned(t, Kind.EVENT_LOOP, owner, wakers, NettyEventLoops.EVENT_EXECUTOR);
        }
        HeapObject pool = Threads.poolOf(thread);
        if (pool != null) {
            Waiter w = poolWorker(t, thread, pool);
            if (w != null) {
                return w;
            }
        }
        Waiter blocked = WaitClassifier.classify(heap, t, this::chainOf);
        return blocked != null ? blocked : loop(t, thread);
    }

    /** Timer threads loop forever (timed wait while a task is due, untimed when the queue is empty). */
    private Waiter timer(HeapThread t, HeapObject thread) {
        HeapObject queue = Timers.queue(thread);
        if (queue == null) {
            return null;
        }
        List<Integer> timers = timersByThread.getOrDefault(t.objectId(), List.of());
        return new Waiter(t, Kind.TIMER, queue.id(), "Timer", timers.stream().mapToInt(Integer::intValue).toArray(),
                WaitClassifier.trim(t.frames(), Timers.TIMER_THREAD), "", true);
    }

    /**
     * Pool workers loop forever too: an idle worker waits (timed, for a keep-alive or a scheduled task, or not) on its
     * pool's work queue. It is judged by its pool: only the pool can hand it work or shut it down. A busy worker is
     * judged by what it waits on inside its task, like any thread.
     */
    private Waiter poolWorker(HeapThread t, HeapObject thread, HeapObject pool) {
        boolean timed = t.state() == ThreadState.TIMED_WAITING;
        if (!timed && t.state() != ThreadState.WAITING) {
            return null;
        }
        HeapObject blocker = Threads.parkBlocker(thread);
        int[] chain = blocker == null ? new int[0] : chainOf(blocker.id());
        int structure = chain.length == 0 ? -1 : chain[chain.length - 1];
        HeapObject workQueue = Executors.workQueue(pool);
        boolean idle = Executors.isThreadPool(pool)
                ? workQueue != null && structure == workQueue.id()
                : structure < 0 || structure == pool.id(); // ForkJoinPool parks idle workers on the pool or on nothing
        if (!idle) {
            return null;
        }
        if (!Executors.isRunning(pool) || !Executors.idleWorkerStays(pool, timed, LINGERING_KEEP_ALIVE_MS)
                || Executors.shutsDownWhenCollected(heap, pool)) {
            return null; // it ends by itself: shut down, times out when idle, or shut down by the GC
        }
        return new Waiter(t, Kind.POOL, pool.id(), JdkClasses.jdkSimpleName(pool.heapClass()), new int[] {pool.id()},
                WaitClassifier.trim(t.frames(), workQueue == null ? pool.className() : workQueue.className()), "",
                false);
    }

    /** {@link Synchronizers#blockerChain}, once per park blocker. */
    int[] chainOf(int blockerId) {
        return chains.computeIfAbsent(blockerId, id -> Synchronizers.blockerChain(heap, heap.object(id)));
    }

    private Waiter owned(HeapThread t, Kind kind, HeapObject owner, int[] wakers, String frameClass) {
        return new Waiter(t, kind, owner.id(), Names.simpleName(owner.className()), wakers,
                WaitClassifier.trim(t.frames(), frameClass), "", true);
    }

    /**
     * Any other thread that runs code of its own: its code object is its {@code Runnable} (unwrapped from the JDK's
     * adapters; for a virtual thread, what its continuation runs) or, for a {@code Thread} subclass without one, the
     * thread itself. Such a thread is judged only when the heap shows that it loops on state that someone else would
     * have to change:
     * <ul>
     *   <li>application code: the code object has a stop flag (a {@code boolean} field of its own, or an
     *       {@code AtomicBoolean} it references). Without one, a thread that sleeps or waits with a timeout may just as
     *       well be a one-off delayed job, which ends by itself.</li>
     *   <li>library code: a {@code Runnable} the library made for this thread (an evictor, a reactor, a reaper), or a
     *       library {@code Thread} subclass with fields of its own: library background threads are loops. A library
     *       thread class without instance state is a singleton that its class's statics control (Okio's watchdog).</li>
     * </ul>
     * JDK code (housekeeping, or an owner this class knows) is never judged here.
     */
    private Waiter loop(HeapThread t, HeapObject thread) {
        HeapObject code = Threads.runnable(thread);
        if (code != null) {
            HeapObject inner = Executors.applicationTask(code);
            code = inner != null ? inner : code;
        }
        boolean subclass = code == null || JdkClasses.isJdkClass(code.className());
        if (subclass) {
            code = JdkClasses.isJdkClass(thread.className()) ? null : thread;
        }
        if (code == null) {
            return null;
        }
        String cls = code.className();
        List<Integer> flags = new ArrayList<>();
        boolean ownState = false;
        for (HeapClass k = code.heapClass(); k != null && !JdkClasses.isJdkClass(k.name()); k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                Object v = code.value(k.name(), f);
                if (v instanceof Boolean) {
                    ownState = true;
                    flags.add(code.id());
                } else if (v instanceof HeapObject o) {
                    ownState = true;
                    if (o.className().equals("java.util.concurrent.atomic.AtomicBoolean")) {
                        flags.add(o.id());
                    }
                }
            }
        }
        boolean library = app.isLibrary(cls);
        if (library ? code == thread && !ownState : flags.isEmpty()) {
            return null;
        }
        List<Integer> wakers = new ArrayList<>(flags);
        wakers.add(code.id());
        String codeClass = JdkClasses.lambdaOwner(JdkClasses.stableClassName(cls));
        return new Waiter(t, Kind.LOOP, code.id(), Names.simpleName(codeClass),
                wakers.stream().distinct().mapToInt(Integer::intValue).toArray(),
                WaitClassifier.trim(t.frames(), cls), codeClass, true);
    }
}
