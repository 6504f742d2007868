package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * Near-miss of {@link ThreadsReachableButDead}: the same shapes, each with a live way to wake, cancel or stop it.
 * What to observe: no finding at {@code low} or above.
 * <ul>
 *   <li>Periodic tasks on the shared {@link #SCHEDULER} whose futures {@link #FUTURES} keeps, tasks that were
 *       cancelled (still queued: {@code removeOnCancel} is off by default), and a task that holds its own future
 *       (it can cancel itself); and on the shared {@link #TIMER}, {@code TimerTask}s that {@link #TICKS} keeps and
 *       ones that were cancelled.</li>
 *   <li>The exhausted {@link #POOL}, but its leases are held by {@link #LEASES} (in use, not leaked) while
 *       threads wait; and {@link #RETURNED_POOL}, whose leases were returned.</li>
 *   <li>Consumers of a queue whose producers ended, but which the static {@link #QUEUE} still holds, so a producer
 *       can still come.</li>
 *   <li>A pool that the static {@link #HOOKED} holds as well as a shutdown hook.</li>
 *   <li>{@link ThreadsReachableButDead.Poller}s held by {@link #POLLERS}, which can clear their flag.</li>
 * </ul>
 */
public final class ThreadsReachableAndLive {
    static ScheduledExecutorService SCHEDULER;
    static final List<ScheduledFuture<?>> FUTURES = new ArrayList<>();
    static java.util.Timer TIMER;
    static final List<java.util.TimerTask> TICKS = new ArrayList<>();
    static GenericObjectPool<StringBuilder> POOL;
    static GenericObjectPool<StringBuilder> RETURNED_POOL;
    static final List<StringBuilder> LEASES = new ArrayList<>();
    static BlockingQueue<String> QUEUE;
    static ExecutorService HOOKED;
    static final List<Thread> POLLERS = new ArrayList<>();

    /** A periodic task that cancels itself after a number of runs. */
    static final class SelfCancelling implements Runnable {
        ScheduledFuture<?> self;
        int runs;

        @Override
        public void run() {
            if (++runs > 3 && self != null) {
                self.cancel(false);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<Thread> started = new ArrayList<>();
        SCHEDULER = Executors.newScheduledThreadPool(1, ThreadsReachableButDead.daemon("shared-scheduler"));
        for (int i = 0; i < 50; i++) {
            FUTURES.add(SCHEDULER.scheduleAtFixedRate(new ThreadsReachableButDead.Refresh(), 1, 1, TimeUnit.HOURS));
        }
        for (int i = 0; i < 50; i++) {
            SCHEDULER.scheduleAtFixedRate(new ThreadsReachableButDead.Refresh(), 1, 1, TimeUnit.HOURS).cancel(false);
        }
        for (int i = 0; i < 5; i++) {
            SelfCancelling task = new SelfCancelling();
            task.self = SCHEDULER.scheduleAtFixedRate(task, 1, 1, TimeUnit.HOURS);
        }
        TIMER = new java.util.Timer("shared-timer", true);
        for (int i = 0; i < ThreadsReachableButDead.TIMER_TASKS; i++) {
            java.util.TimerTask kept = new ThreadsReachableButDead.Tick();
            TICKS.add(kept);
            TIMER.scheduleAtFixedRate(kept, 3_600_000L, 3_600_000L);
            java.util.TimerTask cancelled = new ThreadsReachableButDead.Tick();
            TIMER.scheduleAtFixedRate(cancelled, 3_600_000L, 3_600_000L);
            cancelled.cancel();
        }
        POOL = new GenericObjectPool<>(new ThreadsReachableButDead.BufferFactory(),
                ThreadsReachableButDead.config(ThreadsReachableButDead.POOL_SIZE));
        for (int i = 0; i < ThreadsReachableButDead.POOL_SIZE; i++) {
            LEASES.add(POOL.borrowObject());
        }
        for (int i = 0; i < ThreadsReachableButDead.LEASE_WAITERS; i++) {
            started.add(ThreadsReachableButDead.start(ThreadsReachableAndLive::borrowOnce, "lease-waiter-" + i));
        }
        RETURNED_POOL = new GenericObjectPool<>(new ThreadsReachableButDead.BufferFactory(),
                ThreadsReachableButDead.config(ThreadsReachableButDead.POOL_SIZE));
        for (int i = 0; i < ThreadsReachableButDead.POOL_SIZE; i++) {
            StringBuilder b = RETURNED_POOL.borrowObject();
            RETURNED_POOL.returnObject(b);
        }
        QUEUE = new LinkedBlockingQueue<>();
        for (int i = 0; i < ThreadsReachableButDead.PRODUCERS; i++) {
            ThreadsReachableButDead.Producer p = new ThreadsReachableButDead.Producer(QUEUE, "producer-" + i);
            p.start();
            p.join();
        }
        for (int i = 0; i < ThreadsReachableButDead.QUEUE_CONSUMERS; i++) {
            started.add(ThreadsReachableButDead.start(() -> {
                try {
                    while (true) {
                        QUEUE.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "queue-consumer-" + i));
        }
        HOOKED = Executors.newFixedThreadPool(ThreadsReachableButDead.HOOKED_THREADS,
                new ThreadsReachableButDead.HookedWorkerFactory());
        for (int i = 0; i < ThreadsReachableButDead.HOOKED_THREADS; i++) {
            HOOKED.execute(() -> { });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(HOOKED::shutdown));
        for (int i = 0; i < ThreadsReachableButDead.POLLERS; i++) {
            ThreadsReachableButDead.Poller p = new ThreadsReachableButDead.Poller("poller-" + i);
            p.start();
            POLLERS.add(p);
            started.add(p);
        }
        for (Thread t : started) {
            Scenario.awaitBlocked(t);
        }
        started.clear();
        Thread.sleep(200);
        Scenario.dumpLive(args[0]);
    }

    static void borrowOnce() {
        try {
            StringBuilder b = POOL.borrowObject();
            POOL.returnObject(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
