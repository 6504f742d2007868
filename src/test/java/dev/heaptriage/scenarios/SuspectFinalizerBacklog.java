package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A finalizer backlog large enough to be a heap suspect: the Finalizer thread is stuck in the first
 * {@code finalize()} (as in {@link FinalizerBlocked}) and {@value #QUEUED} handles of {@value #PAYLOAD_BYTES} bytes
 * each wait behind it, most of the heap. What to observe: finalizer-backlog reports them, and leak-suspects leaves
 * these bytes to it (nothing at low or above).
 */
public final class SuspectFinalizerBacklog {
    public static final int QUEUED = 40_000;
    public static final int PAYLOAD_BYTES = 1_000;

    static final ReentrantLock LOCK = new ReentrantLock();
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** A handle released in {@code finalize()}, under a lock another thread holds for ever. */
    static final class Handle {
        final byte[] payload = new byte[PAYLOAD_BYTES];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() {
            LOCK.lock();
            try {
                payload[0] = 1;
            } finally {
                LOCK.unlock();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            LOCK.lock();
            locked.countDown();
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lock-holder");
        holder.setDaemon(true);
        holder.start();
        locked.await();
        new Handle();
        System.gc();
        FinalizerScenarios.awaitInside(FinalizerScenarios.finalizerThread(), Handle.class, "finalize");
        for (int i = 0; i < QUEUED; i++) {
            new Handle();
        }
        System.gc();
        FinalizerScenarios.awaitFinalizationQueue(QUEUED);
        Scenario.dump(args[0]);
    }
}
