package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.scenarios.JdkShapes;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Threads}, {@link Executors}, {@link Timers} and {@link Synchronizers} on real dumps of {@link JdkShapes}:
 * JDK 17 and 25 differ in {@code Object.wait} frames (25: a Java {@code wait(long)} frame over native {@code wait0},
 * holding {@code Thread.currentThread()} too), in {@code Thread.holder} and in the pools' fields.
 */
class ThreadsTest {
    private static final String SHAPES = JdkShapes.class.getName();

    @Nested
    class OnRunningJdk extends Contract {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class OnJdk25 extends Contract {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    abstract static class Contract extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return JdkShapes.class;
        }

        HeapThread thread(String name) {
            return heap.threads().stream().filter(t -> t.name().is(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread " + name));
        }

        List<HeapThread> threads(String name) {
            return heap.threads().stream().filter(t -> t.name().is(name)).toList();
        }

        @Test
        void objectWaitMonitorIsTheObjectWaitedOn() {
            int monitor = staticOf(SHAPES, "MONITOR").id();
            HeapThread waiter = thread("shape-waiter");
            assertTrue(waiter.frames().stream().anyMatch(Threads::isObjectWait), waiter.frames().toString());
            assertEquals(monitor, Threads.waitMonitor(heap, waiter));
            assertTrue(Threads.blockedOn(heap, waiter).startsWith("waiting on the monitor of java.lang.Object @0x"));
            // The timed form keeps the waiting thread in a local on 21+; it is never taken for the monitor.
            HeapThread timed = thread("shape-timed-waiter");
            int[] candidates = Threads.monitorCandidates(heap, timed);
            assertTrue(candidates.length >= 1, "candidates of the timed wait");
            assertEquals(staticOf(SHAPES, "TIMED_MONITOR").id(), candidates[0]);
            for (int c : candidates) {
                assertFalse(c == timed.objectId(), "the waiting thread itself is no monitor");
            }
        }

        @Test
        void notWaitingThreadsHaveNoMonitor() {
            assertEquals(-1, Threads.waitMonitor(heap, thread("shape-sleeper")));
            assertEquals(-1, Threads.waitMonitor(heap, thread("shape-parked")));
            assertArrayEquals(new int[0], Threads.monitorCandidates(heap, thread("shape-sleeper")));
        }

        @Test
        void sleepAndParkBlocker() {
            assertTrue(Threads.isSleeping(thread("shape-sleeper").frames()));
            assertFalse(Threads.isSleeping(thread("shape-waiter").frames()));
            HeapObject blocker = Threads.parkBlocker(heap.object(thread("shape-parked").objectId()));
            assertNotNull(blocker);
            assertEquals("java.util.concurrent.CountDownLatch$Sync", blocker.className());
            assertNull(Threads.parkBlocker(heap.object(thread("shape-sleeper").objectId())));
            int[] chain = Synchronizers.blockerChain(heap, blocker);
            assertEquals(staticOf(SHAPES, "LATCH").id(), chain[chain.length - 1], "the chain climbs to the latch");
        }

        @Test
        void poolWorkersKnowTheirPool() {
            HeapObject pool = staticOf(SHAPES, "POOL");
            // newFixedThreadPool returns the ThreadPoolExecutor itself.
            assertTrue(Executors.isThreadPool(pool), pool.className());
            List<HeapThread> workers = threads("shape-pool-worker");
            assertEquals(2, workers.size());
            for (HeapThread w : workers) {
                HeapObject of = Threads.poolOf(heap.object(w.objectId()));
                assertNotNull(of, w.name().contents());
                assertEquals(pool.id(), of.id());
                assertNotNull(Threads.task(heap.object(w.objectId())), "a worker runs its Worker");
            }
            assertTrue(Executors.isRunning(pool));
            assertTrue(Executors.idleWorkerStays(pool, false, 1), "core workers in take() stay");
            assertFalse(Executors.idleWorkerStays(pool, true, 1), "a timed wait in a plain pool is a keep-alive");
            assertNull(Threads.poolOf(heap.object(thread("shape-sleeper").objectId())));
        }

        @Test
        void scheduledPoolAndItsTasks() {
            HeapObject scheduled = staticOf(SHAPES, "SCHEDULED");
            HeapObject pool = scheduled.hasField("e") ? scheduled.ref("e") : scheduled;
            assertTrue(Executors.isScheduledPool(pool), pool.className());
            List<HeapObject> tasks = Executors.scheduledTasks(heap, pool);
            assertEquals(1, tasks.size());
            HeapObject inner = Executors.applicationTask(tasks.get(0));
            assertNotNull(inner);
            assertEquals(SHAPES + "$Tick", inner.className());
        }

        @Test
        void shutDownPoolIsNotRunning() {
            HeapObject wrapper = staticOf(SHAPES, "SHUT_DOWN");
            HeapObject pool = wrapper.ref("e");
            assertNotNull(pool, "newSingleThreadExecutor wraps its pool in field e");
            assertFalse(Executors.isRunning(pool));
        }

        @Test
        void timerThreadQueueAndPeriodicTask() {
            HeapThread timerThread = thread("shape-timer");
            HeapObject t = heap.object(timerThread.objectId());
            assertTrue(Timers.isTimerThread(t.heapClass()));
            HeapObject queue = Timers.queue(t);
            assertEquals(1, Timers.periodicTasks(heap, queue).size());
            int timer = staticOf(SHAPES, "TIMER").id();
            assertEquals(List.of(timer), Timers.timersByThread(heap).get(timerThread.objectId()));
        }
    }
}
