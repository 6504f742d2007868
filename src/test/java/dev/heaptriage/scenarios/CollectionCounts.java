package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Collections whose element counts live in different places, for {@code Collections.elementCount} and the queue
 * readers: every collection holds {@value #ELEMENTS} elements (the ArrayDeque after wrapping around its array, the
 * ConcurrentHashMap after being filled from several threads, so its counter cells are used).
 */
public final class CollectionCounts {
    public static final int ELEMENTS = 37;

    static Queue<Integer> LINKED_BLOCKING;
    static Queue<Integer> BOUNDED_LINKED_BLOCKING;
    static Queue<Integer> ARRAY_BLOCKING;
    static Queue<Integer> CONCURRENT_LINKED;
    static ArrayDeque<Integer> DEQUE;
    static Map<Integer, Integer> SKIP_LIST;
    static Map<Integer, Integer> TREE;
    static Map<Integer, Integer> CONCURRENT;
    static List<Integer> COPY_ON_WRITE;

    public static void main(String[] args) throws Exception {
        LINKED_BLOCKING = new LinkedBlockingQueue<>();
        BOUNDED_LINKED_BLOCKING = new LinkedBlockingQueue<>(100);
        ARRAY_BLOCKING = new ArrayBlockingQueue<>(100);
        CONCURRENT_LINKED = new ConcurrentLinkedQueue<>();
        DEQUE = new ArrayDeque<>();
        SKIP_LIST = new ConcurrentSkipListMap<>();
        TREE = new TreeMap<>();
        CONCURRENT = new ConcurrentHashMap<>();
        COPY_ON_WRITE = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 30; i++) {
            DEQUE.add(-i);
        }
        for (int i = 0; i < 30; i++) {
            DEQUE.poll();
        }
        CONCURRENT_LINKED.add(-1);
        CONCURRENT_LINKED.poll(); // a removed node before the live ones
        Thread[] fillers = new Thread[4];
        for (int t = 0; t < fillers.length; t++) {
            int from = t;
            fillers[t] = new Thread(() -> {
                for (int i = from; i < ELEMENTS; i += 4) {
                    CONCURRENT.put(i, i);
                }
            });
            fillers[t].start();
        }
        for (Thread t : fillers) {
            t.join();
        }
        for (int i = 0; i < ELEMENTS; i++) {
            LINKED_BLOCKING.add(i);
            BOUNDED_LINKED_BLOCKING.add(i);
            ARRAY_BLOCKING.add(i);
            CONCURRENT_LINKED.add(i);
            DEQUE.add(i);
            SKIP_LIST.put(i, i);
            TREE.put(i, i);
            COPY_ON_WRITE.add(i);
        }
        Scenario.dumpLive(args[0]);
    }
}
