package dev.heaptriage.detect.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.libs.ClientResource.State;
import dev.heaptriage.scenarios.FdHttpClients;
import dev.heaptriage.scenarios.FdHttpClientsDoneRight;
import dev.heaptriage.scenarios.IdleLibraries;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The library readers ({@link OkHttp}, {@link ApacheHttpClient}, {@link JdkHttpClient}, {@link NettyEventLoops}) on real
 * dumps made by JDK 17 and 25 with the pinned library versions: leased-and-dropped, leased-and-held and idle
 * connections, per-request and shared {@code java.net.http} clients, Netty loops' selectors.
 */
class HttpClientPoolsTest {
    static Map<State, Integer> states(List<ClientResource> rs) {
        Map<State, Integer> out = new TreeMap<>();
        for (ClientResource r : rs) {
            out.merge(r.state(), 1, Integer::sum);
        }
        return out;
    }

    abstract static class Leaky extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return FdHttpClients.class;
        }

        @Test
        void okHttpLeasesOfDroppedAndHeldResponses() {
            Map<State, Integer> s = states(OkHttp.pooledConnections(heap));
            assertEquals(FdHttpClients.OKHTTP_LEAKED, s.get(State.LEAKED), s.toString());
            assertEquals(FdHttpClients.OKHTTP_HELD, s.get(State.IN_USE), s.toString());
            for (ClientResource r : OkHttp.pooledConnections(heap)) {
                assertTrue(r.resource().heapClass().isSubclassOf("java.net.Socket"), r.toString());
                assertEquals("okhttp3.internal.connection.RealConnectionPool", r.client().className());
            }
        }

        @Test
        void apacheLeasesOfDroppedResponses() {
            Map<State, Integer> s = states(ApacheHttpClient.pooledConnections(heap));
            assertEquals(Map.of(State.LEAKED, FdHttpClients.APACHE_LEAKED), s);
        }

        @Test
        void perRequestJdkClientsAreDropped() {
            Map<State, Integer> s = states(JdkHttpClient.resources(heap));
            assertEquals(Map.of(State.CLIENT_DROPPED, 2 * FdHttpClients.PER_REQUEST), s, "a selector and a connection each");
        }
    }

    abstract static class DoneRight extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return FdHttpClientsDoneRight.class;
        }

        @Test
        void closedResponsesLeaveIdleConnectionsOnly() {
            assertEquals(List.of(State.IDLE), List.copyOf(states(OkHttp.pooledConnections(heap)).keySet()));
            assertEquals(List.of(State.IDLE), List.copyOf(states(ApacheHttpClient.pooledConnections(heap)).keySet()));
            // One shared client: its selector and its one pooled connection.
            assertEquals(Map.of(State.IDLE, 2), states(JdkHttpClient.resources(heap)));
        }
    }

    abstract static class Idle extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return IdleLibraries.class;
        }

        @Test
        void idlePoolsAndRunningLoops() {
            Map<State, Integer> ok = states(OkHttp.pooledConnections(heap));
            assertEquals(List.of(State.IDLE), List.copyOf(ok.keySet()), ok.toString());
            assertTrue(ok.get(State.IDLE) >= 1 && ok.get(State.IDLE) <= 5, "OkHttp keeps up to 5 idle: " + ok);
            assertEquals(List.of(State.IDLE), List.copyOf(states(ApacheHttpClient.pooledConnections(heap)).keySet()));
            // Four loops (boss, two workers, the client's), each with its selector, all idle.
            List<ClientResource> loops = NettyEventLoops.selectorsOfRunningLoops(heap).stream()
                    .filter(r -> r.resource().heapClass().isSubclassOf("java.nio.channels.spi.AbstractSelector"))
                    .toList();
            assertEquals(4, loops.size(), loops.toString());
        }
    }

    @Nested
    class LeakyOnRunningJdk extends Leaky {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class LeakyOnJdk25 extends Leaky {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @Nested
    class DoneRightOnRunningJdk extends DoneRight {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class DoneRightOnJdk25 extends DoneRight {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @Nested
    class IdleOnRunningJdk extends Idle {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class IdleOnJdk25 extends Idle {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }
}
