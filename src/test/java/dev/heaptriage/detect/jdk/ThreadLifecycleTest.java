package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.scenarios.ThreadsReachableButDead;
import dev.heaptriage.scenarios.ThreadsVirtualDead;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The thread-lifecycle readers of {@link Threads}, {@link Executors} and {@link Collections} that
 * {@code parked-threads} uses to judge owners, on real dumps of {@link ThreadsReachableButDead} (JDK 17 and 25) and
 * {@link ThreadsVirtualDead} (JDK 25): terminated threads, shutdown hooks, what a thread runs, pending periodic tasks.
 */
class ThreadLifecycleTest {
    private static final String DEAD = ThreadsReachableButDead.class.getName();

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
            return ThreadsReachableButDead.class;
        }

        HeapThread thread(String prefix) {
            return heap.threads().stream().filter(t -> t.name().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread " + prefix));
        }

        @Test
        void terminatedThreadsAreTheEndedProducers() {
            TreeSet<String> names = new TreeSet<>();
            for (int id : Threads.terminatedThreads(heap)) {
                names.add(heap.object(id).stringValue("name").contents());
            }
            assertTrue(names.containsAll(List.of("producer-0", "producer-1")), names.toString());
            assertFalse(Threads.isTerminated(heap.object(thread("queue-consumer-").objectId())));
            for (int id : Threads.terminatedThreads(heap)) {
                assertTrue(heap.threads().stream().noneMatch(t -> t.objectId() == id), "a live thread is not dead");
            }
        }

        @Test
        void shutdownHooksAreTheRegisteredThreads() {
            int[] hooks = Threads.shutdownHooks(heap);
            assertEquals(1, hooks.length, Arrays.toString(hooks));
            HeapObject hook = heap.object(hooks[0]);
            assertTrue(hook.heapClass().isSubclassOf(Threads.THREAD));
            HeapObject task = Threads.runnable(hook);
            assertNotNull(task, "the hook's lambda");
            assertTrue(task.className().startsWith(DEAD + "$$Lambda"), task.className());
            HeapObject map = heap.classes(Threads.SHUTDOWN_HOOKS).get(0).staticRef("hooks");
            assertEquals(List.of(hooks[0]), Collections.identityMapKeys(heap, map).stream().map(HeapObject::id).toList());
        }

        @Test
        void runnableOfASubclassAndOfALambda() {
            assertNull(Threads.runnable(heap.object(thread("poller-").objectId())), "a Thread subclass runs itself");
            HeapObject consumer = Threads.runnable(heap.object(thread("queue-consumer-").objectId()));
            assertTrue(consumer.className().startsWith(DEAD + "$$Lambda"), consumer.className());
        }

        @Test
        void pendingPeriodicTasksOfTheSharedScheduler() {
            HeapObject pool = staticOf(DEAD, "SCHEDULER");
            HeapObject inner = Executors.isThreadPool(pool) ? pool : pool.ref("e");
            assertNotNull(Executors.scheduledQueueArray(inner));
            List<HeapObject> tasks = Executors.scheduledTasks(heap, inner);
            assertEquals(ThreadsReachableButDead.PERIODIC_TASKS, tasks.size());
            for (HeapObject t : tasks) {
                assertTrue(Executors.isPendingPeriodic(t));
                assertEquals(3_600_000_000_000L, Executors.periodNanos(t));
                assertEquals(DEAD + "$Refresh", Executors.applicationTask(t).className());
                assertEquals(2, Executors.taskAdapters(t).size(), "ScheduledFutureTask, RunnableAdapter");
            }
        }

        @Test
        void threadGroupsAreRegistriesAndAppListsAreNot() {
            for (HeapClass c : heap.classesAssignableTo("java.lang.ThreadGroup")) {
                for (int id : c.instanceIds()) {
                    assertTrue(Threads.isThreadRegistry(heap, id));
                }
            }
            HeapObject finished = staticOf(DEAD, "FINISHED");
            assertFalse(Threads.isThreadRegistry(heap, finished.ref("elementData").id()),
                    "an application list of threads can interrupt them");
        }
    }

    @Nested
    class VirtualOnJdk25 extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return ThreadsVirtualDead.class;
        }

        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }

        @Test
        void aVirtualThreadRunsWhatItsContinuationRuns() {
            HeapThread ticker = heap.threads().stream().filter(t -> t.name().is("vticker-7")).findFirst()
                    .orElseThrow();
            assertTrue(ticker.virtual());
            assertEquals(ThreadsVirtualDead.class.getName() + "$Ticker",
                    Threads.runnable(heap.object(ticker.objectId())).className());
        }

        @Test
        void terminatedVirtualProducers() {
            long dead = Arrays.stream(Threads.terminatedThreads(heap))
                    .mapToObj(id -> heap.object(id).stringValue("name")).map(n -> n == null ? null : n.contents()).filter(n -> n != null && n.startsWith("vproducer-"))
                    .count();
            assertEquals(ThreadsVirtualDead.PRODUCERS, dead);
        }
    }
}
