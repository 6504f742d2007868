package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.jdk.Executors;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Synchronizers;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.threads.Waiter.Kind;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, per thread, whether it waits in a way {@code parked-threads} judges, and on what: a park blocker's
 * structure, an {@code Object.wait} monitor, the pool of an idle worker, a timer's queue. JDK layouts come from
 * {@code detect/jdk}; this class holds the rules about which waits can end by themselves.
 */
final class WaitClassifier {
    /** A ForkJoinPool whose idle workers wait this long before leaving is as good as never shrinking. */
    static final long LINGERING_KEEP_ALIVE_MS = 10 * 60_000L;

    private WaitClassifier() {
    }

    /** Decides whether {@code t} waits in a way this detector judges, and on what; null if not. */
    static Waiter classify(HeapView heap, HeapThread t, Map<Integer, List<Integer>> timersByThread) {
        if (t.frames().isEmpty()) {
            return null; // no Java frames (Signal Dispatcher, compiler threads): not waiting on anything Java
        }
        boolean waiting = t.state() == ThreadState.WAITING;
        boolean timed = t.state() == ThreadState.TIMED_WAITING;
        if (!waiting && !timed) {
            return null; // running or contending for a monitor: an owner exists that will let go (or a deadlock)
        }
        HeapObject thread = heap.object(t.objectId());

        // Timer threads loop forever (timed wait while a task is due, untimed when the queue is empty).
        if (Timers.isTimerThread(thread.heapClass())) {
            HeapObject queue = Timers.queue(thread);
            if (queue == null) {
                return null;
            }
            List<Integer> timers = timersByThread.getOrDefault(t.objectId(), List.of());
            return new Waiter(t, Kind.TIMER, queue.id(), "Timer", timers.stream().mapToInt(Integer::intValue).toArray(),
                    trim(t.frames(), Timers.TIMER_THREAD), periodicTaskClasses(heap, queue));
        }

        HeapObject blocker = Threads.parkBlocker(thread);
        int[] chain = blocker == null ? new int[0] : Synchronizers.blockerChain(heap, blocker);
        int structure = chain.length == 0 ? -1 : chain[chain.length - 1];

        // Pool workers loop forever too: an idle worker waits (timed, for a keep-alive or a scheduled task, or not)
        // on its pool's work queue. It is judged by its pool: only the pool can hand it work or shut it down.
        HeapObject pool = Threads.poolOf(thread);
        if (pool != null) {
            HeapObject workQueue = Executors.workQueue(pool);
            boolean idle = Executors.isThreadPool(pool)
                    ? workQueue != null && structure == workQueue.id()
                    : structure < 0 || structure == pool.id(); // ForkJoinPool parks idle workers on the pool or on nothing
            if (idle) {
                if (!Executors.isRunning(pool) || !Executors.idleWorkerStays(pool, timed, LINGERING_KEEP_ALIVE_MS)
                        || Executors.shutsDownWhenCollected(heap, pool)) {
                    return null; // it ends by itself: shut down, times out when idle, or shut down by the GC
                }
                String poolKind = JdkClasses.jdkSimpleName(pool.heapClass());
                return new Waiter(t, Kind.POOL, pool.id(), poolKind, new int[] {pool.id()},
                        trim(t.frames(), workQueue == null ? pool.className() : workQueue.className()),
                        poolCreator(heap, pool));
            }
        }

        // Anything else that waits with a timeout wakes up by itself; whether it loops is not visible in the heap.
        if (!waiting) {
            return null;
        }
        if (t.frames().stream().allMatch(f -> JdkClasses.isJdkClass(f.className()))) {
            // Only JDK code on the stack and not a pool worker or timer: JDK housekeeping (Finalizer, Reference
            // Handler, Common-Cleaner, pollers, ...). The graph already finds its blockers held by JDK statics; this
            // keeps it silent even if a JDK release holds one differently.
            return null;
        }
        if (structure >= 0) {
            HeapObject s = heap.object(structure);
            if (s.heapClass().isSubclassOf(Threads.THREAD)) {
                return null; // join(): the joined thread ends (or is reported as stuck itself)
            }
            return new Waiter(t, Kind.SYNCHRONIZER, structure, JdkClasses.jdkSimpleName(s.heapClass()), chain,
                    trim(t.frames(), s.className()), "");
        }
        int[] monitors = Threads.monitorCandidates(heap, t);
        if (monitors.length > 0) {
            return new Waiter(t, Kind.MONITOR, monitors[0], "monitor", monitors,
                    trim(t.frames(), "java.lang.Object"), "");
        }
        return null; // parked without a blocker (LockSupport.park()): nothing in the heap says what would wake it
    }

    /**
     * What reveals who made a pool: an application {@code ThreadFactory} class, else the application classes of
     * the tasks still queued (a scheduled pool's periodic tasks), else "" (a default factory and no queued work).
     */
    static String poolCreator(HeapView heap, HeapObject pool) {
        HeapObject factory = Executors.threadFactory(pool);
        String factoryClass = factory == null || JdkClasses.isJdkClass(factory.className()) ? ""
                : JdkClasses.stableClassName(factory.className());
        if (!factoryClass.isEmpty() && !JdkClasses.isLambdaClass(factoryClass)) {
            return factoryClass;
        }
        // A lambda factory only names its enclosing class; a queued task's class is usually more telling.
        Set<String> tasks = new TreeSet<>();
        for (HeapObject task : Executors.scheduledTasks(heap, pool)) {
            HeapObject inner = Executors.applicationTask(task);
            if (inner != null) {
                tasks.add(JdkClasses.stableClassName(inner.className()));
            }
        }
        return tasks.isEmpty() ? factoryClass : String.join(", ", tasks);
    }

    /** The classes of a timer queue's live periodic tasks, sorted and joined by {@code ", "}. */
    static String periodicTaskClasses(HeapView heap, HeapObject taskQueue) {
        Set<String> names = new TreeSet<>();
        for (HeapObject task : Timers.periodicTasks(heap, taskQueue)) {
            names.add(JdkClasses.stableClassName(task.className()));
        }
        return String.join(", ", names);
    }

    /**
     * The part of a stack the group shares and a person reads: from the blocking call the application made (the JDK
     * frame just above the first application frame, e.g. {@code SynchronousQueue.take}) to the bottom. Frames above
     * it are park machinery ({@code Unsafe.park}, AQS nodes, {@code managedBlock}) and differ between a timed and an
     * untimed wait. A stack of JDK frames only (pool workers, timers) starts at the first frame of
     * {@code structureClass} (e.g. {@code LinkedBlockingQueue.take}), else after the park machinery.
     */
    static List<StackFrame> trim(List<StackFrame> frames, String structureClass) {
        for (int i = 0; i < frames.size(); i++) {
            if (!JdkClasses.isJdkClass(frames.get(i).className())) {
                return frames.subList(Math.max(0, i - 1), frames.size());
            }
        }
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).className().equals(structureClass)) {
                return frames.subList(i, frames.size());
            }
        }
        int i = 0;
        while (i < frames.size() - 1 && isParkMachinery(frames.get(i))) {
            i++;
        }
        return frames.subList(i, frames.size());
    }

    private static boolean isParkMachinery(StackFrame f) {
        String c = f.className();
        return c.startsWith("jdk.internal.") || c.startsWith("java.util.concurrent.locks.")
                || c.equals("java.lang.Object") || c.equals("java.lang.VirtualThread")
                || c.equals("java.util.concurrent.ForkJoinPool") && f.methodName().endsWith("anagedBlock");
    }

    /** Class and method, plus the line for application frames (JDK line numbers change with every update). */
    static String frameKey(StackFrame f) {
        String cls = JdkClasses.stableClassName(f.className());
        return JdkClasses.isJdkClass(f.className()) ? cls + "." + f.methodName()
                : cls + "." + f.methodName() + ":" + f.location();
    }

    static String frameText(StackFrame f) {
        return JdkClasses.stableClassName(f.className()) + "." + f.methodName() + "(" + f.location() + ")";
    }
}
