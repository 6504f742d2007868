package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Timer;
import java.util.TimerTask;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One object of each JDK shape the {@code detect/jdk} readers know, with known contents, for their tests. What to
 * observe:
 * <ul>
 *   <li>Threads: "shape-waiter" in {@code Object.wait()} on {@code MONITOR}; "shape-timed-waiter" in
 *       {@code wait(3600000)} on {@code TIMED_MONITOR}; "shape-sleeper" in {@code Thread.sleep}; "shape-parked"
 *       parked on the latch {@code LATCH}; two idle workers of {@code POOL} (core 2); one worker of
 *       {@code SCHEDULED} with a periodic task; {@code TIMER} with one periodic task; {@code SHUT_DOWN} shut down.</li>
 *   <li>Collections: {@code HASH} (3 entries), {@code LINKED_HASH} (2), {@code CONCURRENT} (4), {@code ARRAY}
 *       (5 elements, capacity 20), {@code VECTOR} (3), {@code LIST_OF} (List.of, 4), {@code AS_LIST}
 *       (Arrays.asList, 3), {@code LINKED} (LinkedList, 4), {@code SUB} (ARRAY.subList(1, 3)), {@code PRIORITY}
 *       (PriorityQueue, 6).</li>
 *   <li>Buffers: {@code SLICE} = a 4096-byte heap buffer sliced at [1024, 1536); {@code INTS} its asIntBuffer()
 *       view from byte 256 of the slice; {@code WRAPPED} = CharBuffer.wrap(TEXT, 2, 5); {@code DIRECT_SLICE} a
 *       1000-byte slice at 100 of a 65536-byte allocateDirect block.</li>
 * </ul>
 */
public final class JdkShapes {
    public static final String TEXT = "abcdefghij";
    public static final int SLICE_START = 1024;
    public static final int SLICE_LENGTH = 512;
    public static final int DIRECT_CAPACITY = 65_536;

    static final Object MONITOR = new Object();
    static final Object TIMED_MONITOR = new Object();
    static final CountDownLatch LATCH = new CountDownLatch(1);
    static ExecutorService POOL;
    static ScheduledExecutorService SCHEDULED;
    static ExecutorService SHUT_DOWN;
    static Timer TIMER;

    static Map<String, String> HASH;
    static Map<String, String> LINKED_HASH;
    static Map<String, String> CONCURRENT;
    static List<String> ARRAY;
    static List<String> VECTOR;
    static List<String> LIST_OF;
    static List<String> AS_LIST;
    static List<String> LINKED;
    static List<String> SUB;
    static PriorityQueue<Integer> PRIORITY;

    static ByteBuffer SLICE;
    static IntBuffer INTS;
    static CharBuffer WRAPPED;
    static ByteBuffer DIRECT_SLICE;

    public static void main(String[] args) throws Exception {
        Thread waiter = daemon("shape-waiter", () -> {
            synchronized (MONITOR) {
                MONITOR.wait();
            }
        });
        Thread timed = daemon("shape-timed-waiter", () -> {
            synchronized (TIMED_MONITOR) {
                TIMED_MONITOR.wait(3_600_000);
            }
        });
        Thread sleeper = daemon("shape-sleeper", () -> Thread.sleep(3_600_000));
        Thread parked = daemon("shape-parked", LATCH::await);
        POOL = Executors.newFixedThreadPool(2, r -> daemonThread(r, "shape-pool-worker"));
        for (int i = 0; i < 2; i++) {
            POOL.submit(() -> { });
        }
        SCHEDULED = Executors.newScheduledThreadPool(1, r -> daemonThread(r, "shape-scheduler"));
        SCHEDULED.scheduleAtFixedRate(new Tick(), 1, 1, TimeUnit.HOURS);
        SHUT_DOWN = Executors.newSingleThreadExecutor();
        SHUT_DOWN.submit(() -> { });
        SHUT_DOWN.shutdown();
        SHUT_DOWN.awaitTermination(10, TimeUnit.SECONDS);
        TIMER = new Timer("shape-timer", true);
        TIMER.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, 3_600_000, 3_600_000);

        HASH = new HashMap<>(Map.of("a", "1", "b", "2", "c", "3"));
        LINKED_HASH = new LinkedHashMap<>();
        LINKED_HASH.put("x", "10");
        LINKED_HASH.put("y", "20");
        CONCURRENT = new ConcurrentHashMap<>(Map.of("p", "1", "q", "2", "r", "3", "s", "4"));
        ARRAY = new ArrayList<>(20);
        ARRAY.addAll(List.of("e0", "e1", "e2", "e3", "e4"));
        VECTOR = new Vector<>(List.of("v0", "v1", "v2"));
        LIST_OF = List.of("l0", "l1", "l2", "l3");
        AS_LIST = Arrays.asList("a0", "a1", "a2");
        LINKED = new LinkedList<>(List.of("k0", "k1", "k2", "k3"));
        SUB = ARRAY.subList(1, 3);
        PRIORITY = new PriorityQueue<>(List.of(5, 3, 8, 1, 9, 2));

        ByteBuffer big = ByteBuffer.allocate(4096);
        SLICE = big.position(SLICE_START).limit(SLICE_START + SLICE_LENGTH).slice();
        INTS = SLICE.position(256).slice().asIntBuffer();
        WRAPPED = CharBuffer.wrap(TEXT, 2, 5).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(DIRECT_CAPACITY);
        DIRECT_SLICE = direct.position(100).limit(1100).slice();
        direct = null;

        for (Thread t : new Thread[] {waiter, timed, sleeper, parked}) {
            Scenario.awaitBlocked(t);
        }
        Thread.sleep(200); // let the pool workers go idle in take()
        Scenario.dumpLive(args[0]);
    }

    /** A periodic task with a class of its own, so the reader can name it. */
    static final class Tick implements Runnable {
        @Override
        public void run() {
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
