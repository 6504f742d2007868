package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Near-miss of {@link ParkedPrivateQueues} and {@link ParkedLatchWaiters}: the same parked consumers and latch
 * waiters, but something can still wake every one of them. What to observe: no finding at {@code low} or above.
 * <ul>
 *   <li>The {@code SynchronousQueue}s, the shared {@code LinkedBlockingQueue} and the latches are held by the static
 *       {@link #HANDLES}, where a producer can still find them.</li>
 *   <li>One more consumer, "fed-consumer", takes from a queue that only a producer thread "sleepy-producer" holds, in a
 *       local of a frame that is sleeping between two puts: a thread that sleeps will wake up and can put.</li>
 *   <li>A relay: "relay-downstream" takes from a queue that only "relay" holds, and "relay" is itself parked, on a
 *       queue the static holds. Once fed, "relay" passes the element on, so neither is stuck: a waiting thread
 *       that someone can wake counts as a live holder of what it references.</li>
 *   <li>"weakly-fed-consumer" takes from a queue that the static {@link #WEAK_HANDLES} holds only through a
 *       {@code WeakReference}: the consumer keeps the queue strongly reachable, so {@code get()} still returns it
 *       to a producer.</li>
 *   <li>"condition-waiter" awaits a {@code Condition} of a {@code ReentrantLock}; the static {@link #SIGNAL} holds
 *       the condition (not the lock object): whoever holds it can lock through it and signal.</li>
 * </ul>
 */
public final class ParkedQueuesWithLiveProducer {
    static final List<Object> HANDLES = new ArrayList<>();
    static final List<WeakReference<Object>> WEAK_HANDLES = new ArrayList<>();
    static Condition SIGNAL;

    /** Puts into its queue now and then; between puts it sleeps with the queue in a local. */
    static final class SleepyProducer implements Runnable {
        private final BlockingQueue<byte[]> queue;

        SleepyProducer(BlockingQueue<byte[]> queue) {
            this.queue = queue;
        }

        @Override
        public void run() {
            BlockingQueue<byte[]> q = queue;
            try {
                while (true) {
                    Thread.sleep(3_600_000L);
                    q.put(new byte[1]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes from {@code in} and passes each element on to {@code out}. */
    static final class Relay implements Runnable {
        private final BlockingQueue<byte[]> in;
        private final BlockingQueue<byte[]> out;

        Relay(BlockingQueue<byte[]> in, BlockingQueue<byte[]> out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    out.put(in.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        startAll();
        Scenario.dumpLive(args[0]);
    }

    static void startAll() throws InterruptedException {
        for (int i = 0; i < ParkedPrivateQueues.SYNC_CONSUMERS; i++) {
            SynchronousQueue<byte[]> q = new SynchronousQueue<>();
            HANDLES.add(q);
            ParkedPrivateQueues.start(new ParkedPrivateQueues.Consumer(q), "sync-consumer-" + i);
        }
        BlockingQueue<byte[]> shared = new LinkedBlockingQueue<>();
        HANDLES.add(shared);
        for (int i = 0; i < ParkedPrivateQueues.LBQ_CONSUMERS; i++) {
            ParkedPrivateQueues.start(new ParkedPrivateQueues.Consumer(shared), "lbq-consumer-" + i);
        }
        for (int i = 0; i < ParkedLatchWaiters.WAITERS; i++) {
            CountDownLatch latch = new CountDownLatch(1);
            HANDLES.add(latch);
            ParkedPrivateQueues.start(new ParkedLatchWaiters.Waiter(latch), "latch-waiter-" + i);
        }
        BlockingQueue<byte[]> fed = new LinkedBlockingQueue<>();
        ParkedPrivateQueues.start(new ParkedPrivateQueues.Consumer(fed), "fed-consumer");
        ParkedPrivateQueues.start(new SleepyProducer(fed), "sleepy-producer");
        SynchronousQueue<byte[]> relayIn = new SynchronousQueue<>();
        HANDLES.add(relayIn);
        BlockingQueue<byte[]> relayOut = new LinkedBlockingQueue<>();
        ParkedPrivateQueues.start(new ParkedPrivateQueues.Consumer(relayOut), "relay-downstream");
        ParkedPrivateQueues.start(new Relay(relayIn, relayOut), "relay");
        BlockingQueue<byte[]> weaklyHeld = new LinkedBlockingQueue<>();
        WEAK_HANDLES.add(new WeakReference<>(weaklyHeld));
        ParkedPrivateQueues.start(new ParkedPrivateQueues.Consumer(weaklyHeld), "weakly-fed-consumer");
        ReentrantLock lock = new ReentrantLock();
        SIGNAL = lock.newCondition();
        ParkedPrivateQueues.start(() -> {
            lock.lock();
            try {
                SIGNAL.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "condition-waiter");
    }
}
