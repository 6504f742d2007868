package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An unbounded queue between a fast producer and a stalled consumer: the producer thread "order-producer" puts
 * {@value #ORDERS} orders into a {@code LinkedBlockingQueue} without capacity; the consumer "order-consumer" took one
 * and is stuck processing it. What to observe: leak-suspects reports an unbounded LinkedBlockingQueue of
 * {@value #ORDERS} - 1 Orders held by {@code SuspectQueue.ORDERS_QUEUE}, naming both threads and their states. The near
 * miss {@link SuspectQueueKeepingUp} has a consumer that keeps up.
 */
public final class SuspectQueue {
    public static final int ORDERS = 100_000;
    static final BlockingQueue<Order> ORDERS_QUEUE = new LinkedBlockingQueue<>();
    static final CountDownLatch NEVER = new CountDownLatch(1);

    /** One order. */
    static final class Order {
        final byte[] payload = new byte[512];
    }

    /** Puts the orders, then waits. */
    static final class Producer implements Runnable {
        final BlockingQueue<Order> queue;
        final CountDownLatch produced = new CountDownLatch(1);

        Producer(BlockingQueue<Order> queue) {
            this.queue = queue;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < ORDERS; i++) {
                    queue.put(new Order());
                }
                produced.countDown();
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes orders; a stalled one gets stuck processing the first. */
    static final class Consumer implements Runnable {
        final BlockingQueue<Order> queue;
        final boolean stalls;
        final CountDownLatch took = new CountDownLatch(1);

        Consumer(BlockingQueue<Order> queue, boolean stalls) {
            this.queue = queue;
            this.stalls = stalls;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Order o = queue.take();
                    took.countDown();
                    process(o);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void process(Order o) throws InterruptedException {
            o.payload[0]++;
            if (stalls) {
                Thread.sleep(Long.MAX_VALUE); // waits on a remote call that never answers
            }
        }
    }

    static void run(String dump, boolean stalls) throws Exception {
        Consumer consumer = new Consumer(ORDERS_QUEUE, stalls);
        Producer producer = new Producer(ORDERS_QUEUE);
        Thread c = new Thread(consumer, "order-consumer");
        Thread p = new Thread(producer, "order-producer");
        c.setDaemon(true);
        p.setDaemon(true);
        c.start();
        p.start();
        producer.produced.await();
        while (!stalls && !ORDERS_QUEUE.isEmpty()) {
            Thread.sleep(10);
        }
        consumer.took.await();
        Scenario.awaitBlocked(c);
        Scenario.awaitBlocked(p);
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], true);
    }
}
