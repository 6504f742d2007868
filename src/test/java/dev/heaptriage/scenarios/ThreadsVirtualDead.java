package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * JDK 21+ only (run on JDK 25): the shapes of {@link ThreadsReachableButDead} with {@value #THREADS} virtual threads
 * each. What to observe (one finding each):
 * <ul>
 *   <li>{@value #THREADS} virtual consumers of a queue that only {@value #PRODUCERS} terminated virtual producers
 *       reference ({@link #FINISHED} keeps the dead thread objects).</li>
 *   <li>{@value #THREADS} virtual threads waiting in {@code borrowObject()} on the shared {@link #POOL}, exhausted by
 *       leases nobody holds.</li>
 *   <li>{@value #THREADS} virtual {@link Ticker}s looping on a {@code running} flag while sleeping, which nothing
 *       but each ticker's thread references.</li>
 * </ul>
 * The near-miss is {@link ThreadsVirtualLive}.
 */
public final class ThreadsVirtualDead {
    public static final int THREADS = 1000;
    public static final int PRODUCERS = 3;

    static final List<Thread> FINISHED = new ArrayList<>();
    static GenericObjectPool<StringBuilder> POOL;

    /** Sleeps in a loop while {@code running}. */
    static final class Ticker implements Runnable {
        volatile boolean running = true;

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
        build(null);
        Thread.sleep(300);
        Scenario.dumpLive(args[0]);
    }

    /** Starts every shape; with {@code keep} not null, the queue, the leases and the tickers are kept there. */
    static void build(List<Object> keep) throws Exception {
        List<Thread> started = new ArrayList<>();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        if (keep != null) {
            keep.add(queue);
        }
        for (int i = 0; i < PRODUCERS; i++) {
            Thread p = ParkedVirtualThreads.startVirtual("vproducer-" + i, () -> queue.add("job"));
            p.join();
            FINISHED.add(p);
        }
        for (int i = 0; i < THREADS; i++) {
            started.add(ParkedVirtualThreads.startVirtual("vconsumer-" + i, () -> {
                try {
                    while (true) {
                        queue.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        POOL = new GenericObjectPool<>(new ThreadsReachableButDead.BufferFactory(),
                ThreadsReachableButDead.config(ThreadsReachableButDead.POOL_SIZE));
        for (int i = 0; i < ThreadsReachableButDead.POOL_SIZE; i++) {
            StringBuilder lease = POOL.borrowObject();
            if (keep != null) {
                keep.add(lease);
            }
        }
        for (int i = 0; i < THREADS; i++) {
            started.add(ParkedVirtualThreads.startVirtual("vborrower-" + i, () -> {
                try {
                    POOL.returnObject(POOL.borrowObject());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < THREADS; i++) {
            Ticker t = new Ticker();
            if (keep != null) {
                keep.add(t);
            }
            started.add(ParkedVirtualThreads.startVirtual("vticker-" + i, t));
        }
        for (Thread t : started) {
            Scenario.awaitBlocked(t);
        }
    }
}
