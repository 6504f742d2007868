package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.HeapClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the dump says about a thread beyond its state and stack (jdk-layouts.md §1, §5): what it is parked on, which
 * monitor it waits on in {@code Object.wait}, whether it sleeps, the {@code Runnable} it runs and the pool it works
 * for. The one implementation of each of these facts; layouts are told apart by the fields present.
 */
public final class Threads {
    public static final String THREAD = "java.lang.Thread";
    public static final String FORK_JOIN_WORKER = "java.util.concurrent.ForkJoinWorkerThread";
    public static final String POOL_WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";

    private Threads() {
    }

    /**
     * {@code Object.wait}: the Java {@code wait()}/{@code wait(long)} frames and, from JDK 21 on, the native
     * {@code wait0} under them.
     */
    public static boolean isObjectWait(StackFrame f) {
        return f.className().equals("java.lang.Object") && f.methodName().startsWith("wait");
    }

    /** {@code Thread.sleep} (and {@code sleep0}/{@code sleepNanos} from JDK 21) anywhere above application code. */
    public static boolean isSleeping(List<StackFrame> frames) {
        for (StackFrame f : frames) {
            if (f.className().equals(THREAD) && f.methodName().startsWith("sleep")) {
                return true;
            }
            if (!JdkClasses.isJdkClass(f.className())) {
                return false;
            }
        }
        return false;
    }

    /**
     * {@code Thread.parkBlocker}: what {@code LockSupport.park(blocker)} parks on (a lock's sync, a condition, a
     * queue's lock, a future ...), read with its declaring class so a subclass field of the same name cannot shadow
     * it; null when the thread is not parked on a blocker.
     */
    public static HeapObject parkBlocker(HeapObject thread) {
        return thread.ref(THREAD, "parkBlocker");
    }

    /**
     * The monitor a thread in {@code Object.wait()} waits on, as candidates. HPROF keeps no record of it, but the Java
     * frame of {@code Object.wait()} (JDK 21+, and the no-argument form before) holds {@code this} as a local; when
     * the waiting frame is native, the caller holds the monitor in a local (javac keeps a {@code synchronized}
     * block's monitor in a slot), so all of the caller's locals are candidates. The waiting thread itself (JDK 21+
     * {@code wait(long)} keeps {@code Thread.currentThread()} in a local) is never one; another thread among them means
     * {@code join()}, which ends when that thread does: no candidates then. Empty when the thread is not in
     * {@code Object.wait()}.
     */
    public static int[] monitorCandidates(HeapView heap, HeapThread t) {
        List<StackFrame> frames = t.frames();
        int i = 0;
        while (i < frames.size() && isObjectWait(frames.get(i))) {
            int[] locals = Arrays.stream(frames.get(i).localIds()).filter(id -> id != t.objectId()).toArray();
            if (locals.length > 0) {
                return withoutThreads(heap, t.objectId(), locals);
            }
            i++;
        }
        if (i == 0 || i >= frames.size()) {
            return new int[0];
        }
        return withoutThreads(heap, t.objectId(), frames.get(i).localIds());
    }

    /** The most likely monitor of an {@code Object.wait()} (the first candidate), or -1. */
    public static int waitMonitor(HeapView heap, HeapThread t) {
        int[] candidates = monitorCandidates(heap, t);
        return candidates.length == 0 ? -1 : candidates[0];
    }

    private static int[] withoutThreads(HeapView heap, int self, int[] ids) {
        int[] out = new int[ids.length];
        int n = 0;
        for (int id : ids) {
            if (id == self || contains(out, n, id)) {
                continue;
            }
            if (heap.classOf(id).isSubclassOf(THREAD)) {
                return new int[0];
            }
            out[n++] = id;
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean contains(int[] ids, int n, int id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Runnable} a thread runs: {@code Thread.target} up to JDK 18, {@code Thread.holder.task} from 19. */
    public static HeapObject task(HeapObject thread) {
        HeapObject holder = thread.ref(THREAD, "holder");
        return holder != null ? holder.ref("task") : thread.ref(THREAD, "target");
    }

    /**
     * The pool a thread works for: {@code ForkJoinWorkerThread.pool}, or the {@code ThreadPoolExecutor} of the
     * {@code ThreadPoolExecutor$Worker} it runs ({@code this$0}); null for any other thread.
     */
    public static HeapObject poolOf(HeapObject thread) {
        if (thread.heapClass().isSubclassOf(FORK_JOIN_WORKER)) {
            return thread.ref("pool");
        }
        HeapObject task = task(thread);
        if (task != null && JdkClasses.jdkClassName(task.heapClass()).equals(POOL_WORKER)) {
            return task.ref("this$0");
        }
        return null;
    }

    /** {@code Class @0xaddress}: how the thread overview and diagnoses name an object. */
    public static String describe(HeapView heap, int id) {
        return heap.classOf(id).name() + " @0x" + Long.toHexString(heap.address(id));
    }

    /**
     * What the thread waits for, in words: {@code parked on X @0x..} (its park blocker) or {@code waiting on the
     * monitor of X @0x..} ({@code Object.wait}); null when neither.
     */
    public static String blockedOn(HeapView heap, HeapThread t) {
        HeapObject blocker = parkBlocker(heap.object(t.objectId()));
        if (blocker != null) {
            return "parked on " + describe(heap, blocker.id());
        }
        int monitor = waitMonitor(heap, t);
        return monitor < 0 ? null : "waiting on the monitor of " + describe(heap, monitor);
    }

    /** JVMTI {@code threadStatus} of a terminated thread (jdk-layouts.md §5). */
    private static final int JVMTI_TERMINATED = 2;
    /** {@code VirtualThread.TERMINATED}. */
    private static final int VIRTUAL_TERMINATED = 99;
    /** The JDK's registry of application shutdown hooks: {@code IdentityHashMap<Thread, Thread> hooks}. */
    public static final String SHUTDOWN_HOOKS = "java.lang.ApplicationShutdownHooks";

    /**
     * True for a {@code Thread} object whose thread has ended: {@code threadStatus} TERMINATED (in
     * {@code holder} from JDK 19, in the thread before), or a virtual thread in state TERMINATED. Such an object can
     * still be referenced (a list of producers kept for joining), but the thread behind it runs no code.
     */
    public static boolean isTerminated(HeapObject thread) {
        if (thread.hasField("cont") && thread.value("state") instanceof Integer vs && thread.hasField("carrierThread")) {
            return vs == VIRTUAL_TERMINATED;
        }
        HeapObject holder = thread.ref(THREAD, "holder");
        Object status = holder != null ? holder.value("threadStatus") : thread.value(THREAD, "threadStatus");
        return status instanceof Integer st && st == JVMTI_TERMINATED;
    }

    /**
     * Every {@code Thread} object that ended: what the dump keeps of producers and workers that are gone (see
     * {@link #isTerminated}).
     */
    public static int[] terminatedThreads(HeapView heap) {
        List<Integer> out = new ArrayList<>();
        for (HeapClass c : heap.classesAssignableTo(THREAD)) {
            for (int id : c.instanceIds()) {
                if (isTerminated(heap.object(id))) {
                    out.add(id);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The threads registered with {@code Runtime.addShutdownHook} (keys of {@code ApplicationShutdownHooks.hooks}):
     * never started before the JVM exits, so what only they reference is not used by the running application.
     */
    public static int[] shutdownHooks(HeapView heap) {
        List<Integer> out = new ArrayList<>();
        for (HeapClass c : heap.classes(SHUTDOWN_HOOKS)) {
            HeapObject hooks = c.staticRef("hooks");
            if (hooks == null) {
                continue;
            }
            for (HeapObject key : Collections.identityMapKeys(heap, hooks)) {
                if (key.heapClass().isSubclassOf(THREAD)) {
                    out.add(key.id());
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * True for an object through which the JDK merely lists, schedules or queues a thread and never stops one: a
     * {@code ThreadGroup} (and up to JDK 18 its {@code Thread[]}), the thread containers and continuations of
     * {@code jdk.internal.vm}, a virtual thread's own machinery (its unpark and timeout tasks), a thread's
     * {@code FieldHolder}, another {@code Thread} object, a lock's owner field and the wait nodes of queues and
     * synchronizers. A reference from anything else to a {@code Thread} (an application list, a library's
     * {@code thread} field) lets its holder interrupt or stop it.
     */
    public static boolean isThreadRegistry(HeapView heap, int holderId) {
        HeapClass c = heap.classOf(holderId);
        String n = c.name();
        if (n.equals("java.lang.Thread[]")) {
            for (int r : heap.referrers(holderId)) {
                if (heap.classOf(r).isSubclassOf("java.lang.ThreadGroup")) {
                    return true;
                }
            }
            return false;
        }
        return c.isSubclassOf("java.lang.ThreadGroup") || c.isSubclassOf(THREAD) || n.startsWith("jdk.internal.")
                || n.startsWith("java.lang.VirtualThread") || n.equals("java.lang.Thread$FieldHolder")
                || n.equals(SHUTDOWN_HOOKS)
                || c.isSubclassOf("java.util.concurrent.locks.AbstractOwnableSynchronizer")
                || n.startsWith("java.util.concurrent.") && Synchronizers.isWaitNode(c);
    }

    /**
     * The {@code Runnable} a thread runs, for platform and virtual threads: {@link #task} for a platform thread; for a
     * virtual thread the task its continuation runs ({@code cont.target}, a JDK wrapper whose fields hold the task
     * and the thread). Null when there is none (the {@code main} thread, a {@code Thread} subclass without a target).
     */
    public static HeapObject runnable(HeapObject thread) {
        HeapObject cont = thread.ref("cont");
        if (cont == null || !thread.hasField("carrierThread")) {
            return task(thread);
        }
        HeapObject target = cont.ref("target");
        if (target == null || !JdkClasses.isJdkClass(target.className())) {
            return target;
        }
        for (HeapClass k = target.heapClass(); k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                if (target.value(k.name(), f) instanceof HeapObject o && !o.heapClass().isSubclassOf(THREAD)) {
                    return o;
                }
            }
        }
        return null;
    }
}
