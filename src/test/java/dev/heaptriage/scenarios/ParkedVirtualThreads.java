package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

/**
 * JDK 21+ only (run on JDK 25, whose dumps carry the stacks of unmounted virtual threads): {@value #THREADS}
 * virtual threads "vconsumer-N", each parked in {@code SynchronousQueue.take()} on a queue of its own that nothing
 * else references. What to observe: one finding (one group, not a thousand), blocker {@code SynchronousQueue},
 * count {@value #THREADS}, severity high. Compiled for release 17, so the virtual-thread API is called by
 * reflection. The near-miss is {@link ParkedVirtualThreadsWithLiveProducer}.
 */
public final class ParkedVirtualThreads {
    public static final int THREADS = 1000;

    public static void main(String[] args) throws Exception {
        startConsumers(null);
        Scenario.dumpLive(args[0]);
    }

    /** Starts the virtual consumers; {@code keep}, when not null, receives every queue. */
    static void startConsumers(List<Object> keep) throws Exception {
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            SynchronousQueue<byte[]> q = new SynchronousQueue<>();
            if (keep != null) {
                keep.add(q);
            }
            started.add(startVirtual("vconsumer-" + i, new ParkedPrivateQueues.Consumer(q)));
        }
        for (Thread t : started) {
            Scenario.awaitBlocked(t);
        }
    }

    /** {@code Thread.ofVirtual().name(name).start(task)}, by reflection. */
    static Thread startVirtual(String name, Runnable task) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        return (Thread) ofVirtual.getMethod("start", Runnable.class).invoke(builder, task);
    }
}
