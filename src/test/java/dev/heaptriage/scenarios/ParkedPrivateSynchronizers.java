package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Semaphore;

/**
 * One small group of threads for each other blocker kind, each waiting on an object that only its waiters can
 * reach. What to observe: one finding per kind, with these counts:
 * {@code ArrayBlockingQueue} 2 ("abq-taker-N"), {@code LinkedTransferQueue} 2 ("ltq-taker-N"), {@code CyclicBarrier}
 * 2 (a barrier for 3 parties that only 2 reached, "barrier-N"), {@code Semaphore} 2 ("permit-N"),
 * {@code CompletableFuture} 2 ("cf-getter-N"), {@code FutureTask} 2 ("ft-getter-N", a task never run),
 * {@code Exchanger} 1 ("exchanger-0") and a plain monitor 3 ("monitor-waiter-N", {@code Object.wait()} on a private
 * lock). All are low severity (fewer than 10 threads each).
 */
public final class ParkedPrivateSynchronizers {
    public static final int PER_KIND = 2;
    public static final int EXCHANGERS = 1;
    public static final int MONITOR_WAITERS = 3;

    interface Blocking {
        void block() throws Exception;
    }

    static Runnable forever(Blocking b) {
        return () -> {
            try {
                b.block();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Waits on a monitor only this object knows. */
    static final class MonitorWaiter implements Runnable {
        private final Object lock = new Object();

        @Override
        public void run() {
            synchronized (lock) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        startAll();
        Scenario.dumpLive(args[0]);
    }

    static void startAll() throws Exception {
        for (int i = 0; i < PER_KIND; i++) {
            ArrayBlockingQueue<String> abq = new ArrayBlockingQueue<>(4);
            ParkedPrivateQueues.start(forever(abq::take), "abq-taker-" + i);
            LinkedTransferQueue<String> ltq = new LinkedTransferQueue<>();
            ParkedPrivateQueues.start(forever(ltq::take), "ltq-taker-" + i);
            Semaphore none = new Semaphore(0);
            ParkedPrivateQueues.start(forever(none::acquire), "permit-" + i);
            CompletableFuture<String> never = new CompletableFuture<>();
            ParkedPrivateQueues.start(forever(never::get), "cf-getter-" + i);
            FutureTask<String> notRun = new FutureTask<>(() -> "never run");
            ParkedPrivateQueues.start(forever(notRun::get), "ft-getter-" + i);
        }
        CyclicBarrier threeParties = new CyclicBarrier(PER_KIND + 1);
        for (int i = 0; i < PER_KIND; i++) {
            ParkedPrivateQueues.start(forever(threeParties::await), "barrier-" + i);
        }
        for (int i = 0; i < EXCHANGERS; i++) {
            Exchanger<String> alone = new Exchanger<>();
            ParkedPrivateQueues.start(forever(() -> alone.exchange("hello")), "exchanger-" + i);
        }
        for (int i = 0; i < MONITOR_WAITERS; i++) {
            ParkedPrivateQueues.start(new MonitorWaiter(), "monitor-waiter-" + i);
        }
    }
}
