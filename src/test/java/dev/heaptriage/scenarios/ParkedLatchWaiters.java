package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.CountDownLatch;

/**
 * Threads awaiting latches that nobody can count down. What to observe: {@value #WAITERS} threads "latch-waiter-N",
 * each in {@code CountDownLatch.await()} on a latch of its own that only it references (the code that should have
 * counted down returned early). One finding, blocker {@code CountDownLatch}, count {@value #WAITERS} (medium).
 * The near-miss is {@link ParkedQueuesWithLiveProducer}, whose latch a static still holds.
 */
public final class ParkedLatchWaiters {
    public static final int WAITERS = 10;

    static final class Waiter implements Runnable {
        private final CountDownLatch done;

        Waiter(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void run() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        startWaiters();
        Scenario.dumpLive(args[0]);
    }

    static void startWaiters() throws InterruptedException {
        for (int i = 0; i < WAITERS; i++) {
            ParkedPrivateQueues.start(new Waiter(new CountDownLatch(1)), "latch-waiter-" + i);
        }
    }
}
