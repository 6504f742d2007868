package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.CountDownLatch;

/**
 * A Finalizer thread BLOCKED on a {@code synchronized} monitor. What to observe:
 * <ul>
 *   <li>"monitor-holder" enters {@code synchronized (MONITOR)} in {@link #holdForever} and waits on a latch inside
 *       it: it owns {@link #MONITOR} (a {@link Registry}) for ever.</li>
 *   <li>{@link Connection#finalize} enters {@code synchronized (MONITOR)}; the first one dropped blocks, and
 *       {@value #QUEUED} more connections wait in the queue behind it.</li>
 *   <li>HPROF records no monitor owners; the monitor is a local of both threads' frames (javac stores it in a local
 *       for the {@code monitorexit}).</li>
 * </ul>
 */
public final class FinalizerBlockedOnMonitor {
    public static final int QUEUED = 2_000;
    public static final String CULPRIT = "dev.heaptriage.scenarios.FinalizerBlockedOnMonitor$Connection.finalize";

    /** The shared registry the connections deregister from. */
    static final class Registry {
        int open;
    }

    static final Registry MONITOR = new Registry();
    static final CountDownLatch NEVER = new CountDownLatch(1);

    static final class Connection {
        final byte[] buffer = new byte[256];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            synchronized (MONITOR) {
                MONITOR.open--;
            }
        }
    }

    static void holdForever(CountDownLatch entered) {
        synchronized (MONITOR) {
            entered.countDown();
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Thread holder = new Thread(() -> holdForever(entered), "monitor-holder");
        holder.setDaemon(true);
        holder.start();
        entered.await();

        new Connection();
        System.gc();
        FinalizerScenarios.awaitInside(FinalizerScenarios.finalizerThread(), Connection.class, "finalize");
        for (int i = 0; i < QUEUED; i++) {
            new Connection();
        }
        System.gc();
        int queued = FinalizerScenarios.awaitFinalizationQueue(QUEUED);
        if (queued != QUEUED) {
            throw new IllegalStateException("queue length " + queued + ", expected " + QUEUED);
        }
        Scenario.dump(args[0]);
    }
}
