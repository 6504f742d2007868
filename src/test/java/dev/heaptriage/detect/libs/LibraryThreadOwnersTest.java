package dev.heaptriage.detect.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.scenarios.ThreadsLeakedLibraries;
import dev.heaptriage.scenarios.ThreadsLibrariesStopped;
import dev.heaptriage.scenarios.ThreadsReachableAndLive;
import dev.heaptriage.scenarios.ThreadsReachableButDead;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link NettyEventLoops}, {@link GuavaServices} and {@link ObjectPools} on real dumps with Netty 4.2, Guava and
 * Commons Pool 2 (JDK 17 and 25): which thread each event loop and wheel timer runs on, their groups and run states,
 * Netty's executor registries, Guava services, and a pool's leases.
 */
class LibraryThreadOwnersTest {
    private static final String LEAKED = ThreadsLeakedLibraries.class.getName();

    abstract static class Leaked extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return ThreadsLeakedLibraries.class;
        }

        @Test
        void eventLoopsByThreadWithTheirGroups() {
            Map<Integer, HeapObject> loops = NettyEventLoops.executorsByThread(heap);
            assertEquals(ThreadsLeakedLibraries.NETTY_CLIENTS + 1, loops.size(), "the clients' loops and the server's");
            for (Map.Entry<Integer, HeapObject> e : loops.entrySet()) {
                assertTrue(heap.thread(e.getKey()).isPresent(), "a running thread");
                assertEquals("io.netty.channel.MultiThreadIoEventLoopGroup",
                        NettyEventLoops.group(e.getValue()).className());
                assertFalse(NettyEventLoops.isShuttingDown(heap, e.getValue()));
            }
            assertEquals(2, NettyEventLoops.executorRegistries(heap).length,
                    "DefaultAddressResolverGroup's resolvers and termination listeners");
        }

        @Test
        void wheelTimersByThread() {
            Map<Integer, HeapObject> timers = NettyEventLoops.wheelTimersByThread(heap);
            assertEquals(ThreadsLeakedLibraries.WHEEL_TIMERS, timers.size());
            for (HeapObject t : timers.values()) {
                assertFalse(NettyEventLoops.isStopped(t));
                assertEquals(1, NettyEventLoops.pendingTimeouts(t));
            }
        }

        @Test
        void guavaServices() {
            HeapClass service = heap.classes(LEAKED + "$Heartbeat").get(0);
            assertTrue(GuavaServices.isService(service));
            assertFalse(GuavaServices.isService(heap.classes(LEAKED + "$PerRequestClient").get(0)));
        }
    }

    @Nested
    class LeakedOnRunningJdk extends Leaked {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class LeakedOnJdk25 extends Leaked {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @Nested
    class StoppedOnRunningJdk extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return ThreadsLibrariesStopped.class;
        }

        @Override
        protected Path javaHome() {
            return Jdks.current();
        }

        @Test
        void stoppedTimersAndShutDownLoops() {
            long stopped = NettyEventLoops.wheelTimersByThread(heap).values().stream()
                    .filter(NettyEventLoops::isStopped).count();
            assertEquals(ThreadsLeakedLibraries.WHEEL_TIMERS, stopped, "the shared timer still runs");
            assertEquals(ThreadsLeakedLibraries.WHEEL_TIMERS + 1, NettyEventLoops.wheelTimersByThread(heap).size());
            long shutDown = heap.instancesOf(NettyEventLoops.EVENT_EXECUTOR, true).stream()
                    .filter(e -> NettyEventLoops.isShuttingDown(heap, e)).count();
            assertEquals(ThreadsLeakedLibraries.NETTY_CLIENTS, shutDown, "the clients still in use and the server run");
            for (HeapObject running : NettyEventLoops.executorsByThread(heap).values()) {
                assertFalse(NettyEventLoops.isShuttingDown(heap, running), "a loop with a thread runs");
            }
        }
    }

    abstract static class Pools extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return ThreadsReachableButDead.class;
        }

        @Test
        void leasesOfAnExhaustedPool() {
            List<ObjectPools.Leases> pools = ObjectPools.pools(heap);
            assertEquals(1, pools.size());
            ObjectPools.Leases p = pools.get(0);
            assertEquals(ThreadsReachableButDead.POOL_SIZE, p.maxTotal());
            assertEquals(ThreadsReachableButDead.POOL_SIZE, p.leased().size());
            assertEquals(2 * ThreadsReachableButDead.POOL_SIZE, p.bookkeeping().size(), "wrapper and identity key");
            assertTrue(p.waitStructures().size() >= 3, "deque, lock, condition");
            assertFalse(p.closed());
            for (HeapObject lease : p.leased()) {
                assertEquals("java.lang.StringBuilder", lease.className());
            }
        }
    }

    @Nested
    class PoolsOnRunningJdk extends Pools {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class PoolsOnJdk25 extends Pools {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @Nested
    class ReturnedLeases extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return ThreadsReachableAndLive.class;
        }

        @Override
        protected Path javaHome() {
            return Jdks.current();
        }

        @Test
        void heldAndReturnedLeases() {
            HeapObject held = staticOf(ThreadsReachableAndLive.class.getName(), "POOL");
            HeapObject returned = staticOf(ThreadsReachableAndLive.class.getName(), "RETURNED_POOL");
            for (ObjectPools.Leases p : ObjectPools.pools(heap)) {
                if (p.pool().id() == held.id()) {
                    assertEquals(ThreadsReachableButDead.POOL_SIZE, p.leased().size());
                } else {
                    assertEquals(returned.id(), p.pool().id());
                    assertEquals(0, p.leased().size());
                }
            }
        }
    }
}
