package dev.heaptriage.detect.libs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.scenarios.LibraryCaches;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Guava} and {@link Caffeine} on real dumps of {@link LibraryCaches} made by JDK 17 and 25. */
class CacheLibrariesTest {
    private static final String CACHES = LibraryCaches.class.getName();

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
            return LibraryCaches.class;
        }

        HeapObject cache(String field) {
            return staticOf(CACHES, field);
        }

        @Test
        void caffeineCachesAreRecognisedCountedAndBoundsRead() {
            for (String f : new String[] {"UNBOUNDED", "SIZED", "EXPIRING"}) {
                HeapObject c = cache(f);
                assertTrue(Caffeine.isCache(c.heapClass()), f);
                assertFalse(Guava.isCache(c.heapClass()), f);
                assertEquals(LibraryCaches.ENTRIES, Caffeine.size(heap, c), f);
                assertEquals(-1, Guava.size(heap, c), f);
            }
            assertTrue(Caffeine.isUnbounded(cache("UNBOUNDED")));
            assertFalse(Caffeine.isUnbounded(cache("SIZED")));
            assertFalse(Caffeine.isUnbounded(cache("EXPIRING")));
        }

        @Test
        void guavaCachesAreRecognisedCountedOverSegmentsAndBoundsRead() {
            for (String f : new String[] {"UNBOUNDED_GUAVA", "SIZED_GUAVA", "EXPIRING_GUAVA"}) {
                HeapObject c = cache(f);
                assertTrue(Guava.isCache(c.heapClass()), f);
                assertFalse(Caffeine.isCache(c.heapClass()), f);
                assertEquals(LibraryCaches.ENTRIES, Guava.size(heap, c), f);
                assertEquals("com.google.common.cache.LocalCache", Guava.localCache(c).className());
            }
            assertTrue(Guava.isUnbounded(cache("UNBOUNDED_GUAVA")));
            assertFalse(Guava.isUnbounded(cache("SIZED_GUAVA")));
            assertFalse(Guava.isUnbounded(cache("EXPIRING_GUAVA")));
        }

        @Test
        void neitherReaderClaimsAJdkMap() {
            HeapObject chm = Caffeine.localCache(cache("UNBOUNDED")).ref("data");
            assertEquals("java.util.concurrent.ConcurrentHashMap", chm.className());
            assertFalse(Caffeine.isCache(chm.heapClass()));
            assertFalse(Guava.isCache(chm.heapClass()));
            assertNull(Guava.localCache(chm));
            assertNull(Caffeine.localCache(chm));
        }

        @Test
        void internalNodesAreStructure() {
            HeapObject segment = heap.object(Guava.localCache(cache("SIZED_GUAVA")).ref("segments").elementIds()[0]);
            assertTrue(Guava.isInternalNode(segment.heapClass()), segment.className());
            assertFalse(Guava.isInternalNode(cache("SIZED_GUAVA").heapClass()));
            HeapObject data = Caffeine.localCache(cache("SIZED")).ref("data");
            HeapObject node = dev.heaptriage.detect.jdk.Collections.mapValues(heap, data).get(0);
            assertTrue(Caffeine.isNode(node.heapClass()), node.className());
        }
    }
}
