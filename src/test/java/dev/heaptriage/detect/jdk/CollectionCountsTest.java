package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.scenarios.CollectionCounts;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Collections#elementCount} and the queue and node readers on real dumps of {@link CollectionCounts}. */
class CollectionCountsTest {
    private static final String COUNTS = CollectionCounts.class.getName();

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
            return CollectionCounts.class;
        }

        HeapObject field(String name) {
            return staticOf(COUNTS, name);
        }

        @Test
        void everyLayoutCountsItsElements() {
            for (String f : List.of("LINKED_BLOCKING", "BOUNDED_LINKED_BLOCKING", "ARRAY_BLOCKING", "CONCURRENT_LINKED",
                    "DEQUE", "SKIP_LIST", "TREE", "CONCURRENT", "COPY_ON_WRITE")) {
                assertEquals(CollectionCounts.ELEMENTS, Collections.elementCount(heap, field(f)), f);
            }
            assertEquals(-1, Collections.elementCount(heap, field("TREE").ref("root").ref("value")), "an Integer");
        }

        @Test
        void queuesAndTheirBounds() {
            for (String f : List.of("LINKED_BLOCKING", "BOUNDED_LINKED_BLOCKING", "ARRAY_BLOCKING", "CONCURRENT_LINKED",
                    "DEQUE")) {
                assertTrue(Collections.isQueue(field(f).heapClass()), f);
                assertTrue(Collections.isCollection(field(f).heapClass()), f);
            }
            assertTrue(Collections.isUnboundedQueue(field("LINKED_BLOCKING")));
            assertTrue(Collections.isUnboundedQueue(field("CONCURRENT_LINKED")));
            assertFalse(Collections.isUnboundedQueue(field("BOUNDED_LINKED_BLOCKING")));
            assertFalse(Collections.isUnboundedQueue(field("ARRAY_BLOCKING")));
            assertFalse(Collections.isQueue(field("TREE").heapClass()));
            assertTrue(Collections.isCollection(field("COPY_ON_WRITE").heapClass()));
            assertTrue(Collections.isCollection(field("SKIP_LIST").heapClass()));
        }

        @Test
        void nodesAreStructureAndCollectionsAreNot() {
            HeapObject root = field("TREE").ref("root");
            assertTrue(Collections.isInternalNode(root.heapClass()), root.className());
            HeapObject head = field("LINKED_BLOCKING").ref("head");
            assertTrue(Collections.isInternalNode(head.heapClass()), head.className());
            assertFalse(Collections.isInternalNode(field("TREE").heapClass()));
            assertFalse(Collections.isInternalNode(root.ref("value").heapClass()));
        }
    }
}
