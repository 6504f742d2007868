package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * What a park blocker belongs to (jdk-layouts.md §5, the parkBlocker cheat sheet): the JDK's concurrency internals
 * (AQS syncs, condition objects, transferers, signallers) stand for the queue, latch, lock or future the
 * application created.
 */
public final class Synchronizers {
    private static final String AQS = "java.util.concurrent.locks.AbstractQueuedSynchronizer";
    private static final String AQLS = "java.util.concurrent.locks.AbstractQueuedLongSynchronizer";
    /** How far {@link #blockerChain} climbs from a park blocker (Sync → lock → queue is three steps). */
    private static final int MAX_CLIMB = 4;

    private Synchronizers() {
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
    public static int[] blockerChain(HeapView heap, HeapObject blocker) {
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
                if (rc.isArrayType() || rc.isSubclassOf(Threads.THREAD) || isWaitNode(rc)
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
    static boolean isInternal(HeapClass c) {
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
    public static boolean isWaitNode(HeapClass c) {
        String n = JdkClasses.jdkClassName(c);
        return n.endsWith("Node") || n.endsWith("$Signaller") || n.endsWith("$WaitNode");
    }
}
