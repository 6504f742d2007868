package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.threads.Waiter.GroupKey;
import dev.heaptriage.detect.threads.Waiter.Kind;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<Integer, List<Integer>> timersByThread = Timers.timersByThread(heap);
        List<Waiter> waiters = new ArrayList<>();
        for (HeapThread t : heap.threads()) {
            Waiter w = WaitClassifier.classify(heap, t, timersByThread);
            if (w != null) {
                waiters.add(w);
            }
        }
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<Waiter> stuck = StuckWalk.stuck(heap, waiters);
        Map<GroupKey, List<Waiter>> groups = new LinkedHashMap<>();
        for (Waiter w : stuck) {
            if (w.kind() == Kind.TIMER && Timers.periodicTasks(heap, heap.object(w.structure())).isEmpty()) {
                // A timer with only one-shot tasks left ends once they ran; with an empty queue the reaper stops it.
                continue;
            }
            groups.computeIfAbsent(w.groupKey(), k -> new ArrayList<>()).add(w);
        }
        Map<List<Waiter>, String> fingerprints = ParkedRule.uniqueFingerprints(groups);
        List<Finding> out = new ArrayList<>();
        for (List<Waiter> group : groups.values()) {
            out.add(ParkedFindings.finding(heap, app, group, fingerprints.get(group)));
        }
        return out;
    }
}
