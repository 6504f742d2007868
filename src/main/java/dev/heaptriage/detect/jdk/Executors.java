package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's thread pools (jdk-layouts.md §6): {@code ThreadPoolExecutor} and its scheduled subclass, and
 * {@code ForkJoinPool}: run state, whether idle workers stay, who made the pool, and what its queue holds.
 */
public final class Executors {
    public static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
    public static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";
    public static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";

    private Executors() {
    }

    public static boolean isThreadPool(HeapObject pool) {
        return pool.heapClass().isSubclassOf(THREAD_POOL);
    }

    public static boolean isScheduledPool(HeapObject pool) {
        return pool.heapClass().isSubclassOf(SCHEDULED_POOL);
    }

    /** {@code ThreadPoolExecutor.workQueue}; null for a {@code ForkJoinPool}. */
    public static HeapObject workQueue(HeapObject pool) {
        return pool.ref("workQueue");
    }

    /**
     * A pool that was shut down lets its idle workers go, so only running pools leak. {@code ctl} (JDK 7+) keeps the
     * run state in its top three bits, RUNNING = 0xE0000000; the JSR-166 legacy layout has {@code runState} 0. A
     * {@code ForkJoinPool}'s state fields changed in every release; its workers exit soon after a shutdown, so it
     * counts as running.
     */
    public static boolean isRunning(HeapObject pool) {
        if (pool.value("ctl") instanceof HeapObject ctl && ctl.value("value") instanceof Integer c) {
            return (c & 0xE0000000) == 0xE0000000;
        }
        if (pool.value("runState") instanceof Integer rs && isThreadPool(pool)) {
            return rs == 0;
        }
        return true;
    }

    /**
     * Whether an idle worker stays forever rather than timing out. A {@code ThreadPoolExecutor} worker waits in
     * {@code take()} (untimed) only while it is a core thread that may not time out; a timed wait there is a
     * keep-alive {@code poll} after which the worker exits (cached pools, threads above the core size,
     * {@code allowCoreThreadTimeOut}). A {@code ScheduledThreadPoolExecutor} worker also waits with a timeout for
     * its next delayed task, so a timed wait does not mean it will leave; only core time-out lets its workers go. A
     * {@code ForkJoinPool} drops idle workers after {@code keepAlive} (60 s by default), so it counts as staying only
     * when that time is at least {@code lingeringMillis}.
     */
    public static boolean idleWorkerStays(HeapObject pool, boolean timedWait, long lingeringMillis) {
        if (isThreadPool(pool)) {
            if (pool.boolValue("allowCoreThreadTimeOut", false) || pool.intValue("corePoolSize", 0) <= 0) {
                return false;
            }
            return isScheduledPool(pool) || !timedWait;
        }
        return pool.longValue("keepAlive", 0) >= lingeringMillis;
    }

    /**
     * {@code Executors.newSingleThreadExecutor()} wraps its pool in a service that shuts it down once the wrapper is
     * collected: {@code FinalizableDelegatedExecutorService.finalize()} up to 17, a Cleaner action from 21 (whose
     * lambda holds the pool strongly). Such a pool heals itself at the next GC.
     */
    public static boolean shutsDownWhenCollected(HeapView heap, HeapObject pool) {
        for (int r : heap.referrers(pool.id())) {
            String n = heap.classOf(r).name();
            if (n.equals("java.util.concurrent.Executors$FinalizableDelegatedExecutorService")
                    || n.equals("java.util.concurrent.Executors$AutoShutdownDelegatedExecutorService")) {
                return true;
            }
        }
        return false;
    }

    /** The pool's {@code ThreadFactory}: {@code threadFactory} (ThreadPoolExecutor) or {@code factory} (ForkJoinPool). */
    public static HeapObject threadFactory(HeapObject pool) {
        HeapObject factory = pool.ref("threadFactory");
        return factory != null ? factory : pool.ref("factory");
    }

    /** The tasks in a scheduled pool's {@code DelayedWorkQueue}; empty for other queues. */
    public static List<HeapObject> scheduledTasks(HeapView heap, HeapObject pool) {
        List<HeapObject> out = new ArrayList<>();
        HeapObject queue = workQueue(pool);
        if (queue != null && queue.className().endsWith("$DelayedWorkQueue")) {
            for (int id : Collections.heapQueueElements(queue)) {
                out.add(heap.object(id));
            }
        }
        return out;
    }

    /**
     * The application object inside a submitted or scheduled task, unwrapping the JDK's adapters:
     * {@code FutureTask.callable}, then {@code Executors$RunnableAdapter.task}; null when there is none.
     */
    public static HeapObject applicationTask(HeapObject task) {
        HeapObject cur = task;
        for (int i = 0; i < 3 && cur != null; i++) {
            if (!JdkClasses.isJdkClass(cur.className())) {
                return cur;
            }
            HeapObject next = cur.ref("callable");
            cur = next != null ? next : cur.ref("task");
        }
        return null;
    }

    /** {@code FutureTask.state} NEW: not yet run to completion, not cancelled (jdk-layouts.md §6.3). */
    private static final int FUTURE_NEW = 0;

    /**
     * A {@code ScheduledFutureTask} that repeats ({@code period != 0}) and is still pending ({@code FutureTask.state}
     * NEW): it runs again and again until someone calls {@code cancel()} on its future or the pool shuts down. A
     * cancelled task stays queued (with {@code removeOnCancel} off) but never runs again.
     */
    public static boolean isPendingPeriodic(HeapObject task) {
        return task.longValue("period", 0) != 0 && task.intValue("state", -1) == FUTURE_NEW;
    }

    /** A scheduled task's period in nanoseconds (negative for fixed delay), 0 for a one-shot task. */
    public static long periodNanos(HeapObject task) {
        return task.longValue("period", 0);
    }

    /** The {@code RunnableScheduledFuture[]} of a scheduled pool's {@code DelayedWorkQueue}, or null. */
    public static HeapObject scheduledQueueArray(HeapObject pool) {
        HeapObject queue = workQueue(pool);
        return queue != null && queue.className().endsWith("$DelayedWorkQueue") ? queue.ref("queue") : null;
    }

    /**
     * The JDK adapters between a scheduled task and the application's object ({@code FutureTask.callable},
     * {@code Executors$RunnableAdapter}), task first; they hold the application's object for the task only.
     */
    public static List<HeapObject> taskAdapters(HeapObject task) {
        List<HeapObject> out = new ArrayList<>();
        HeapObject cur = task;
        for (int i = 0; i < 3 && cur != null && JdkClasses.isJdkClass(cur.className()); i++) {
            out.add(cur);
            HeapObject next = cur.ref("callable");
            cur = next != null ? next : cur.ref("task");
        }
        return out;
    }
}
