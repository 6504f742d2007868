package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.lang.ref.Cleaner;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A Cleaner backlog: the cleaner's thread is stuck in one action, the rest wait. What to observe:
 * <ul>
 *   <li>An application {@code Cleaner} (thread "Cleaner-0"). The first {@link Flush} action parks on a latch that
 *       never opens, so the thread is WAITING inside {@code CleanerBlocked$Flush.run}.</li>
 *   <li>{@value #QUEUED} more tracked {@link Journal}s are dropped; after a GC their cleanables are in the cleaner's
 *       queue (referent cleared, action not run): exactly {@value #QUEUED} waiting.</li>
 * </ul>
 */
public final class CleanerBlocked {
    public static final int QUEUED = 2_000;
    public static final String CULPRIT = "dev.heaptriage.scenarios.CleanerBlocked$Flush.run";

    static final Cleaner CLEANER = Cleaner.create();
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static final CountDownLatch FIRST_RUNNING = new CountDownLatch(1);

    static final class Flush implements Runnable {
        final byte[] pending = new byte[512];

        @Override
        public void run() {
            FIRST_RUNNING.countDown();
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class Journal {
        Journal() {
            CLEANER.register(this, new Flush());
        }
    }

    public static void main(String[] args) throws Exception {
        new Journal();
        System.gc();
        FIRST_RUNNING.await();
        Thread cleanerThread = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("Cleaner-")) {
                cleanerThread = t;
            }
        }
        Scenario.awaitBlocked(cleanerThread);

        // A phantom reference of our own per journal tells when the Reference Handler has handed the batch over.
        ReferenceQueue<Object> seen = new ReferenceQueue<>();
        List<PhantomReference<Object>> probes = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            probes.add(new PhantomReference<>(new Journal(), seen));
        }
        System.gc();
        for (int i = 0; i < QUEUED; i++) {
            if (seen.remove(20_000) == null) {
                throw new IllegalStateException("only " + i + " journals were enqueued");
            }
        }
        probes.clear();
        Thread.sleep(300);
        Scenario.dump(args[0]);
    }
}
