package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Thread pools that nothing references any more and that were never shut down. What to observe:
 * <ul>
 *   <li>{@value #FIXED_POOLS} fixed pools of {@value #FIXED_THREADS} threads made by {@link ReportWorkerFactory}:
 *       their workers idle in {@code LinkedBlockingQueue.take()} inside {@code ThreadPoolExecutor.getTask}. One
 *       finding for {@code ThreadPoolExecutor}, count {@value #FIXED_POOLS} × {@value #FIXED_THREADS} threads, naming
 *       the factory class.</li>
 *   <li>{@value #SCHEDULED_POOLS} scheduled pools of {@value #SCHEDULED_THREADS} threads, each with a periodic
 *       {@link Heartbeat} (every hour): one worker waits with a timeout for the next run, the other without. One
 *       finding for {@code ScheduledThreadPoolExecutor}, count {@value #SCHEDULED_POOLS} ×
 *       {@value #SCHEDULED_THREADS} threads, naming the task class.</li>
 *   <li>One {@code ForkJoinPool} of {@value #FORK_JOIN_THREADS} workers made by {@link IndexWorkerFactory}, with a
 *       keep-alive of a day (so its idle workers do not leave by themselves). One finding for
 *       {@code ForkJoinPool}, count {@value #FORK_JOIN_THREADS}.</li>
 * </ul>
 * The near-miss is {@link ParkedReferencedPools}: the same pools, held by a static field.
 */
public final class ParkedLeakedPools {
    public static final int FIXED_POOLS = 2;
    public static final int FIXED_THREADS = 3;
    public static final int SCHEDULED_POOLS = 2;
    public static final int SCHEDULED_THREADS = 2;
    public static final int FORK_JOIN_THREADS = 2;

    /** The application's factory: its class tells which code made the pool. */
    static final class ReportWorkerFactory implements ThreadFactory {
        private final List<Thread> made;
        private int n;

        ReportWorkerFactory(List<Thread> made) {
            this.made = made;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "report-worker-" + n++);
            t.setDaemon(true);
            made.add(t);
            return t;
        }
    }

    /** The fork-join pool's factory. */
    static final class IndexWorkerFactory implements ForkJoinPool.ForkJoinWorkerThreadFactory {
        private final List<Thread> made;

        IndexWorkerFactory(List<Thread> made) {
            this.made = made;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            ForkJoinWorkerThread t = new ForkJoinWorkerThread(pool) { };
            t.setName("index-worker-" + made.size());
            made.add(t);
            return t;
        }
    }

    /** A periodic task of the scheduled pools. */
    static final class Heartbeat implements Runnable {
        @Override
        public void run() {
            System.out.println("beat");
        }
    }

    public static void main(String[] args) throws Exception {
        List<Object> pools = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        makePools(pools, workers);
        awaitAll(workers);
        pools.clear();
        workers.clear();
        Scenario.dumpLive(args[0]);
    }

    /** Makes the pools and starts every worker; the caller decides whether to keep the pools. */
    static void makePools(List<Object> pools, List<Thread> workers) {
        for (int p = 0; p < FIXED_POOLS; p++) {
            ExecutorService pool = Executors.newFixedThreadPool(FIXED_THREADS, new ReportWorkerFactory(workers));
            for (int i = 0; i < FIXED_THREADS; i++) {
                pool.execute(() -> { });
            }
            pools.add(pool);
        }
        for (int p = 0; p < SCHEDULED_POOLS; p++) {
            ScheduledExecutorService pool = Executors.newScheduledThreadPool(SCHEDULED_THREADS, r -> {
                Thread t = new Thread(r, "heartbeat-" + workers.size());
                t.setDaemon(true);
                workers.add(t);
                return t;
            });
            pool.scheduleAtFixedRate(new Heartbeat(), 1, 1, TimeUnit.HOURS);
            ((java.util.concurrent.ThreadPoolExecutor) pool).prestartAllCoreThreads();
            pools.add(pool);
        }
        ForkJoinPool forkJoin = new ForkJoinPool(FORK_JOIN_THREADS, new IndexWorkerFactory(workers), null, false,
                FORK_JOIN_THREADS, FORK_JOIN_THREADS, 1, null, 1, TimeUnit.DAYS);
        CountDownLatch allStarted = new CountDownLatch(FORK_JOIN_THREADS);
        for (int i = 0; i < FORK_JOIN_THREADS; i++) {
            forkJoin.execute(() -> {
                allStarted.countDown();
                try {
                    allStarted.await(); // holds each worker until all of them exist
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        pools.add(forkJoin);
    }

    static void awaitAll(List<Thread> workers) throws InterruptedException {
        for (Thread t : new ArrayList<>(workers)) {
            Scenario.awaitBlocked(t);
        }
        Thread.sleep(100); // every worker past its first task and back in getTask
        for (Thread t : new ArrayList<>(workers)) {
            Scenario.awaitBlocked(t);
        }
    }
}
