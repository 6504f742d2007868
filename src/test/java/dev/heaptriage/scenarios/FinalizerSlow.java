package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;

/**
 * A slow (not stuck) Finalizer thread. What to observe:
 * <ul>
 *   <li>{@link SlowStream#finalize} sleeps {@value #FINALIZE_MILLIS} ms, as a finalizer that flushes to a slow disk
 *       or a remote peer would.</li>
 *   <li>{@value #DROPPED} streams are dropped at once; at dump time the Finalizer thread is TIMED_WAITING in
 *       {@code Thread.sleep} inside {@code FinalizerSlow$SlowStream.finalize} and a few less than {@value #DROPPED}
 *       wait in the queue (it gets through about five a second).</li>
 * </ul>
 */
public final class FinalizerSlow {
    public static final int DROPPED = 3_000;
    public static final int FINALIZE_MILLIS = 200;
    public static final String CULPRIT = "dev.heaptriage.scenarios.FinalizerSlow$SlowStream.finalize";

    static final class SlowStream {
        final byte[] buffer = new byte[1024];

        @Override
        @SuppressWarnings("deprecation")
        protected void finalize() throws InterruptedException {
            Thread.sleep(FINALIZE_MILLIS);
            buffer[0] = 1;
        }
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < DROPPED; i++) {
            new SlowStream();
        }
        System.gc();
        FinalizerScenarios.awaitInside(FinalizerScenarios.finalizerThread(), SlowStream.class, "finalize");
        // The queue shrinks by one every FINALIZE_MILLIS, so wait for "most of them queued", not for a stable count.
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (memory.getObjectPendingFinalizationCount() < DROPPED - 50) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queue length " + memory.getObjectPendingFinalizationCount());
            }
            Thread.sleep(10);
        }
        Scenario.dump(args[0]);
    }
}
