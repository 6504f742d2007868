package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/**
 * Threads and tasks that are still reachable, or whose stop handle is, yet can never be woken or cancelled. What to
 * observe (one finding each, owners in this class):
 * <ul>
 *   <li>{@value #PERIODIC_TASKS} {@link Refresh} tasks scheduled with {@code scheduleAtFixedRate} on the shared
 *       {@link #SCHEDULER}, their {@code ScheduledFuture}s dropped: nobody can {@code cancel()} them.</li>
 *   <li>{@value #TIMER_TASKS} {@link Tick}s scheduled at a fixed rate on the shared {@link #TIMER} and dropped.</li>
 *   <li>The shared {@link #POOL} ({@value #POOL_SIZE} objects) exhausted by leases that were borrowed and dropped,
 *       never returned; {@value #LEASE_WAITERS} threads wait in {@code borrowObject()} forever.</li>
 *   <li>{@value #QUEUE_CONSUMERS} consumers of a queue that only {@value #PRODUCERS} terminated {@link Producer}
 *       threads reference (the static {@link #FINISHED} keeps those dead thread objects).</li>
 *   <li>A pool of {@value #HOOKED_THREADS} threads made by {@link HookedWorkerFactory} that only a shutdown hook
 *       references.</li>
 *   <li>{@value #POLLERS} {@link Poller} threads that loop on a {@code running} flag while sleeping; nothing but each
 *       poller references it, so nobody can clear the flag or interrupt it.</li>
 * </ul>
 * The near-miss is {@link ThreadsReachableAndLive}.
 */
public final class ThreadsReachableButDead {
    public static final int PERIODIC_TASKS = 300;
    public static final int TIMER_TASKS = 20;
    public static final int POOL_SIZE = 3;
    public static final int LEASE_WAITERS = 5;
    public static final int QUEUE_CONSUMERS = 4;
    public static final int PRODUCERS = 2;
    public static final int HOOKED_THREADS = 3;
    public static final int POLLERS = 5;

    static ScheduledExecutorService SCHEDULER;
    static java.util.Timer TIMER;
    static GenericObjectPool<StringBuilder> POOL;
    static final List<Thread> FINISHED = new ArrayList<>();

    /** A session refresh the application schedules per session. */
    static final class Refresh implements Runnable {
        final byte[] session = new byte[128];

        @Override
        public void run() {
            session[0]++;
        }
    }

    /** A periodic tick the application schedules on a shared Timer. */
    static final class Tick extends java.util.TimerTask {
        @Override
        public void run() {
        }
    }

    /** Makes the pooled objects. */
    static final class BufferFactory extends BasePooledObjectFactory<StringBuilder> {
        @Override
        public StringBuilder create() {
            return new StringBuilder(64);
        }

        @Override
        public PooledObject<StringBuilder> wrap(StringBuilder b) {
            return new DefaultPooledObject<>(b);
        }
    }

    /** A producer that put its work in the queue and ended. */
    static final class Producer extends Thread {
        final BlockingQueue<String> queue;

        Producer(BlockingQueue<String> queue, String name) {
            super(name);
            this.queue = queue;
        }

        @Override
        public void run() {
            queue.add("job");
        }
    }

    /** The factory of the hook-only pool. */
    static final class HookedWorkerFactory implements ThreadFactory {
        private int n;

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "hooked-worker-" + n++);
            t.setDaemon(true);
            return t;
        }
    }

    /** Polls while {@code running}; only a reference to it could stop it. */
    static final class Poller extends Thread {
        volatile boolean running = true;

        Poller(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Thread.sleep(3_600_000L);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        build(); // in its own frame, so no stale local of main holds what it made
        Thread.sleep(200);
        Scenario.dumpLive(args[0]);
    }

    static void build() throws Exception {
        List<Thread> started = new ArrayList<>();
        SCHEDULER = Executors.newScheduledThreadPool(1, daemon("shared-scheduler"));
        for (int i = 0; i < PERIODIC_TASKS; i++) {
            SCHEDULER.scheduleAtFixedRate(new Refresh(), 1, 1, TimeUnit.HOURS);
        }
        TIMER = new java.util.Timer("shared-timer", true);
        for (int i = 0; i < TIMER_TASKS; i++) {
            TIMER.scheduleAtFixedRate(new Tick(), 3_600_000L, 3_600_000L);
        }
        POOL = new GenericObjectPool<>(new BufferFactory(), config(POOL_SIZE));
        for (int i = 0; i < POOL_SIZE; i++) {
            POOL.borrowObject().append("leaked"); // never returned
        }
        for (int i = 0; i < LEASE_WAITERS; i++) {
            started.add(start(ThreadsReachableButDead::borrowOnce, "lease-waiter-" + i));
        }
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        for (int i = 0; i < PRODUCERS; i++) {
            Producer p = new Producer(queue, "producer-" + i);
            p.start();
            p.join();
            FINISHED.add(p);
        }
        for (int i = 0; i < QUEUE_CONSUMERS; i++) {
            started.add(start(() -> {
                try {
                    while (true) {
                        queue.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "queue-consumer-" + i));
        }
        ExecutorService hooked = Executors.newFixedThreadPool(HOOKED_THREADS, new HookedWorkerFactory());
        for (int i = 0; i < HOOKED_THREADS; i++) {
            hooked.execute(() -> { });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hooked::shutdown));
        for (int i = 0; i < POLLERS; i++) {
            Poller p = new Poller("poller-" + i);
            p.start();
            started.add(p);
        }
        for (Thread t : started) {
            Scenario.awaitBlocked(t);
        }
    }

    static GenericObjectPoolConfig<StringBuilder> config(int size) {
        GenericObjectPoolConfig<StringBuilder> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(size);
        c.setMaxIdle(size);
        c.setJmxEnabled(false);
        return c;
    }

    static void borrowOnce() {
        try {
            StringBuilder b = POOL.borrowObject(); // blocks: every object is leased
            POOL.returnObject(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
