package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.threads.Controllers.Controller;
import dev.heaptriage.detect.threads.Creators.Creator;
import dev.heaptriage.detect.threads.Waiter.GroupKey;
import dev.heaptriage.detect.threads.Waiter.Kind;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code parked-threads}: threads (platform or virtual) that nothing can ever wake or stop, the JVM form of the
 * goroutine that never ends, and tasks and pools that are still reachable yet dead. The shapes:
 * <ul>
 *   <li>a thread parked or waiting on a queue, synchronizer, future, exchanger or monitor that only the waiting
 *       threads themselves (or terminated producers) can reach;</li>
 *   <li>a thread that lives as long as an owner and ends only through its stop API, whatever it is blocked in
 *       ({@code select()}, {@code sleep()}, a timed wait, park): workers of JDK pools, {@code Timer} threads, Netty
 *       event loops and wheel timers, library background threads and application loops with a stop flag, when
 *       nothing but the owner's own threads (or a shutdown hook) references the owner, the thread or its flag;</li>
 *   <li>periodic tasks on a live scheduler whose future and task nothing references (nobody can cancel them);</li>
 *   <li>threads waiting for a lease from a pool whose every lease is held by nobody.</li>
 * </ul>
 *
 * <p>How it decides "nobody can reach it": every thread is a GC root and MAT records its stack locals as references
 * from the thread, so everything a thread touches is live. The detector therefore walks the heap once with the judged
 * threads taken out ({@link LeakWalk}), growing the walk from every thread someone else can wake or stop. What it
 * never reaches can only be reached by threads that are stuck themselves.
 *
 * <p>Not judged, because the heap cannot tell whether they end: timed waits and sleeps of application threads
 * without a stop flag (a delayed one-off job ends by itself), {@code LockSupport.park()} without a blocker, threads
 * BLOCKED on monitor entry (an owner exists; deadlocks are another question), {@code join()}, owners that shut down
 * once collected ({@code newSingleThreadExecutor}, {@code java.net.http.HttpClient}, which ends its selector thread
 * once the client is unreachable). JDK 21 dumps leave out unmounted virtual threads (jdk-layouts.md §1); JDK 25 dumps
 * carry them.
 *
 * <p>Layouts are told apart by the fields present (jdk-layouts.md §5, §6; {@code detect/libs} for Netty, Commons
 * Pool and Guava).
 */
public final class ParkedThreadsDetector implements Detector {
    public static final String ID = "parked-threads";

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "Threads nobody can wake or stop, tasks nobody can cancel, pools drained by lost leases",
            Severity.MEDIUM,
            "Finds threads (platform and virtual) that nothing can ever wake or stop. Parked or waiting on a queue, "
                    + "latch, barrier, semaphore, future, exchanger or monitor that no other thread and no live root "
                    + "can reach (a queue whose producers all terminated counts as unreachable). Or living as long as "
                    + "an owner that nothing but its own threads references, whatever they are blocked in (select, "
                    + "sleep, a timed wait, park): JDK thread pools, Timers, Netty event-loop groups and "
                    + "HashedWheelTimers, library background threads (idle-connection evictors, reactors) and "
                    + "application threads that loop on a stop flag; an owner kept only by a shutdown hook counts as "
                    + "unreferenced, and so does one kept only by another thread's JDK or library thread-local or a "
                    + "library's internal static registry. Threads of a library object nobody can stop any more are "
                    + "grouped by that object (their pool or the object their loop belongs to), counted by those "
                    + "objects, with the stop call its lifecycle fields point at. Also periodic tasks on a live scheduler whose ScheduledFuture and task nothing "
                    + "references (nobody can cancel them), and threads waiting for a lease from a pool whose every "
                    + "lease is held by no live thread or object. Reachability is judged on the heap graph with the "
                    + "judged threads taken out; JDK housekeeping and library machinery the application still "
                    + "references are never reported.",
            "Give every thread an owner that stops it: shutdown() or close() executors, shutdownGracefully() Netty "
                    + "groups, stop() wheel timers, cancel() Timers, close() clients, stopAsync() Guava services; "
                    + "keep and cancel() ScheduledFutures; close or poison queues, complete futures, count down in "
                    + "finally, return every lease in finally and wait with timeouts.",
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        return detect(heap, app, (phase, millis) -> { });
    }

    /** {@link #detect(HeapView, AppCode)}, telling {@code phases} how long each step took (for the cost harness). */
    List<Finding> detect(HeapView heap, AppCode app, BiConsumer<String, Long> phases) {
        long t0 = System.nanoTime();
        ThreadRoles roles = new ThreadRoles(heap, app);
        List<Waiter> waiters = new ArrayList<>();
        for (HeapThread t : heap.threads()) {
            Waiter w = roles.classify(t);
            if (w != null) {
                waiters.add(w);
            }
        }
        long t1 = System.nanoTime();
        phases.accept("classify", (t1 - t0) / 1_000_000);
        LeakWalk.Result result = LeakWalk.run(heap, app, waiters);
        long t2 = System.nanoTime();
        phases.accept(result.walk().regional ? "walk (region)" : "walk (whole heap)", (t2 - t1) / 1_000_000);

        BitSet stuckThreads = new BitSet();
        for (Waiter w : result.stuck()) {
            stuckThreads.set(w.thread().objectId());
        }
        Creators creators = new Creators(heap, app, stuckThreads);
        Controllers controllers = new Controllers(heap, app, result.walk());
        Map<Waiter, Creator> creatorOf = new HashMap<>();
        Map<Waiter, Controller> controllerOf = new HashMap<>();
        Map<GroupKey, List<Waiter>> groups = new LinkedHashMap<>();
        Set<Integer> leakedPools = new HashSet<>();
        for (Waiter stuck : result.stuck()) {
            if (stuck.kind() == Kind.TIMER && Timers.periodicTasks(heap, heap.object(stuck.structure())).isEmpty()) {
                // A timer with only one-shot tasks left ends once they ran; with an empty queue the reaper stops it.
                continue;
            }
            Waiter w = stuck;
            if (w.kind().owned()) {
                Creator c = creators.of(w);
                Controller k = controllers.of(w);
                boolean byApplication = c.label() != null && app.isApplication(c.key().split("[ ,]")[0]);
                // Threads of a library object nobody holds are grouped by that object's class (issue 21); those the
                // application made or holds, by the application code.
                w = w.withCreator(k != null && !byApplication ? k.key() : c.key());
                creatorOf.put(w, c);
                if (k != null && (w.kind() == Kind.LOOP || !byApplication)) {
                    controllerOf.put(w, k);
                }
                if (w.kind() == Kind.POOL) {
                    leakedPools.add(w.structure());
                }
            }
            groups.computeIfAbsent(w.groupKey(), k -> new ArrayList<>()).add(w);
        }
        Notes notes = new Notes(heap, result.walk());
        Map<List<Waiter>, String> fingerprints = ParkedRule.uniqueFingerprints(groups);
        List<Finding> out = new ArrayList<>();
        for (List<Waiter> group : groups.values()) {
            String print = fingerprints.get(group);
            Waiter first = group.get(0);
            out.add(first.kind().owned() && controllerOf.containsKey(first)
                    ? ControllerFindings.finding(heap, app, group, print, creatorOf.get(first), notes,
                            group.stream().map(controllerOf::get).toList())
                    : first.kind().owned()
                    ? OwnedFindings.finding(heap, app, group, print, creatorOf.get(first), notes)
                    : ParkedFindings.finding(heap, app, group, print, notes));
        }
        long t3 = System.nanoTime();
        phases.accept("threads findings", (t3 - t2) / 1_000_000);
        out.addAll(DeadEndFindings.periodic(heap, app, DeadEnds.uncancellable(heap, result.walk(), leakedPools)));
        out.addAll(DeadEndFindings.leases(heap, app, DeadEnds.exhausted(heap, result.walk(), roles::chainOf)));
        phases.accept("tasks and leases", (System.nanoTime() - t3) / 1_000_000);
        return out;
    }
}
