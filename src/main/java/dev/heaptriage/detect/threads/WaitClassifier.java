package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Synchronizers;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.threads.Waiter.Kind;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Decides, per thread, whether it waits on a blocker {@code parked-threads} judges, and on what: a park blocker's
 * structure or an {@code Object.wait} monitor; and the stack words every finding shares. JDK layouts come from
 * {@code detect/jdk}; this class holds the rules about which waits can end by themselves.
 */
final class WaitClassifier {
    private WaitClassifier() {
    }

    /**
     * Decides whether {@code t} waits, untimed, on a blocker this detector judges (a queue, synchronizer, future,
     * exchanger or monitor) and on what; null if not. Owned threads (pool workers, timers, event loops, loops) are
     * {@link ThreadRoles}' to judge first.
     *
     * @param chainOf {@link Synchronizers#blockerChain} by park blocker id (callers cache it: a thousand waiters of one
     *                queue share one blocker, whose referrers are their thousand wait nodes)
     */
    static Waiter classify(HeapView heap, HeapThread t, IntFunction<int[]> chainOf) {
        // Anything that waits with a timeout wakes up by itself; whether it loops is ThreadRoles' question. Running
        // or contending for a monitor: an owner exists that will let go (or a deadlock).
        if (t.frames().isEmpty() || t.state() != ThreadState.WAITING) {
            return null;
        }
        if (t.frames().stream().allMatch(f -> JdkClasses.isJdkClass(f.className()))) {
            // Only JDK code on the stack and not a pool worker or timer: JDK housekeeping (Finalizer, Reference
            // Handler, Common-Cleaner, pollers, ...). The graph already finds its blockers held by JDK statics; this
            // keeps it silent even if a JDK release holds one differently.
            return null;
        }
        HeapObject thread = heap.object(t.objectId());
        HeapObject blocker = Threads.parkBlocker(thread);
        int[] chain = blocker == null ? new int[0] : chainOf.apply(blocker.id());
        int structure = chain.length == 0 ? -1 : chain[chain.length - 1];
        if (structure >= 0) {
            HeapObject s = heap.object(structure);
            if (s.heapClass().isSubclassOf(Threads.THREAD)) {
                return null; // join(): the joined thread ends (or is reported as stuck itself)
            }
            return new Waiter(t, Kind.SYNCHRONIZER, structure, JdkClasses.jdkSimpleName(s.heapClass()), chain,
                    trim(t.frames(), s.className()), "", false);
        }
        int[] monitors = Threads.monitorCandidates(heap, t);
        if (monitors.length > 0) {
            return new Waiter(t, Kind.MONITOR, monitors[0], "monitor", monitors,
                    trim(t.frames(), "java.lang.Object"), "", false);
        }
        return null; // parked without a blocker (LockSupport.park()): nothing in the heap says what would wake it
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
