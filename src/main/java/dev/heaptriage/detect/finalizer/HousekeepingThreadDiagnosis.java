package dev.heaptriage.detect.finalizer;

import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a JDK housekeeping thread that runs application code (the Finalizer thread running {@code finalize()}, a
 * Cleaner thread running a cleaning action) is doing in the dump: idle in the JDK, or inside an application method,
 * and if so whether it is stuck there and on what. Shared by the finalizer and the cleaner parts of
 * {@link FinalizerBacklogDetector}.
 *
 * @param thread        the thread
 * @param culprit       the application method the JDK called (e.g. {@code com.acme.Res.finalize}), null when idle
 * @param culpritFrame  that method's frame, null when idle
 * @param deepestFrame  the top-most non-JDK frame (where the application code is right now), null when idle
 * @param stuck         WAITING or BLOCKED (no timeout) inside the culprit: it will not come back by itself
 * @param waitsOn       what it is parked or blocked on, or waits for ({@code sleeping}); null if nothing is known
 * @param waitsOnId     the object it waits on (lock, monitor, latch), or -1
 * @param ownerThread   the thread that holds {@code waitsOnId}, or null when the dump does not show it
 * @param ownerCertain  true when the owner comes from the lock itself ({@code exclusiveOwnerThread}), false when it
 *                      is inferred from frame locals (HPROF records no monitor owners)
 */
record HousekeepingThreadDiagnosis(HeapThread thread, String culprit, StackFrame culpritFrame, StackFrame deepestFrame,
                                   boolean stuck, String waitsOn, int waitsOnId, HeapThread ownerThread,
                                   boolean ownerCertain) {

    /** How many top frames evidence shows. */
    static final int STACK_FRAMES_SHOWN = 12;

    boolean inApplicationCode() {
        return culprit != null;
    }

    /**
     * Diagnoses {@code thread}, whose JDK code calls application code from the frame {@code entryClass.entryMethod}
     * ({@code java.lang.ref.Finalizer.runFinalizer}, {@code jdk.internal.ref.PhantomCleanable.clean}).
     *
     * @param excludedLocal an object to leave out of monitor candidates (the object being finalized), or -1
     */
    static HousekeepingThreadDiagnosis of(HeapView heap, HeapThread thread, String entryClass, String entryMethod,
                                          int excludedLocal) {
        List<StackFrame> frames = thread.frames();
        int entry = -1;
        for (int i = 0; i < frames.size(); i++) {
            StackFrame f = frames.get(i);
            if (f.className().equals(entryClass) && f.methodName().equals(entryMethod)) {
                entry = i;
                break;
            }
        }
        // Idle (in ReferenceQueue.remove) or still in JDK code between two objects: nothing to blame.
        int culpritIndex = -1;
        for (int i = entry - 1; i >= 0; i--) {
            // The JDK calls finalize() and run() through trampolines (System$2.invokeFinalize, performCleanup) and
            // lambdas through hidden classes ($$Lambda.run); the method to blame is the first one a developer wrote.
            if (!JdkClasses.isJdkClass(frames.get(i).className()) && !JdkClasses.isLambdaClass(frames.get(i).className())) {
                culpritIndex = i;
                break;
            }
        }
        if (culpritIndex < 0) {
            return new HousekeepingThreadDiagnosis(thread, null, null, null, false, null, -1, null, false);
        }
        StackFrame culpritFrame = frames.get(culpritIndex);
        StackFrame deepest = culpritFrame;
        for (int i = 0; i < culpritIndex; i++) {
            if (!JdkClasses.isJdkClass(frames.get(i).className()) && !JdkClasses.isLambdaClass(frames.get(i).className())) {
                deepest = frames.get(i);
                break;
            }
        }
        // WAITING and BLOCKED have no timeout: the thread only moves on when another thread acts. TIMED_WAITING
        // (sleep, timed park) and RUNNABLE (busy, or in native I/O) come back by themselves: slow, not stuck.
        boolean stuck = thread.state() == ThreadState.WAITING || thread.state() == ThreadState.BLOCKED;
        Blocker blocker = blocker(heap, thread, excludedLocal);
        return new HousekeepingThreadDiagnosis(thread, culpritFrame.className() + "." + culpritFrame.methodName(),
                culpritFrame, deepest, stuck, blocker.description, blocker.objectId, blocker.owner,
                blocker.ownerCertain);
    }

    private record Blocker(String description, int objectId, HeapThread owner, boolean ownerCertain) {
    }

    private static Blocker blocker(HeapView heap, HeapThread thread, int excludedLocal) {
        List<StackFrame> frames = thread.frames();
        HeapObject threadObject = heap.object(thread.objectId());
        HeapObject parkBlocker = thread.state() == ThreadState.BLOCKED ? null : Threads.parkBlocker(threadObject);
        if (parkBlocker != null) {
            // LockSupport.park(blocker): a lock (AQS, whose exclusiveOwnerThread names the holder), a condition, a
            // latch, a future ... (jdk-layouts §5 parkBlocker cheat sheet).
            HeapObject owner = parkBlocker.ref("exclusiveOwnerThread");
            HeapThread ownerThread = owner == null ? null : heap.thread(owner.id()).orElse(null);
            return new Blocker("parked on " + Threads.describe(heap, parkBlocker.id()),
                    parkBlocker.id(), ownerThread, ownerThread != null);
        }
        if (!frames.isEmpty() && Threads.isSleeping(frames)) {
            return new Blocker("sleeping in Thread.sleep", -1, null, false);
        }
        int monitor = Threads.waitMonitor(heap, thread);
        if (monitor >= 0) {
            // Waiting releases the monitor, so no owner is sought.
            return new Blocker("waiting on the monitor of " + Threads.describe(heap, monitor), monitor, null, false);
        }
        if (thread.state() == ThreadState.BLOCKED && !frames.isEmpty()) {
            // HPROF records neither which monitor a BLOCKED thread wants nor who owns it (jdk-layouts §1: no MONITOR
            // USED records). javac keeps the object of a synchronized block in a local for monitorexit, so the
            // monitor is among the top frame's locals; the object being finalized and threads are left out.
            List<Integer> candidates = new ArrayList<>();
            for (int local : frames.get(0).localIds()) {
                if (local != excludedLocal && !heap.classOf(local).isSubclassOf("java.lang.Thread")
                        && !candidates.contains(local)) {
                    candidates.add(local);
                }
            }
            for (int candidate : candidates) {
                Optional<HeapThread> owner = likelyMonitorOwner(heap, thread, candidate);
                if (owner.isPresent()) {
                    return new Blocker("blocked entering the monitor of " + Threads.describe(heap, candidate), candidate,
                            owner.get(), false);
                }
            }
            if (candidates.size() == 1) {
                return new Blocker("blocked entering the monitor of " + Threads.describe(heap, candidates.get(0)),
                        candidates.get(0), null, false);
            }
            return new Blocker("blocked entering a monitor", -1, null, false);
        }
        return new Blocker(null, -1, null, false);
    }

    /**
     * The one other thread that has {@code monitor} in a frame local and is neither blocked entering it (its top
     * frame holds it while BLOCKED) nor waiting on it (an {@code Object.wait} frame holds it). A thread that took
     * the monitor in a {@code synchronized} block keeps it in a local until the block ends, so it is the likely
     * owner; when more than one thread qualifies the dump does not tell, and nobody is named.
     */
    private static Optional<HeapThread> likelyMonitorOwner(HeapView heap, HeapThread blocked, int monitor) {
        HeapThread found = null;
        java.util.Set<Integer> contendsOrWaits = new java.util.HashSet<>();
        java.util.Set<Integer> holders = new java.util.LinkedHashSet<>();
        for (FrameLocal f : heap.framesHolding(monitor)) {
            HeapThread t = f.thread();
            if (t.objectId() == blocked.objectId()) {
                continue;
            }
            holders.add(t.objectId());
            if (Threads.isObjectWait(f.frame()) || f.depth() == 0 && t.state() == ThreadState.BLOCKED) {
                contendsOrWaits.add(t.objectId());
            }
        }
        for (int id : holders) {
            if (!contendsOrWaits.contains(id)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = heap.thread(id).orElse(null);
            }
        }
        return Optional.ofNullable(found);
    }

    /** The top frames as text, for evidence. */
    String stackText() {
        return stackText(thread);
    }

    /** The top {@value #STACK_FRAMES_SHOWN} frames of {@code thread}, top first. */
    static String stackText(HeapThread thread) {
        List<StackFrame> frames = thread.frames();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(STACK_FRAMES_SHOWN, frames.size()); i++) {
            sb.append(i == 0 ? "" : " <- ").append(frames.get(i).text());
        }
        if (frames.size() > STACK_FRAMES_SHOWN) {
            sb.append(" <- ... (").append(frames.size() - STACK_FRAMES_SHOWN).append(" more)");
        }
        return sb.toString();
    }
}
