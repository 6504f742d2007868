package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * Consumers parked forever on queues that only they can reach. What to observe:
 * <ul>
 *   <li>{@value #SYNC_CONSUMERS} threads "sync-consumer-N", each in {@code SynchronousQueue.take()} on a queue of its
 *       own: the producer returned early and dropped the queue, so nothing can ever hand them an element. One
 *       finding, blocker {@code SynchronousQueue}, count {@value #SYNC_CONSUMERS} (medium: at least 10).</li>
 *   <li>{@value #LBQ_CONSUMERS} threads "lbq-consumer-N" all taking from one {@code LinkedBlockingQueue} that nothing
 *       else references. One finding, blocker {@code LinkedBlockingQueue}, count {@value #LBQ_CONSUMERS}.</li>
 * </ul>
 * The near-miss is {@link ParkedQueuesWithLiveProducer}: the same threads, but a static still holds the queues.
 */
public final class ParkedPrivateQueues {
    public static final int SYNC_CONSUMERS = 12;
    public static final int LBQ_CONSUMERS = 4;

    /** Takes from its queue forever; the payload is what the parked thread pins. */
    static final class Consumer implements Runnable {
        private final BlockingQueue<byte[]> queue;

        Consumer(BlockingQueue<byte[]> queue) {
            this.queue = queue;
        }

        @Override
        public void run() {
            byte[] scratch = new byte[2048];
            try {
                while (true) {
                    byte[] item = queue.take();
                    scratch[0] = item[0];
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        startConsumers();
        Scenario.dumpLive(args[0]);
    }

    /** In its own method so that main's frame holds no queue when the dump is taken. */
    static void startConsumers() throws InterruptedException {
        for (int i = 0; i < SYNC_CONSUMERS; i++) {
            start(new Consumer(new SynchronousQueue<>()), "sync-consumer-" + i);
        }
        BlockingQueue<byte[]> shared = new LinkedBlockingQueue<>();
        for (int i = 0; i < LBQ_CONSUMERS; i++) {
            start(new Consumer(shared), "lbq-consumer-" + i);
        }
    }

    static void start(Runnable r, String name) throws InterruptedException {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        Scenario.awaitBlocked(t);
    }
}
