package dev.heaptriage.detect.threads;

import dev.heaptriage.detect.jdk.Executors;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.jdk.Threads;
import dev.heaptriage.detect.jdk.Timers;
import dev.heaptriage.detect.libs.ObjectPools;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ThreadState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What is reachable, yet dead: periodic tasks that nobody can cancel any more, and pools whose every lease is held by
 * nobody while threads wait for one. Decided from the heap graph and the walk of {@link LeakWalk}.
 */
final class DeadEnds {
    private DeadEnds() {
    }

    /**
     * A periodic task of a running, still referenced scheduled pool or {@code Timer} whose {@code ScheduledFuture} nothing but the
     * pool's queue references and whose {@code Runnable} nothing but the task does: nobody can ever
     * {@code cancel()} it, so it runs until the pool shuts down.
     *
     * @param pool  the scheduled pool
     * @param task  the {@code ScheduledFutureTask}
     * @param code  the application's {@code Runnable} inside it (a {@code TimerTask} is its own)
     * @param periodMillis how often it runs
     * @param fixedRate    {@code scheduleAtFixedRate} rather than a fixed delay
     */
    record Uncancellable(HeapObject pool, HeapObject task, HeapObject code, long periodMillis, boolean fixedRate) {
    }

    /**
     * A service that schedules its own periodic task once, for the life of the scheduler, has no reason to keep the
     * future: one such task per scheduler and class is how long-lived work runs. The leak is the accumulation, a task
     * added per call or per session that nobody can remove, so a class counts once it has this many on one pool.
     */
    static final int MIN_TASKS_PER_POOL = 10;

    /**
     * Every uncancellable periodic task of a live pool that {@code skipPools} (leaked pools) does not name, for the
     * classes that have at least {@value #MIN_TASKS_PER_POOL} of them on one pool.
     */
    static List<Uncancellable> uncancellable(HeapView heap, LeakWalk walk, Set<Integer> skipPools) {
        List<Uncancellable> out = candidates(heap, walk, skipPools);
        java.util.Map<PoolAndClass, Integer> perPoolAndClass = new java.util.HashMap<>();
        for (Uncancellable u : out) {
            perPoolAndClass.merge(PoolAndClass.of(u), 1, Integer::sum);
        }
        out.removeIf(u -> perPoolAndClass.get(PoolAndClass.of(u)) < MIN_TASKS_PER_POOL);
        return out;
    }

    /** The tasks of one class on one pool. */
    private record PoolAndClass(int pool, String codeClass) {
        static PoolAndClass of(Uncancellable u) {
            return new PoolAndClass(u.pool().id(), DeadEnds.codeClass(u.code()));
        }
    }

    private static List<Uncancellable> candidates(HeapView heap, LeakWalk walk, Set<Integer> skipPools) {
        List<Uncancellable> out = new ArrayList<>();
        for (HeapClass c : heap.classesAssignableTo(Executors.SCHEDULED_POOL)) {
            for (int id : c.instanceIds()) {
                HeapObject pool = heap.object(id);
                HeapObject array = Executors.scheduledQueueArray(pool);
                if (array == null || skipPools.contains(id) || !walk.reached(id) || !Executors.isRunning(pool)) {
                    continue;
                }
                for (HeapObject task : Executors.scheduledTasks(heap, pool)) {
                    if (!Executors.isPendingPeriodic(task)) {
                        continue; // one-shot, or cancelled (it stays queued but never runs again)
                    }
                    List<HeapObject> adapters = Executors.taskAdapters(task);
                    HeapObject code = Executors.applicationTask(task);
                    if (code == null || !heldOnlyBy(heap, task, array, adapters)
                            || !heldOnlyBy(heap, code, array, adapters)) {
                        continue;
                    }
                    long period = Executors.periodNanos(task);
                    out.add(new Uncancellable(pool, task, code, Math.abs(period) / 1_000_000, period > 0));
                }
            }
        }
        for (HeapClass c : heap.classesAssignableTo(Timers.TIMER)) {
            for (int id : c.instanceIds()) {
                HeapObject timer = heap.object(id);
                HeapObject queue = timer.ref(Timers.TIMER, "queue");
                HeapObject array = queue == null ? null : queue.ref("queue");
                HeapObject thread = timer.ref(Timers.TIMER, "thread");
                if (array == null || thread == null || !walk.reached(id) || heap.thread(thread.id()).isEmpty()) {
                    continue; // not in use, or its thread is gone (cancelled)
                }
                for (HeapObject task : Timers.periodicTasks(heap, queue)) {
                    if (heldOnlyBy(heap, task, array, List.of())) {
                        // TimerTask.period: positive for scheduleAtFixedRate, negative for schedule(task, d, p).
                        long period = task.longValue("period", 0);
                        out.add(new Uncancellable(timer, task, task, Math.abs(period), period > 0));
                    }
                }
            }
        }
        return out;
    }

    /**
     * True when nothing but the queue's array, the task's own adapters, the object itself and threads (a worker
     * running it has it in a local) references {@code o}: nobody holds the future or the task to cancel it. A task
     * whose own {@code Runnable} holds its future can cancel itself, and is not reported.
     */
    private static boolean heldOnlyBy(HeapView heap, HeapObject o, HeapObject array, List<HeapObject> adapters) {
        Set<Integer> allowed = new HashSet<>();
        allowed.add(array.id());
        allowed.add(o.id());
        for (HeapObject a : adapters) {
            allowed.add(a.id());
        }
        for (int r : heap.referrers(o.id())) {
            if (!allowed.contains(r) && heap.isLive(r) && !heap.classOf(r).isSubclassOf(Threads.THREAD)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A pool exhausted by leases that no live thread or object holds, and the threads waiting for one.
     *
     * @param leases  the pool's leases (see {@link ObjectPools.Leases})
     * @param waiters the threads waiting to borrow
     */
    record Exhausted(ObjectPools.Leases leases, List<HeapThread> waiters) {
    }

    /** Every pool whose leases are all lost while threads wait for one. */
    static List<Exhausted> exhausted(HeapView heap, LeakWalk walk, IntFunction<int[]> chainOf) {
        List<ObjectPools.Leases> pools = ObjectPools.pools(heap);
        List<Exhausted> out = new ArrayList<>();
        if (pools.isEmpty()) {
            return out;
        }
        for (ObjectPools.Leases p : pools) {
            if (p.closed() || p.maxTotal() <= 0 || p.leased().size() < p.maxTotal() || !heap.isLive(p.pool().id())) {
                continue;
            }
            Set<Integer> bookkeeping = new HashSet<>(p.bookkeeping());
            boolean allLost = true;
            for (HeapObject lease : p.leased()) {
                for (int r : heap.referrers(lease.id())) {
                    if (!bookkeeping.contains(r) && walk.reached(r) && heap.isLive(r)) {
                        allLost = false;
                        break;
                    }
                }
                if (!allLost) {
                    break;
                }
            }
            if (!allLost) {
                continue;
            }
            List<HeapThread> waiting = waitersOn(heap, new HashSet<>(p.waitStructures()), chainOf);
            if (!waiting.isEmpty()) {
                out.add(new Exhausted(p, waiting));
            }
        }
        return out;
    }

    /** Threads parked (timed or not) on one of {@code structures}. */
    private static List<HeapThread> waitersOn(HeapView heap, Set<Integer> structures, IntFunction<int[]> chainOf) {
        List<HeapThread> out = new ArrayList<>();
        for (HeapThread t : heap.threads()) {
            if (t.state() != ThreadState.WAITING && t.state() != ThreadState.TIMED_WAITING) {
                continue;
            }
            HeapObject blocker = Threads.parkBlocker(heap.object(t.objectId()));
            if (blocker == null) {
                continue;
            }
            for (int id : chainOf.apply(blocker.id())) {
                if (structures.contains(id)) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    /** The class a person recognises for a task's code: a lambda's writer, else the class itself. */
    static String codeClass(HeapObject code) {
        return JdkClasses.lambdaOwner(JdkClasses.stableClassName(code.className()));
    }
}
