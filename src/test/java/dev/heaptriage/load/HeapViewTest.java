package dev.heaptriage.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.GcRoot;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import dev.heaptriage.scenarios.KnownHeap;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.ScenarioDumps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The heap view on real dumps of {@link KnownHeap}, made by the running JDK (17) and by JDK 25: String, Thread and
 * AQS layouts differ between them. One nested class per JDK, because MAT's core allows one open dump at a time.
 */
class HeapViewTest {

    @Nested
    class RunningJdk extends Contract {
        @Override
        Path javaHome() {
            return Jdks.current();
        }
    }

    @Nested
    class Jdk25 extends Contract {
        @Override
        Path javaHome() {
            return Jdks.jdk25().orElse(null);
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {
        private LoadedDump open;
        HeapView heap;

        abstract Path javaHome();

        @BeforeAll
        void open() throws Exception {
            Assumptions.assumeTrue(javaHome() != null, "no JDK 25 under /usr/lib/jvm or $HEAPTRIAGE_JDK25");
            Path dump = ScenarioDumps.dump(KnownHeap.class, javaHome());
            Path index = Files.createTempDirectory(ScenarioDumps.runDir(), "index-");
            open = DumpLoader.open(DumpFile.check(dump), IndexDirectory.of(dump, index), s -> { });
            heap = open.heap();
        }

        @AfterAll
        void close() {
            if (open != null) {
                open.close();
            }
        }

        HeapClass knownHeap(HeapView heap) {
            return heap.classes("dev.heaptriage.scenarios.KnownHeap").get(0);
        }

        @Test
        void dominatorTreeLinksChildrenToTheirImmediateDominator() {
            HeapObject holder = knownHeap(heap).staticRef("HOLDER");
            HeapObject list = holder.ref("items");
            HeapObject array = list.ref("elementData");
            assertArrayEquals(new int[] {list.id()}, heap.dominatedBy(holder.id()), "the holder dominates its list");
            int[] arrays = heap.dominatedBy(array.id());
            assertEquals(KnownHeap.ARRAYS, arrays.length);
            for (int id : arrays) {
                assertEquals("byte[]", heap.classOf(id).name());
                assertEquals(array.id(), heap.immediateDominator(id));
            }
            int[] top = heap.topDominators();
            assertTrue(top.length > 100, "top level " + top.length);
            for (int i = 0; i < top.length; i++) {
                assertEquals(-1, heap.immediateDominator(top[i]), "only the root dominates " + top[i]);
            }
            assertEquals(0, heap.dominatedBy(arrays[0]).length, "a byte[] dominates nothing");
        }

        @Test
        void factsComeFromTheHeader() {
            var facts = heap.facts();
            assertEquals("JAVA PROFILE 1.0.2", facts.format());
            assertEquals(8, facts.identifierSize());
            assertTrue(Duration.between(facts.createdAt(), Instant.now()).abs().toHours() < 24, "createdAt " + facts.createdAt());
            assertTrue(facts.objects() > 1000 && facts.classes() > 300 && facts.gcRoots() > 10, facts.toString());
            assertTrue(facts.usedHeapBytes() > KnownHeap.ARRAYS * KnownHeap.ARRAY_BYTES, facts.toString());
        }

        @Test
        void stringsDecodeInBothCoders() {
            HeapClass k = knownHeap(heap);
            assertEquals(KnownHeap.LATIN_TEXT, k.staticRef("LATIN").asString().contents());
            assertEquals(KnownHeap.UNICODE_TEXT, k.staticRef("UNICODE").asString().contents());
            assertEquals(KnownHeap.UNICODE_TEXT, heap.string(k.staticRef("UNICODE").id()).contents());
        }

        @Test
        void retainedSizeOfHolderIsExactlyWhatWasAllocated() {
            // JDK 17 and 25 with default options: compressed oops and class pointers (12-byte headers, 4-byte
            // references, 16-byte array headers), inferred from the dump's addresses.
            var layout = heap.facts().objectLayout();
            assertEquals(List.of("hotspot", 12, 4, 16), List.of(layout.model(), layout.headerBytes(),
                    layout.referenceBytes(), layout.arrayHeaderBytes()), layout::toString);
            assertTrue(layout.gapsExplained() > LayoutInference.MIN_SHARE, "even with garbage in the dump: " + layout);
            HeapObject holder = knownHeap(heap).staticRef("HOLDER");
            HeapObject list = holder.ref("items");
            HeapObject elements = list.ref("elementData");
            assertEquals(16, holder.shallowBytes(), "header and one reference");
            assertEquals(24, list.shallowBytes(), "header, modCount, size and elementData");
            assertEquals(109, elements.length(), "ArrayList grew 10, 15, 22, 33, 49, 73, 109");
            assertEquals(16 + 109 * 4 + 4, elements.shallowBytes(), "16-byte header, 109 references, rounded to 8");
            long arrays = (long) KnownHeap.ARRAYS * (16 + KnownHeap.ARRAY_BYTES);
            assertEquals(16 + 24 + 456 + arrays, holder.retainedBytes());
            assertEquals("java.util.ArrayList", list.className());
            assertEquals(KnownHeap.ARRAYS, list.intValue("size", -1));
            assertEquals(heap.immediateDominator(list.id()), holder.id(), "the holder dominates its list");
        }

        /** Every object is in exactly one subtree under the dominator tree's root, so the subtrees add up. */
        @Test
        void retainedSizesOfTheDominatorTreeRootsAddUpToTheUsedHeap() {
            long sum = 0;
            for (int id = 0; id < heap.facts().objects(); id++) {
                if (heap.immediateDominator(id) == -1) {
                    sum += heap.retainedBytes(id);
                }
            }
            assertEquals(heap.facts().usedHeapBytes(), sum);
        }

        /** The per-class shallow totals the load sums are the objects' own sizes, and add up to the used heap. */
        @Test
        void shallowBytesByClassAreTheInstancesSizes() {
            Map<Integer, Long> byClass = heap.shallowBytesByClass();
            long total = 0;
            for (HeapClass c : heap.allClasses()) {
                assertEquals(shallow(c), byClass.getOrDefault(c.id(), 0L), c.name());
                total += byClass.getOrDefault(c.id(), 0L);
            }
            assertEquals(heap.facts().usedHeapBytes(), total);
        }

        /**
         * The histogram's retained column: the holder class retains its one instance's tree; byte[] dominate nothing,
         * so their class retains their shallow sizes; no class retains more than the heap; and a pass that keeps
         * frames only down to the holder's level of the dominator tree stays between the shallow sizes and the exact
         * figures.
         */
        @Test
        void retainedBytesByClassCountEachSubtreeOnceForItsClass() {
            Map<Integer, Long> exact = heap.retainedBytesByClass();
            HeapObject holder = knownHeap(heap).staticRef("HOLDER");
            assertEquals(holder.retainedBytes(), exact.get(heap.classOf(holder.id()).id()));
            HeapClass bytes = heap.classes("byte[]").get(0);
            assertEquals(shallow(bytes), exact.get(bytes.id()));
            HeapClass lists = heap.classes("java.util.ArrayList").get(0);
            assertTrue(exact.get(lists.id()) >= holder.ref("items").retainedBytes(), "the holder's list is one of them");
            exact.values().forEach(v -> assertTrue(v <= heap.facts().usedHeapBytes()));
            int depth = 1;
            for (int d = heap.immediateDominator(holder.id()); d != -1; d = heap.immediateDominator(d)) {
                depth++;
            }
            Map<Integer, Long> limited = ((MatHeapView) heap).retainedBytesByClass(depth);
            for (HeapClass c : heap.allClasses()) {
                long own = shallow(c);
                long capped = limited.getOrDefault(c.id(), 0L);
                long full = exact.getOrDefault(c.id(), 0L);
                assertTrue(own <= capped && capped <= full, c.name() + ": " + own + " <= " + capped + " <= " + full);
            }
            assertEquals(holder.shallowBytes(), limited.get(heap.classOf(holder.id()).id()),
                    "at the depth limit the holder counts only itself for its class");
        }

        /**
         * Retained sizes are summed over the whole dominator tree once, at load: each is its subtree's shallow sizes,
         * summed here independently from the dominated ids.
         */
        @Test
        void retainedSizesOfTheWholeTreePassAreTheSubtreesSums() {
            int[] top = heap.topDominators();
            int checked = 0;
            for (int i = 0; i < top.length && checked < 200; i += Math.max(1, top.length / 200)) {
                assertEquals(subtreeSum(top[i]), heap.retainedBytes(top[i]), heap.classOf(top[i]).name());
                checked++;
            }
            HeapObject list = knownHeap(heap).staticRef("HOLDER").ref("items");
            assertEquals(subtreeSum(list.id()), list.retainedBytes(), "a large inner subtree");
            assertTrue(checked >= 100, "checked " + checked);
        }

        private long subtreeSum(int root) {
            java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>(List.of(root));
            long sum = 0;
            while (!pending.isEmpty()) {
                int id = pending.pop();
                sum += heap.shallowBytes(id);
                for (int kid : heap.dominatedBy(id)) {
                    pending.push(kid);
                }
            }
            return sum;
        }

        private long shallow(HeapClass c) {
            long sum = 0;
            for (int id : c.instanceIds()) {
                sum += heap.shallowBytes(id);
            }
            return sum;
        }

        @Test
        void elementIdsOfARangeResolveOnlyThatRange() {
            HeapObject elementData = knownHeap(heap).staticRef("HOLDER").ref("items").ref("elementData");
            int[] all = elementData.elementIds();
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 40, 43), elementData.elementIds(40, 43));
            assertEquals(0, elementData.elementIds(all.length, all.length + 5).length, "clamped to the length");
            assertEquals(0, heap.object(all[0]).elementIds(0, 5).length, "a byte[] has no element ids");
        }

        @Test
        void pathToGcRootNamesEachReference() {
            HeapObject list = knownHeap(heap).staticRef("HOLDER").ref("items");
            HeapObject elementData = list.ref("elementData");
            int target = elementData.elementIds()[41];
            assertEquals(41, ((byte[]) heap.object(target).primitiveArray())[0], "the 42nd array");
            List<PathElement> path = heap.pathToGcRoot(target);
            List<String> shape = path.stream().map(p -> p.className() + " " + via(p.via())).toList().subList(0, 5);
            assertEquals(List.of("byte[] NONE", "java.lang.Object[] ARRAY_ELEMENT 41",
                    "java.util.ArrayList INSTANCE_FIELD elementData",
                    "dev.heaptriage.scenarios.KnownHeap$Holder INSTANCE_FIELD items",
                    "dev.heaptriage.scenarios.KnownHeap STATIC_FIELD HOLDER"), shape);
            // Application classes are held by their class loader, so the path goes on to a system class.
            assertEquals(List.of(GcRoot.of(GcRoot.Kind.SYSTEM_CLASS)), path.get(path.size() - 1).roots());
            assertTrue(heap.isLive(target));
        }

        @Test
        void threadsHaveStateStackAndLocals() {
            HeapThread sleeper = heap.threads().stream().filter(t -> t.name().is("known-sleeper")).findFirst()
                    .orElseThrow(() -> new AssertionError("no known-sleeper among " + heap.threads()));
            assertEquals(ThreadState.WAITING, sleeper.state());
            assertTrue(sleeper.daemon());
            assertFalse(sleeper.virtual());
            StackFrame run = sleeper.frames().stream()
                    .filter(f -> f.className().equals("dev.heaptriage.scenarios.KnownHeap$Sleeper"))
                    .findFirst().orElseThrow(() -> new AssertionError("frames " + sleeper.frames()));
            assertEquals("run", run.methodName());
            assertTrue(run.location().startsWith("KnownHeap.java:"), run.location());
            int local = -1;
            for (int id : run.localIds()) {
                HeapObject o = heap.object(id);
                if (o.className().equals("byte[]") && o.length() == 5000) {
                    local = id;
                }
            }
            assertTrue(local >= 0, "the frame's local byte[5000]");
            int sleeperId = sleeper.objectId();
            assertTrue(heap.roots(local).stream().anyMatch(r -> r.kind() == GcRoot.Kind.JAVA_LOCAL
                    && r.threadId() == sleeperId && r.threadName() != null && r.threadName().is("known-sleeper")
                    && r.frame() != null && r.frame().methodName().equals("run")), heap.roots(local).toString());
            assertTrue(heap.framesHolding(local).stream().anyMatch(f -> f.thread().objectId() == sleeperId
                    && f.frame().className().equals("dev.heaptriage.scenarios.KnownHeap$Sleeper")),
                    heap.framesHolding(local).toString());
            HeapThread main = heap.threads().stream().filter(t -> t.name().is("main")).findFirst().orElseThrow();
            assertEquals(ThreadState.RUNNABLE, main.state());
        }

        @Test
        void garbageIsDroppedButFinalizerHeldObjectsStay() {
            for (HeapClass c : heap.classes("dev.heaptriage.scenarios.KnownHeap$Garbage")) {
                assertEquals(0, c.instanceCount(), "plain garbage is dropped");
            }
            List<HeapClass> fin = heap.classes("dev.heaptriage.scenarios.KnownHeap$Finalizable");
            assertEquals(1, fin.size());
            int[] ids = fin.get(0).instanceIds();
            assertEquals(1, ids.length, "an object that only its Finalizer holds stays in the view");
            assertFalse(heap.isLive(ids[0]));
            assertEquals("finalizable-marker", heap.object(ids[0]).ref("marker").asString().contents());
            HeapObject marker = heap.object(ids[0]).ref("marker");
            assertTrue(heap.isLive(marker.id()) == heap.referrers(marker.id()).length > 1,
                    "the marker is live only if something besides the dead object holds it");
            List<PathElement> path = heap.pathToGcRoot(ids[0]);
            assertEquals(dev.heaptriage.heap.Ref.field("referent"), path.get(1).via());
            assertEquals("java.lang.ref.Finalizer", path.get(1).className());
            for (int root : heap.gcRoots()) {
                assertFalse(heap.roots(root).isEmpty(), "a real root has a kind");
            }
        }

        private static String via(dev.heaptriage.heap.Ref r) {
            return r.kind() + (r.name() != null ? " " + r.name() : r.index() >= 0 ? " " + r.index() : "");
        }
    }
}
