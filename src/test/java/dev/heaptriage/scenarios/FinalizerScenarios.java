package dev.heaptriage.scenarios;

import java.lang.management.ManagementFactory;

/** Helpers the finalizer and cleaner scenarios share: finding the JDK's Finalizer thread and waiting on it. */
final class FinalizerScenarios {
    private FinalizerScenarios() {
    }

    /** The JDK's "Finalizer" thread ({@code java.lang.ref.Finalizer$FinalizerThread}). */
    static Thread finalizerThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("Finalizer") && t.getClass().getName().startsWith("java.lang.ref.Finalizer")) {
                return t;
            }
        }
        throw new IllegalStateException("no Finalizer thread");
    }

    /** Waits until {@code thread} is blocked, waiting or sleeping inside a method named {@code method} of {@code cls}. */
    static void awaitInside(Thread thread, Class<?> cls, String method) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.State s = thread.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
                for (StackTraceElement e : thread.getStackTrace()) {
                    if (e.getClassName().equals(cls.getName()) && e.getMethodName().equals(method)) {
                        return;
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(thread.getName() + " did not block in " + cls.getName() + "." + method);
    }

    /**
     * Waits until the JVM counts at least {@code atLeast} objects waiting for finalization (the Finalizer queue's
     * length: {@code MemoryMXBean.getObjectPendingFinalizationCount}) and the count has not changed for 300 ms.
     */
    static int awaitFinalizationQueue(int atLeast) throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long deadline = System.nanoTime() + 30_000_000_000L;
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = memory.getObjectPendingFinalizationCount();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now >= atLeast && System.nanoTime() - stableSince > 300_000_000L) {
                return now;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("finalization queue reached " + last + ", expected at least " + atLeast);
    }
}
