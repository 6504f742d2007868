package dev.heaptriage.detect.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.scenarios.JdkShapes;
import dev.heaptriage.testing.Jdks;
import dev.heaptriage.testing.OpenHeap;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Buffers} on real dumps of {@link JdkShapes} made by JDK 17 and 25: the windows are read from offset and
 * capacity, or from address differences (asIntBuffer on 11+), and must come out in bytes of the backing store.
 */
class BuffersTest {
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

        @Test
        void heapSliceWindow() {
            HeapObject slice = staticOf(SHAPES, "SLICE");
            assertTrue(Buffers.isHeapBuffer(slice.heapClass()), slice.className());
            assertFalse(Buffers.isDirectBuffer(slice.heapClass()));
            assertArrayEquals(new long[] {JdkShapes.SLICE_START, JdkShapes.SLICE_START + JdkShapes.SLICE_LENGTH},
                    Buffers.heapBufferWindow(slice, 1));
            assertEquals(4096, slice.ref("hb").length());
        }

        @Test
        void asIntBufferViewStartsWhereItsByteBufferWas() {
            HeapObject ints = staticOf(SHAPES, "INTS");
            assertTrue(Buffers.isByteBufferAsView(ints.heapClass()), ints.className());
            HeapObject bb = ints.ref("bb");
            long[] bbWindow = Buffers.heapBufferWindow(bb, 1);
            assertEquals(JdkShapes.SLICE_START + 256, bbWindow[0], "the slice of the slice starts at byte 1280");
            assertEquals(bbWindow[0], Buffers.asViewStart(ints, bb, bbWindow[0]));
            assertEquals(256, Buffers.capacityBytes(ints), "64 ints");
            assertEquals(4, Buffers.bufferElementBytes(ints.className()));
        }

        @Test
        void wrappedStringWindow() {
            HeapObject wrapped = staticOf(SHAPES, "WRAPPED");
            assertTrue(Buffers.isStringCharBuffer(wrapped.heapClass()));
            HeapObject str = wrapped.ref("str");
            assertEquals(JdkShapes.TEXT, str.asString().contents());
            int elementBytes = Buffers.elementBytes(str.ref("value").className());
            long[] w = Buffers.stringCharBufferWindow(wrapped, str, 0, elementBytes);
            long perChar = elementBytes == 1 ? 1 : 2; // Latin-1 compact strings spend one byte per char
            assertArrayEquals(new long[] {2 * perChar, 5 * perChar}, w);
            assertFalse(Buffers.isLegacyStringLayout(str.heapClass()), "7u6+ Strings own their array");
        }

        @Test
        void directSliceAndItsBlock() {
            HeapObject slice = staticOf(SHAPES, "DIRECT_SLICE");
            assertTrue(Buffers.isDirectBuffer(slice.heapClass()));
            assertEquals(-1, Buffers.allocatedBytes(slice), "a slice owns no block");
            HeapObject allocator = slice.ref(Buffers.attachmentField(slice));
            assertEquals(JdkShapes.DIRECT_CAPACITY, Buffers.allocatedBytes(allocator));
            assertEquals(100, slice.longValue("address", 0) - allocator.longValue("address", 0));
            assertEquals(1000, Buffers.capacityBytes(slice));
            assertTrue(Buffers.maxDirectMemory(heap) > 0);
        }
    }
}
