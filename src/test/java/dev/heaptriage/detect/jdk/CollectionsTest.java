package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.scenarios.JdkShapes;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Collections} on real dumps of {@link JdkShapes} made by JDK 17 and 25. */
class CollectionsTest {
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

        Map<String, String> entries(String field) {
            Map<String, String> out = new TreeMap<>();
            for (Collections.Entry e : Collections.mapEntries(heap, staticOf(SHAPES, field))) {
                out.put(e.key().asString().contents(), e.value().asString().contents());
            }
            return out;
        }

        List<String> strings(int[] ids) {
            return Arrays.stream(ids).mapToObj(id -> heap.object(id).asString().contents()).toList();
        }

        @Test
        void hashMapsOfEveryKind() {
            assertEquals(Map.of("a", "1", "b", "2", "c", "3"), entries("HASH"));
            assertEquals(Map.of("x", "10", "y", "20"), entries("LINKED_HASH"));
            assertEquals(Map.of("p", "1", "q", "2", "r", "3", "s", "4"), entries("CONCURRENT"));
            assertEquals(4, Collections.size(staticOf(SHAPES, "CONCURRENT")));
            assertEquals(3, Collections.size(staticOf(SHAPES, "HASH")));
            assertEquals(2, Collections.mapValues(heap, staticOf(SHAPES, "LINKED_HASH")).size());
        }

        @Test
        void listsOfEveryKind() {
            HeapObject array = staticOf(SHAPES, "ARRAY");
            Collections.ListArray a = Collections.listArray(array);
            assertNotNull(a);
            assertEquals(5, a.size());
            assertEquals(20, a.array().length(), "capacity beyond size is not elements");
            assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), strings(Collections.listElements(array)));
            assertEquals(List.of("v0", "v1", "v2"), strings(Collections.listElements(staticOf(SHAPES, "VECTOR"))));
            assertEquals(List.of("l0", "l1", "l2", "l3"),
                    strings(Collections.listElements(staticOf(SHAPES, "LIST_OF"))));
            assertEquals(List.of("a0", "a1", "a2"), strings(Collections.listElements(staticOf(SHAPES, "AS_LIST"))));
            assertEquals(List.of("k0", "k1", "k2", "k3"),
                    strings(Collections.listElements(staticOf(SHAPES, "LINKED"))));
        }

        @Test
        void subListKnowsItsRoot() {
            HeapObject sub = staticOf(SHAPES, "SUB");
            assertTrue(Collections.isSubList(sub.heapClass()), sub.className());
            assertEquals(staticOf(SHAPES, "ARRAY").id(), Collections.subListRoot(sub).id());
            assertTrue(!Collections.isSubList(staticOf(SHAPES, "ARRAY").heapClass()));
        }

        @Test
        void priorityQueueElementsInUse() {
            int[] ids = Collections.heapQueueElements(staticOf(SHAPES, "PRIORITY"));
            assertEquals(6, ids.length);
            int sum = Arrays.stream(ids).map(id -> heap.object(id).intValue("value", 0)).sum();
            assertEquals(5 + 3 + 8 + 1 + 9 + 2, sum);
        }
    }
}
