package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.units.Names;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code parked-threads}: threads (platform or virtual) that wait on something nobody can ever signal, the JVM form of
 * the goroutine blocked forever on a channel. Three shapes:
 * <ul>
 *   <li>a thread parked or waiting on a queue, synchronizer, future, exchanger or monitor that only the waiting
 *       threads themselves can reach;</li>
 *   <li>idle workers of a {@code ThreadPoolExecutor} / {@code ScheduledThreadPoolExecutor} / {@code ForkJoinPool}
 *       that is still running but that nothing but its own workers references (never shut down);</li>
 *   <li>{@code TimerThread}s whose {@code Timer} nothing references any more while their queue holds periodic tasks
 *       (they run those tasks forever).</li>
 * </ul>
 *
 * <p>How it decides "nobody can reach it": every thread is a GC root and MAT records its stack locals as references
 * from the thread, so everything a parked thread touches is live. The detector therefore makes one reachability walk
 * of the whole heap from all GC roots, with the waiting threads as barriers (the walk neither marks nor passes
 * through them, hence not through their locals either). A thread whose blocker the walk reaches can be woken by
 * someone else; it is released, and the walk goes on from it (it may be the one that wakes others). What the walk
 * never reaches, once nothing more is released, can only be reached by threads that are themselves stuck. One walk,
 * grown from released threads, over a {@link BitSet} of object ids: the cost is linear in the heap.
 *
 * <p>"Reach" is generous on purpose, so that a near-miss stays silent: the walk enters weak and soft referents (a
 * producer holding a weak reference can still {@code get()} a queue that its waiters keep alive), and a waiter counts
 * as wakeable when any object between its park blocker and the structure is reached (whoever holds the
 * {@code Condition} or the lock of a queue can signal it).
 *
 * <p>Not judged, because the heap cannot tell whether they end: timed waits outside pool workers and timer threads
 * (they wake up by themselves), {@code LockSupport.park()} without a blocker, threads BLOCKED on monitor entry (an
 * owner exists; deadlocks are another question), {@code join()}. JDK 21 dumps leave out unmounted virtual threads
 * (jdk-layouts.md §1), and a parked one nobody references is then garbage that the view drops; JDK 25 dumps carry them.
 *
 * <p>Layouts are told apart by the fields present (jdk-layouts.md §5, §6): {@code Thread.holder} (19+) vs
 * {@code Thread.target}, {@code ThreadPoolExecutor.ctl}, AQS {@code ConditionObject.this$0}, and so on.
 */
public final class ParkedThreadsDetector implements Detector {
    public static final String ID = "parked-threads";

    /** Guide from the issue: ten stuck threads are worth fixing soon, a hundred are an incident in the making. */
    static final int MEDIUM_COUNT = 10;
    static final int HIGH_COUNT = 100;
    /** Pinned heap that raises the severity whatever the count: one stuck thread can hold a large cache. */
    static final long MEDIUM_BYTES = 16L << 20;
    static final long HIGH_BYTES = 256L << 20;
    /** Frames of the shared stack shown in the summary; the rest is summarised as "… N more". */
    static final int SHOWN_FRAMES = 8;
    /** Example thread-name patterns kept in the breakdown. */
    static final int NAME_PATTERNS = 10;
    /** A ForkJoinPool whose idle workers wait this long before leaving is as good as never shrinking. */
    static final long LINGERING_KEEP_ALIVE_MS = 10 * 60_000L;
    /** How far {@link #blockerChain} climbs from a park blocker (Sync → lock → queue is three steps). */
    private static final int MAX_CLIMB = 4;

    /** Lambda and hidden-class names carry addresses that change from run to run: {@code Foo$$Lambda$8+0x7f..}. */
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String FJWT = "java.util.concurrent.ForkJoinWorkerThread";
    private static final String TIMER_THREAD = "java.util.TimerThread";
    private static final String AQS = "java.util.concurrent.locks.AbstractQueuedSynchronizer";
    private static final String AQLS = "java.util.concurrent.locks.AbstractQueuedLongSynchronizer";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "Threads parked forever on queues, synchronizers, pools and timers nobody can reach",
            Severity.MEDIUM,
            "Finds threads (platform and virtual) parked or waiting on a queue, latch, barrier, semaphore, future, "
                    + "exchanger or monitor that no other thread and no live root can reach, so nothing can ever "
                    + "wake them; idle workers of thread pools that nothing references but were never shut down; "
                    + "and Timer threads whose Timer is gone while periodic tasks remain. Reachability is judged on "
                    + "the heap graph with the waiting threads taken out. Threads are grouped by blocker kind and "
                    + "stack; JDK housekeeping threads are reachable from JDK statics and never reported.",
            "Give every blocking wait a way to end: close or poison the queue, count down or cancel on every path, "
                    + "wait with a timeout, shutdown() pools and cancel() timers when their owner is done.",
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        Map<Integer, List<Integer>> timersByThread = timersByThread(heap);
        List<Waiter> waiters = new ArrayList<>();
        for (HeapThread t : heap.threads()) {
            Waiter w = classify(heap, t, timersByThread);
            if (w != null) {
                waiters.add(w);
            }
        }
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<Waiter> stuck = stuckWaiters(heap, waiters);
        Map<String, List<Waiter>> groups = new LinkedHashMap<>();
        for (Waiter w : stuck) {
            if (w.kind == Kind.TIMER && !hasPeriodicTask(heap, w.structure)) {
                // A timer with only one-shot tasks left ends once they ran; with an empty queue the reaper stops it.
                continue;
            }
            groups.computeIfAbsent(w.groupKey(), k -> new ArrayList<>()).add(w);
        }
        Map<List<Waiter>, String> fingerprints = uniqueFingerprints(groups);
        List<Finding> out = new ArrayList<>();
        for (List<Waiter> group : groups.values()) {
            out.add(finding(heap, group, fingerprints.get(group)));
        }
        return out;
    }

    /**
     * One fingerprint per group. Groups differ by their whole stack, the fingerprint names only the first application
     * frame, so two waits in one method (or one wait reached from two callers) would share it and a baseline would
     * merge them: those get every application frame, and groups still alike (two lines of one method) a #n in
     * group-key order, which is the same in every dump of the same code.
     */
    static Map<List<Waiter>, String> uniqueFingerprints(Map<String, List<Waiter>> groups) {
        Map<String, List<String>> keysByPrint = new java.util.TreeMap<>();
        Map<String, List<Waiter>> byKey = new java.util.TreeMap<>(groups);
        for (Map.Entry<String, List<Waiter>> e : byKey.entrySet()) {
            keysByPrint.computeIfAbsent(fingerprint(e.getValue().get(0)), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<List<Waiter>, String> out = new java.util.IdentityHashMap<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (Map.Entry<String, List<String>> e : keysByPrint.entrySet()) {
            for (String key : e.getValue()) {
                List<Waiter> group = byKey.get(key);
                String print = e.getValue().size() == 1 ? e.getKey() : e.getKey() + "/" + applicationFrames(group.get(0));
                int n = seen.merge(print, 1, Integer::sum);
                out.put(group, n == 1 ? print : print + "#" + n);
            }
        }
        return out;
    }

    private static String applicationFrames(Waiter w) {
        StringBuilder sb = new StringBuilder();
        for (StackFrame f : w.trimmed) {
            if (!JdkClasses.isJdkClass(f.className())) {
                sb.append(sb.length() == 0 ? "" : "<").append(JdkClasses.stableClassName(f.className())).append('.')
                        .append(f.methodName());
            }
        }
        return sb.length() == 0 ? "jdk" : sb.toString();
    }

    // ---- what each thread waits on ----------------------------------------------------------------------------

    /** The shapes of waiting this detector understands. */
    enum Kind {
        /** Parked on a queue, synchronizer, future or exchanger (the park blocker leads to it). */
        SYNCHRONIZER,
        /** In {@code Object.wait()} on a monitor. */
        MONITOR,
        /** An idle worker of a thread pool, waiting for work from the pool's queue. */
        POOL,
        /** A {@code java.util.Timer}'s thread. */
        TIMER
    }

    /**
     * One waiting thread and what could wake it. {@code wakers} are the objects through which another thread could
     * signal it: the queue or synchronizer, the pool, the {@code Timer} objects, the monitor candidates. The thread
     * is stuck when the walk that leaves out waiting threads reaches none of them.
     */
    static final class Waiter {
        final HeapThread thread;
        final Kind kind;
        /** The queue/synchronizer/pool/timer queue/monitor this thread waits on (for grouping and evidence). */
        final int structure;
        /** Simple JDK class name of the blocker, e.g. {@code SynchronousQueue}, {@code ThreadPoolExecutor}. */
        final String blockerKind;
        final int[] wakers;
        /** Stack frames from the blocking API call down; what the group shares. */
        final List<StackFrame> trimmed;
        /** For pools and timers: the application class that reveals the creator (factory or task), or "". */
        final String creator;

        Waiter(HeapThread thread, Kind kind, int structure, String blockerKind, int[] wakers,
               List<StackFrame> trimmed, String creator) {
            this.thread = thread;
            this.kind = kind;
            this.structure = structure;
            this.blockerKind = blockerKind;
            this.wakers = wakers;
            this.trimmed = trimmed;
            this.creator = creator;
        }

        /**
         * Pool workers and timer threads run JDK code only, so their stacks say nothing about the creator and differ
         * by whether a task is due (timed or untimed wait): they are grouped by pool class and creator instead.
         * Everything else is grouped by blocker kind and the shared stack, which names the application code.
         */
        String groupKey() {
            if (kind == Kind.POOL || kind == Kind.TIMER) {
                return kind + "|" + blockerKind + "|" + creator + "|" + thread.virtual();
            }
            StringBuilder sb = new StringBuilder(kind + "|" + blockerKind + "|" + thread.virtual());
            for (StackFrame f : trimmed) {
                sb.append('|').append(frameKey(f));
            }
            return sb.toString();
        }
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
        if (thread.heapClass().isSubclassOf(TIMER_THREAD)) {
            HeapObject queue = thread.ref("queue");
            if (queue == null) {
                return null;
            }
            List<Integer> timers = timersByThread.getOrDefault(t.objectId(), List.of());
            return new Waiter(t, Kind.TIMER, queue.id(), "Timer", timers.stream().mapToInt(Integer::intValue).toArray(),
                    trim(t.frames(), TIMER_THREAD), periodicTaskClasses(heap, queue.id()));
        }

        HeapObject blocker = thread.ref("java.lang.Thread", "parkBlocker");
        int[] chain = blocker == null ? new int[0] : blockerChain(heap, blocker);
        int structure = chain.length == 0 ? -1 : chain[chain.length - 1];

        // Pool workers loop forever too: an idle worker waits (timed, for a keep-alive or a scheduled task, or not)
        // on its pool's work queue. It is judged by its pool: only the pool can hand it work or shut it down.
        HeapObject pool = poolOf(heap, thread);
        if (pool != null) {
            HeapObject workQueue = pool.ref("workQueue");
            boolean idle = pool.heapClass().isSubclassOf(TPE)
                    ? workQueue != null && structure == workQueue.id()
                    : structure < 0 || structure == pool.id(); // ForkJoinPool parks idle workers on the pool or on nothing
            if (idle) {
                if (!isRunning(pool) || !idleWorkerStays(pool, timed) || shutsDownWhenCollected(heap, pool)) {
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
            if (s.heapClass().isSubclassOf("java.lang.Thread")) {
                return null; // join(): the joined thread ends (or is reported as stuck itself)
            }
            return new Waiter(t, Kind.SYNCHRONIZER, structure, JdkClasses.jdkSimpleName(s.heapClass()), chain,
                    trim(t.frames(), s.className()), "");
        }
        int[] monitors = monitorCandidates(heap, t);
        if (monitors.length > 0) {
            return new Waiter(t, Kind.MONITOR, monitors[0], "monitor", monitors,
                    trim(t.frames(), "java.lang.Object"), "");
        }
        return null; // parked without a blocker (LockSupport.park()): nothing in the heap says what would wake it
    }

    /**
     * Climbs from a park blocker to the structure the application created: an AQS {@code ConditionObject} to its
     * lock's {@code Sync} ({@code this$0}), a {@code Sync} to the latch/semaphore/lock holding it, a lock to the
     * queue or barrier holding it, a {@code SynchronousQueue}'s transferer to the queue, a
     * {@code CompletableFuture$Signaller} to its future. It climbs only through JDK concurrency internals
     * (nested classes of {@code java.util.concurrent} and the locks), never through threads (which reference their
     * locals) or wait nodes, and stops at the first public structure.
     *
     * @return the objects climbed through, park blocker first and the structure last: whoever holds any of them
     *     (a {@code Condition} or the lock of a queue, say) may be able to signal the waiter
     */
    static int[] blockerChain(HeapView heap, HeapObject blocker) {
        List<Integer> chain = new ArrayList<>(4);
        HeapObject cur = blocker;
        chain.add(cur.id());
        if (cur.hasField("this$0") && JdkClasses.jdkClassName(cur.heapClass()).endsWith("$ConditionObject")) {
            HeapObject owner = cur.ref("this$0");
            if (owner != null) {
                cur = owner;
                chain.add(cur.id());
            }
        }
        for (int step = 0; step < MAX_CLIMB && isInternal(cur.heapClass()); step++) {
            HeapObject up = null;
            for (int r : heap.referrers(cur.id())) {
                HeapClass rc = heap.classOf(r);
                if (rc.isArrayType() || rc.isSubclassOf("java.lang.Thread") || isWaitNode(rc)
                        || !JdkClasses.jdkClassName(rc).startsWith("java.util.concurrent.")) {
                    continue;
                }
                HeapObject candidate = heap.object(r);
                if (up == null || isInternal(up.heapClass()) && !isInternal(rc)) {
                    up = candidate; // prefer a public structure when the internal piece has both kinds of holder
                }
            }
            if (up == null) {
                break; // e.g. a ReentrantLock the application holds itself: that lock is the structure
            }
            cur = up;
            chain.add(cur.id());
        }
        return chain.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Internal pieces that stand for the structure above them: nested j.u.c classes, AQS syncs and locks. */
    private static boolean isInternal(HeapClass c) {
        String n = JdkClasses.jdkClassName(c);
        if (!n.startsWith("java.util.concurrent.")) {
            return false;
        }
        if (n.endsWith("$DelayedWorkQueue")) {
            return false; // the work queue of a ScheduledThreadPoolExecutor: a structure in its own right
        }
        return n.contains("$") || c.isSubclassOf(AQS) || c.isSubclassOf(AQLS)
                || n.equals("java.util.concurrent.locks.ReentrantLock")
                || n.equals("java.util.concurrent.locks.ReentrantReadWriteLock");
    }

    /** Queue and wait nodes point at their thread and neighbours, never "up" to the structure. */
    private static boolean isWaitNode(HeapClass c) {
        String n = JdkClasses.jdkClassName(c);
        return n.endsWith("Node") || n.endsWith("$Signaller") || n.endsWith("$WaitNode");
    }

    /** The pool whose worker this thread is: {@code ThreadPoolExecutor$Worker.this$0}, or {@code ForkJoinWorkerThread.pool}. */
    static HeapObject poolOf(HeapView heap, HeapObject thread) {
        if (thread.heapClass().isSubclassOf(FJWT)) {
            return thread.ref("pool");
        }
        // The Runnable a thread runs: Thread.target up to 18, Thread.holder.task from 19.
        HeapObject holder = thread.ref("java.lang.Thread", "holder");
        HeapObject task = holder != null ? holder.ref("task") : thread.ref("java.lang.Thread", "target");
        if (task != null && JdkClasses.jdkClassName(task.heapClass()).equals(TPE + "$Worker")) {
            return task.ref("this$0");
        }
        return null;
    }

    /**
     * Whether an idle worker stays forever rather than timing out. A {@code ThreadPoolExecutor} worker waits in
     * {@code take()} (untimed) only while it is a core thread that may not time out; a timed wait there is a
     * keep-alive {@code poll} after which the worker exits (cached pools, threads above the core size,
     * {@code allowCoreThreadTimeOut}). A {@code ScheduledThreadPoolExecutor} worker also waits with a timeout for
     * its next delayed task, so a timed wait does not mean it will leave; only core time-out lets its workers go. A
     * {@code ForkJoinPool} drops idle workers after {@code keepAlive} (60 s by default), so an unreferenced pool
     * shrinks to nothing by itself unless that time is long ({@value #LINGERING_KEEP_ALIVE_MS} ms or more).
     */
    static boolean idleWorkerStays(HeapObject pool, boolean timed) {
        if (pool.heapClass().isSubclassOf(TPE)) {
            if (pool.boolValue("allowCoreThreadTimeOut", false) || pool.intValue("corePoolSize", 0) <= 0) {
                return false;
            }
            boolean scheduled = pool.heapClass().isSubclassOf("java.util.concurrent.ScheduledThreadPoolExecutor");
            return scheduled || !timed;
        }
        return pool.longValue("keepAlive", 0) >= LINGERING_KEEP_ALIVE_MS;
    }

    /**
     * {@code Executors.newSingleThreadExecutor()} wraps its pool in a service that shuts it down once the wrapper is
     * collected: {@code FinalizableDelegatedExecutorService.finalize()} up to 17, a Cleaner action from 21 (whose
     * lambda holds the pool strongly, so there the walk reaches it anyway). Such a pool heals itself at the next GC.
     */
    static boolean shutsDownWhenCollected(HeapView heap, HeapObject pool) {
        for (int r : heap.referrers(pool.id())) {
            String n = heap.classOf(r).name();
            if (n.equals("java.util.concurrent.Executors$FinalizableDelegatedExecutorService")
                    || n.equals("java.util.concurrent.Executors$AutoShutdownDelegatedExecutorService")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A pool that was shut down lets its idle workers go, so only running pools leak. {@code ctl} (JDK 7+) keeps the
     * run state in its top three bits, RUNNING = 0xE0000000; the JSR-166 legacy layout has {@code runState} 0. A
     * {@code ForkJoinPool}'s state fields changed in every release; its workers exit soon after a shutdown, so it
     * counts as running.
     */
    static boolean isRunning(HeapObject pool) {
        if (pool.value("ctl") instanceof HeapObject ctl && ctl.value("value") instanceof Integer c) {
            return (c & 0xE0000000) == 0xE0000000;
        }
        if (pool.value("runState") instanceof Integer rs && pool.heapClass().isSubclassOf(TPE)) {
            return rs == 0;
        }
        return true;
    }

    /**
     * What reveals who made a pool: an application {@code ThreadFactory} class, else the application classes of
     * the tasks still queued (a scheduled pool's periodic tasks), else "" (a default factory and no queued work).
     */
    static String poolCreator(HeapView heap, HeapObject pool) {
        HeapObject factory = pool.ref("threadFactory"); // ThreadPoolExecutor
        if (factory == null) {
            factory = pool.ref("factory"); // ForkJoinPool
        }
        String factoryClass = factory == null || JdkClasses.isJdkClass(factory.className()) ? ""
                : JdkClasses.stableClassName(factory.className());
        if (!factoryClass.isEmpty() && !factoryClass.contains("$$Lambda")) {
            return factoryClass;
        }
        // A lambda factory only names its enclosing class; a queued task's class is usually more telling.
        Set<String> tasks = new TreeSet<>();
        HeapObject queue = pool.ref("workQueue");
        if (queue != null && queue.ref("queue") != null) { // DelayedWorkQueue: RunnableScheduledFuture[] queue
            for (int id : queue.ref("queue").elementIds()) {
                if (id != 0) {
                    String task = taskClass(heap, heap.object(id));
                    if (task != null) {
                        tasks.add(task);
                    }
                }
            }
        }
        return tasks.isEmpty() ? factoryClass : String.join(", ", tasks);
    }

    /** The application class inside a scheduled or submitted task: {@code FutureTask.callable}, then {@code RunnableAdapter.task}. */
    private static String taskClass(HeapView heap, HeapObject task) {
        HeapObject cur = task;
        for (int i = 0; i < 3 && cur != null; i++) {
            if (!JdkClasses.isJdkClass(cur.className())) {
                return JdkClasses.stableClassName(cur.className());
            }
            HeapObject next = cur.ref("callable");
            cur = next != null ? next : cur.ref("task");
        }
        return null;
    }

    /**
     * The monitor of a thread in {@code Object.wait()}: the HPROF dump keeps no record of it, but the Java frame of
     * {@code Object.wait()} (JDK 21+, and the no-argument form before) holds {@code this} as its only local; when the
     * waiting frame is native, the caller holds the monitor in a local (javac keeps a {@code synchronized} block's
     * monitor in a slot), so all of the caller's locals are candidates. Being conservative there is right: the
     * thread is stuck only if none of them can be reached.
     */
    static int[] monitorCandidates(HeapView heap, HeapThread t) {
        List<StackFrame> frames = t.frames();
        int i = 0;
        while (i < frames.size() && isObjectWait(frames.get(i))) {
            int[] locals = withoutSelf(frames.get(i).localIds(), t.objectId());
            if (locals.length > 0) {
                return withoutThreads(heap, t.objectId(), locals);
            }
            i++;
        }
        if (i == 0 || i >= frames.size()) {
            return new int[0]; // not in Object.wait at all
        }
        return withoutThreads(heap, t.objectId(), frames.get(i).localIds());
    }

    private static int[] withoutSelf(int[] ids, int self) {
        return java.util.Arrays.stream(ids).filter(id -> id != self).toArray();
    }

    private static boolean isObjectWait(StackFrame f) {
        return f.className().equals("java.lang.Object") && f.methodName().startsWith("wait");
    }

    /**
     * The candidates without the waiting thread itself (JDK 21+ {@code Object.wait(long)} keeps
     * {@code Thread.currentThread()} in a local). Another thread among them means {@code join()}, which ends when
     * that thread does: no candidates then.
     */
    private static int[] withoutThreads(HeapView heap, int self, int[] ids) {
        int[] out = new int[ids.length];
        int n = 0;
        for (int id : ids) {
            if (id == self) {
                continue;
            }
            if (heap.classOf(id).isSubclassOf("java.lang.Thread")) {
                return new int[0];
            }
            out[n++] = id;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    // ---- timers -------------------------------------------------------------------------------------------------

    /** {@code Timer} objects by the id of their {@code TimerThread} (a Timer and its thread point at each other only one way). */
    static Map<Integer, List<Integer>> timersByThread(HeapView heap) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (HeapClass c : heap.classesAssignableTo("java.util.Timer")) {
            for (int id : c.instanceIds()) {
                HeapObject thread = heap.object(id).ref("java.util.Timer", "thread");
                if (thread != null) {
                    out.computeIfAbsent(thread.id(), k -> new ArrayList<>()).add(id);
                }
            }
        }
        return out;
    }

    /** The live periodic tasks of a {@code TaskQueue}: {@code queue[1..size]}, {@code period != 0}, not CANCELLED (3). */
    static List<HeapObject> periodicTasks(HeapView heap, int taskQueue) {
        HeapObject q = heap.object(taskQueue);
        HeapObject array = q.ref("queue");
        int size = q.intValue("size", 0);
        List<HeapObject> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        int[] ids = array.elementIds();
        for (int i = 1; i <= size && i < ids.length; i++) {
            if (ids[i] == 0) {
                continue;
            }
            HeapObject task = heap.object(ids[i]);
            if (task.longValue("period", 0) != 0 && task.intValue("state", 0) != 3) {
                out.add(task);
            }
        }
        return out;
    }

    static boolean hasPeriodicTask(HeapView heap, int taskQueue) {
        return !periodicTasks(heap, taskQueue).isEmpty();
    }

    private static String periodicTaskClasses(HeapView heap, int taskQueue) {
        Set<String> names = new TreeSet<>();
        for (HeapObject task : periodicTasks(heap, taskQueue)) {
            names.add(JdkClasses.stableClassName(task.className()));
        }
        return String.join(", ", names);
    }

    // ---- who can still be woken ---------------------------------------------------------------------------------

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
    static List<Waiter> stuckWaiters(HeapView heap, List<Waiter> waiters) {
        BitSet barrier = new BitSet();
        for (Waiter w : waiters) {
            barrier.set(w.thread.objectId());
        }
        for (HeapClass c : heap.classes("java.util.Timer$ThreadReaper")) {
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
                if (anyReached(w.wakers, reached)) {
                    barrier.clear(w.thread.objectId());
                    wake.add(w.thread.objectId());
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
     * Grows a walk through the referents of reached weak and soft references (see {@link #stuckWaiters}). The view's
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
            for (String base : List.of("java.lang.ref.WeakReference", "java.lang.ref.SoftReference")) {
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
                    HeapObject referent = heap.object(r).ref("java.lang.ref.Reference", "referent");
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

    // ---- findings -----------------------------------------------------------------------------------------------

    private Finding finding(HeapView heap, List<Waiter> group, String fingerprint) {
        Waiter first = group.get(0);
        int count = group.size();
        boolean virtual = first.thread.virtual();
        Map<Integer, List<Waiter>> byStructure = new LinkedHashMap<>();
        for (Waiter w : group) {
            byStructure.computeIfAbsent(w.structure, k -> new ArrayList<>()).add(w);
        }
        long pinned = pinnedBytes(heap, group, byStructure.keySet());

        Finding.Builder b = Finding.builder(ID);
        String threads = (virtual ? "virtual thread" : "thread") + (count == 1 ? "" : "s");
        String n = String.format(Locale.ROOT, "%,d", count);
        String structures = String.format(Locale.ROOT, "%,d", byStructure.size());
        String title;
        String why;
        String fix;
        switch (first.kind) {
            case POOL -> {
                title = n + " " + (count == 1 ? "worker" : "workers") + " of " + structures + " unreferenced "
                        + plural(first.blockerKind, byStructure.size()) + (count == 1 ? " waits" : " wait")
                        + " forever";
                why = n + " idle " + threads + " of " + structures + " "
                        + plural(first.blockerKind, byStructure.size()) + " that nothing but "
                        + (count == 1 ? "it references waits" : "they reference wait") + " for work; the pool was never shut down, so nobody can submit a task or "
                        + "call shutdown() and the workers live until the JVM exits"
                        + (first.creator.isEmpty() ? "." : " (created with " + first.creator + ").");
                fix = "Keep a reference to the pool and call shutdown() when its owner is done with it (try/finally "
                        + "or close()), or share one long-lived pool instead of creating one per call.";
            }
            case TIMER -> {
                title = n + " Timer " + threads + " of unreferenced Timers " + (count == 1 ? "keeps" : "keep")
                        + " running periodic tasks";
                why = n + " " + threads + " of java.util.Timer objects that nothing references any more still "
                        + "hold periodic tasks" + (first.creator.isEmpty() ? "" : " (" + first.creator + ")")
                        + "; a Timer thread only ends when its queue is empty or cancel() is called, so "
                        + (count == 1 ? "it runs" : "they run") + " them until the JVM exits.";
                fix = "Call cancel() on the Timer when its owner is done with it, or use a shared "
                        + "ScheduledExecutorService and cancel the ScheduledFuture.";
            }
            case MONITOR -> {
                title = n + " " + threads + (count == 1 ? " waits" : " wait") + " forever on monitors nobody else "
                        + "can reach";
                why = n + " " + threads + (count == 1 ? " waits" : " wait") + " in Object.wait() on a monitor that only the waiting threads "
                        + "can reach: no other thread can ever call notify() on it.";
                fix = "Hand the monitor to the code that should notify (or use a java.util.concurrent "
                        + "synchronizer), make every path notify, and wait with a timeout in a loop that checks a "
                        + "condition.";
            }
            default -> {
                title = n + " " + threads + " parked forever on "
                        + (byStructure.size() == 1 ? article(first.blockerKind) + " " : "")
                        + plural(first.blockerKind, byStructure.size()) + " nobody else can reach";
                why = n + " " + threads + (count == 1 ? " waits on " : " wait on ") + structures + " "
                        + plural(first.blockerKind, byStructure.size()) + " that only the waiting threads can reach: no "
                        + "other thread and no live object holds " + (byStructure.size() == 1 ? "it" : "them")
                        + ", so nothing can ever " + wakeVerb(first.blockerKind) + ".";
                fix = remediation(first.blockerKind);
            }
        }
        StringBuilder summary = new StringBuilder(why);
        summary.append("\nshared stack:");
        List<StackFrame> shown = first.trimmed;
        for (int i = 0; i < Math.min(SHOWN_FRAMES, shown.size()); i++) {
            summary.append("\n  at ").append(frameText(shown.get(i)));
        }
        if (shown.size() > SHOWN_FRAMES) {
            summary.append("\n  … ").append(shown.size() - SHOWN_FRAMES).append(" more");
        }

        b.fingerprint(fingerprint)
                .severity(severity(count, pinned))
                .title(title)
                .summary(summary.toString())
                .count(count)
                .retainedBytes(pinned)
                .owner(owner(heap, first))
                .breakdown(namePatterns(group))
                .evidence(evidence(heap, byStructure))
                .remediation(fix);
        return b.build();
    }

    private static String article(String noun) {
        return "AEIOU".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an" : "a";
    }

    /** {@code SynchronousQueue} → {@code SynchronousQueues}, {@code CountDownLatch} → {@code CountDownLatches}. */
    static String plural(String noun, int n) {
        if (n == 1) {
            return noun;
        }
        return noun.endsWith("ch") || noun.endsWith("s") || noun.endsWith("x") ? noun + "es" : noun + "s";
    }

    private static String wakeVerb(String kind) {
        return switch (kind) {
            case "CountDownLatch" -> "count it down";
            case "CyclicBarrier" -> "bring the missing parties";
            case "Semaphore" -> "release a permit";
            case "CompletableFuture", "FutureTask" -> "complete it";
            case "Exchanger" -> "arrive with the other half";
            default -> "put an element or signal them";
        };
    }

    private static String remediation(String kind) {
        return switch (kind) {
            case "CountDownLatch" -> "Count down in a finally block on every path (including failures), and await "
                    + "with a timeout.";
            case "CyclicBarrier" -> "Make sure every party arrives or the barrier is reset on failure, and await with "
                    + "a timeout.";
            case "Semaphore" -> "Release permits in finally blocks, and use tryAcquire with a timeout.";
            case "CompletableFuture" -> "Complete the future on every path (completeExceptionally on failure), or "
                    + "use get(timeout)/orTimeout().";
            case "FutureTask" -> "Make sure the task is submitted and runs (or cancel it), and use get(timeout).";
            case "Exchanger" -> "Make sure the partner thread arrives, and use exchange(x, timeout).";
            default -> "Give the producer a way to signal the end (close the queue, put a poison pill, interrupt "
                    + "the consumers) when it stops, and use poll(timeout) instead of take().";
        };
    }

    static Severity severity(long count, long pinnedBytes) {
        if (count >= HIGH_COUNT || pinnedBytes >= HIGH_BYTES) {
            return Severity.HIGH;
        }
        if (count >= MEDIUM_COUNT || pinnedBytes >= MEDIUM_BYTES) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    /** Blocker kind plus the application code that waits (or created the pool/timer): class and method names only. */
    static String fingerprint(Waiter w) {
        String where;
        if (w.kind == Kind.POOL || w.kind == Kind.TIMER) {
            where = w.creator.isEmpty() ? "default" : w.creator.replace(", ", "+");
        } else {
            where = w.trimmed.stream().filter(f -> !JdkClasses.isJdkClass(f.className())).findFirst()
                    .map(f -> JdkClasses.stableClassName(f.className()) + "." + f.methodName())
                    .orElseGet(() -> w.trimmed.isEmpty() ? "unknown"
                            : JdkClasses.stableClassName(w.trimmed.get(0).className()) + "." + w.trimmed.get(0).methodName());
        }
        return w.kind.name().toLowerCase(Locale.ROOT) + "/" + w.blockerKind + (w.thread.virtual() ? "/virtual" : "")
                + "/" + where;
    }

    /**
     * Bytes that the stuck threads pin: what each thread object retains (its locals, its Runnable, a private queue)
     * plus what each blocker structure retains when no thread of the group dominates it (a queue shared by several
     * threads, a pool). The threads' native stacks are not in the heap and not counted.
     */
    static long pinnedBytes(HeapView heap, List<Waiter> group, Set<Integer> structures) {
        BitSet threads = new BitSet();
        long sum = 0;
        for (Waiter w : group) {
            threads.set(w.thread.objectId());
            sum += heap.retainedBytes(w.thread.objectId());
        }
        for (int s : structures) {
            if (!dominatedByAny(heap, s, threads)) {
                sum += heap.retainedBytes(s);
            }
        }
        return sum;
    }

    private static boolean dominatedByAny(HeapView heap, int id, BitSet threads) {
        int cur = heap.immediateDominator(id);
        for (int steps = 0; cur >= 0 && steps < 10_000; steps++) {
            if (threads.get(cur)) {
                return true;
            }
            cur = heap.immediateDominator(cur);
        }
        return false;
    }

    /**
     * Who made the blocker, as class and field names: the application class field that holds the structure (often
     * the waiting thread's own Runnable), the pool's creator, the timer task class.
     */
    private static String owner(HeapView heap, Waiter w) {
        if (w.kind == Kind.POOL || w.kind == Kind.TIMER) {
            return w.creator.isEmpty() ? null : w.creator;
        }
        for (int r : heap.referrers(w.structure)) {
            HeapClass rc = heap.classOf(r);
            if (rc.isArrayType() || JdkClasses.isJdkClass(rc.name()) || rc.isSubclassOf("java.lang.Thread")) {
                continue;
            }
            String field = heap.object(r).fieldReferencing(w.structure);
            if (field == null) {
                continue;
            }
            String holder = JdkClasses.stableClassName(rc.name());
            if (holder.contains("$$Lambda")) {
                // A captured variable (arg$1) means nothing to a reader; the class that wrote the lambda does.
                return "captured by a lambda of " + holder.substring(0, holder.indexOf("$$Lambda"))
                        + " (reachable only from the waiting threads)";
            }
            return holder + "." + field + " (field, reachable only from the waiting threads)";
        }
        return null;
    }

    /** Thread names with digits folded ({@code sync-consumer-*}): examples without a line per thread. */
    static List<Breakdown> namePatterns(List<Waiter> group) {
        Map<String, Long> counts = new TreeMap<>();
        for (Waiter w : group) {
            counts.merge(DIGITS.matcher(w.thread.name()).replaceAll("*"), 1L, Long::sum);
        }
        List<Breakdown> out = new ArrayList<>();
        counts.forEach((label, c) -> out.add(new Breakdown(label.isEmpty() ? "(unnamed)" : label, c)));
        out.sort(Comparator.comparingLong(Breakdown::count).reversed().thenComparing(Breakdown::label));
        return out.size() > NAME_PATTERNS ? List.copyOf(out.subList(0, NAME_PATTERNS)) : out;
    }

    /**
     * One evidence entry per blocker structure (most waiters first): its path shows who holds it, which for a stuck
     * blocker is a waiting thread. Attributes name the waiting threads (redacted with {@code --redact}).
     */
    private static List<Evidence> evidence(HeapView heap, Map<Integer, List<Waiter>> byStructure) {
        List<Map.Entry<Integer, List<Waiter>>> entries = new ArrayList<>(byStructure.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<Integer, List<Waiter>> e) -> e.getValue().size()).reversed());
        List<Evidence> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Waiter>> e : entries) {
            if (out.size() >= Evidences.COLLECT_LIMIT) {
                break;
            }
            List<Waiter> ws = e.getValue();
            Waiter w = ws.get(0);
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("blocker", w.blockerKind);
            attributes.put("waitingThreads", ws.size());
            List<String> names = new ArrayList<>();
            for (int i = 0; i < Math.min(5, ws.size()); i++) {
                names.add(ws.get(i).thread.name());
            }
            attributes.put("threadNames", names);
            attributes.put("state", w.thread.state().name());
            if (w.kind == Kind.TIMER) {
                attributes.put("periodicTasks", periodicTasks(heap, w.structure).size());
            }
            if (!w.creator.isEmpty()) {
                attributes.put("createdBy", w.creator);
            }
            out.add(Evidences.of(heap, e.getKey(), attributes));
        }
        return out;
    }

    // ---- stacks -------------------------------------------------------------------------------------------------

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
