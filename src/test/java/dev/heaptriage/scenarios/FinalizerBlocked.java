package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stuck Finalizer thread and the queue behind it. What to observe:
 * <ul>
 *   <li>The thread "lock-holder" takes {@link #LOCK} (a {@code ReentrantLock}) and never lets go.</li>
 *   <li>The first {@link Handle} dropped is finalized; its {@code finalize()} calls {@code LOCK.lock()} and parks
 *       for ever, so the Finalizer thread is WAITING inside {@code FinalizerBlocked$Handle.finalize}, its
 *       {@code parkBlocker} is the lock's {@code NonfairSync}, whose {@code exclusiveOwnerThread} is "lock-holder".</li>
 *   <li>Then {@value #QUEUED} more handles (each with a {@value #PAYLOAD_BYTES}-byte payload) are dropped; after a
 *       GC all of them wait in {@code Finalizer.queue}: exactly {@value #QUEUED} queued, 1 being finalized.</li>
 * </ul>
 */
public final class FinalizerBlocked {
    public static final int QUEUED = 20_000;
    public static final int PAYLOAD_BYTES = 512;
    public static final String CULPRIT = "dev.heaptriage.scenarios.FinalizerBlocked$Handle.finalize";

    static final ReentrantLock LOCK = new ReentrantLock();
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** A native handle released in {@code finalize()}, under a lock another thread holds for ever. */
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
        run(args[0], QUEUED);
    }

    /** The scenario with {@code queued} handles behind the stuck one (other scenarios reuse it with more). */
    static void run(String dump, int queued) throws Exception {
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

        for (int i = 0; i < queued; i++) {
            new Handle();
        }
        System.gc();
        int length = FinalizerScenarios.awaitFinalizationQueue(queued);
        if (length != queued) {
            throw new IllegalStateException("queue length " + length + ", expected " + queued);
        }
        Scenario.dump(dump);
    }
}
