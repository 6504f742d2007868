package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.jdk.Descriptors.Claim;
import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.scenarios.FdSockets;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Descriptors} on real dumps of {@link FdSockets} made by JDK 17 and 25: a Socket and its impl claim one
 * descriptor, a closed socket keeps its fd number but says closed, and a peer reads as {@code 127.0.0.1:port}.
 */
class DescriptorsTest {

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
            return FdSockets.class;
        }

        /** Descriptor keys whose every claim of {@code kind} says open (a claim that says closed closes the key). */
        Set<Long> openKeys(List<Claim> claims, Kind kind) {
            Set<Long> open = new HashSet<>();
            Set<Long> closed = new HashSet<>();
            for (Claim c : claims) {
                (c.open() ? open : closed).add(c.key());
            }
            Set<Long> out = new HashSet<>();
            for (Claim c : claims) {
                if (c.kind() == kind && !closed.contains(c.key())) {
                    out.add(c.key());
                }
            }
            return out;
        }

        @Test
        void socketsAndTheirImplsShareOneDescriptor() {
            List<Claim> claims = Descriptors.claims(heap);
            int clientsAndAccepted = 2 * (FdSockets.SOCKETS + FdSockets.CLOSED);
            long sockets = claims.stream().filter(c -> c.kind() == Kind.SOCKET).count();
            assertEquals(clientsAndAccepted, sockets, "every Socket, open or closed, claims its descriptor");
            Set<Long> socketKeys = new HashSet<>();
            Set<Long> implKeys = new HashSet<>();
            for (Claim c : claims) {
                if (c.kind() == Kind.SOCKET) {
                    socketKeys.add(c.key());
                } else if (c.kind() == Kind.SOCKET_IMPL) {
                    implKeys.add(c.key());
                }
            }
            assertTrue(implKeys.containsAll(socketKeys), "a Socket's key is its impl's");
            assertEquals(2 * FdSockets.SOCKETS, openKeys(claims, Kind.SOCKET).size(), "closed ones say so");
        }

        @Test
        void channelsAndServersAndPeers() {
            List<Claim> claims = Descriptors.claims(heap);
            assertEquals(2 * FdSockets.CHANNELS, openKeys(claims, Kind.SOCKET_CHANNEL).size());
            assertEquals(1, openKeys(claims, Kind.SERVER_SOCKET_CHANNEL).size());
            assertEquals(1, openKeys(claims, Kind.SERVER_SOCKET).size());
            for (Claim c : claims) {
                if (c.kind() == Kind.SOCKET && c.open()) {
                    assertTrue(c.target() != null && c.target().startsWith("127.0.0.1:"), c.toString());
                    assertTrue(c.fd() >= 0, c.toString());
                }
                if (c.kind() == Kind.SERVER_SOCKET) {
                    assertTrue(c.target().startsWith("listening on port "), c.toString());
                }
            }
        }

        @Test
        void housekeepingHoldsNoApplicationSocket() {
            Set<Long> housekeeping = Descriptors.housekeeping(heap);
            for (Claim c : Descriptors.claims(heap)) {
                if (c.kind() == Kind.SOCKET) {
                    assertTrue(!housekeeping.contains(c.key()), c.toString());
                }
            }
        }
    }
}
