package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.detect.jdk.Descriptors.Kind;
import dev.heaptriage.scenarios.FdDroppedStreams;
import dev.heaptriage.scenarios.FdDroppedStreamsDoneRight;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Cleanables} and the NIO claims of {@link Descriptors} on real dumps of {@link FdDroppedStreams} (and its near
 * miss) made by JDK 17 and 25, whose cleaner lists differ: one pending cleanable per dropped stream, channel or zip
 * file, none for closed ones; open and closed selectors, directory streams and asynchronous channels.
 */
class CleanablesTest {
    abstract static class Dropped extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return FdDroppedStreams.class;
        }

        @Test
        void onePendingCleanablePerDroppedOwner() {
            Map<Kind, Integer> byKind = new TreeMap<>();
            Set<Long> keys = new HashSet<>();
            for (Cleanables.Pending p : Cleanables.pending(heap)) {
                byKind.merge(p.kind(), 1, Integer::sum);
                assertTrue(keys.add(p.key()), "one claim per descriptor: " + p);
                assertTrue(p.fd() > 2, p.toString());
                if (p.kind() == Kind.CLEANABLE_ZIP) {
                    assertTrue(p.target() != null && p.target().contents().matches(".*/archive-\\d+\\.zip"), p.toString());
                }
            }
            assertEquals(Map.of(Kind.CLEANABLE_FILE, FdDroppedStreams.FILE_STREAMS,
                    Kind.CLEANABLE_FILE_CHANNEL, FdDroppedStreams.CHANNELS + FdDroppedStreams.HELPER_ITERATORS,
                    Kind.CLEANABLE_ZIP, FdDroppedStreams.ZIP_FILES), byKind);
        }

        @Test
        void nioResourcesAreClaimedOpen() {
            Map<Kind, Integer> open = new TreeMap<>();
            for (Descriptors.Claim c : Descriptors.claims(heap)) {
                if (c.open() && List.of(Kind.DIRECTORY_STREAM, Kind.ASYNC_SOCKET_CHANNEL).contains(c.kind())) {
                    open.merge(c.kind(), 1, Integer::sum);
                }
            }
            assertEquals(Map.of(Kind.DIRECTORY_STREAM, FdDroppedStreams.DIRECTORY_STREAMS
                    + FdDroppedStreams.DIRECTORY_LISTS, Kind.ASYNC_SOCKET_CHANNEL, FdDroppedStreams.ASYNC_COUNT), open);
        }
    }

    abstract static class Closed extends OpenHeap {
        @Override
        protected Class<?> scenario() {
            return FdDroppedStreamsDoneRight.class;
        }

        @Test
        void closedOwnersLeaveNoPendingCleanable() {
            assertEquals(List.of(), Cleanables.pending(heap));
            for (Descriptors.Claim c : Descriptors.claims(heap)) {
                if (List.of(Kind.DIRECTORY_STREAM, Kind.ASYNC_SOCKET_CHANNEL).contains(c.kind())) {
                    assertTrue(!c.open(), c.toString());
                }
            }
        }
    }

    @Nested
    class DroppedOnRunningJdk extends Dropped {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class DroppedOnJdk25 extends Dropped {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @Nested
    class ClosedOnRunningJdk extends Closed {
        @Override
        protected Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class ClosedOnJdk25 extends Closed {
        @Override
        protected Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }
}
