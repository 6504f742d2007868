package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap {@code ByteBuffer} views whose big parent buffers were dropped. What to observe: {@code retained-slice}
 * reports one finding (owner {@code SliceHeapByteBuffers.KEPT}) with {@link #STORES} = 4 backing {@code byte[1 MiB]}
 * arrays, each counted once, wasting {@code 4 × 1,048,600 − 144} bytes:
 * <ol>
 *   <li>a 16-byte {@code slice()};</li>
 *   <li>three disjoint 16-byte slices of one buffer (one store, three views, 48 bytes visible);</li>
 *   <li>a 16-byte slice of an {@code asReadOnlyBuffer()} ({@code HeapByteBufferR});</li>
 *   <li>an {@code asIntBuffer()} view of a 64-byte slice: only the view is kept, so the slice is reachable only
 *       through it ({@code ByteBufferAsIntBufferB.bb}).</li>
 * </ol>
 */
public final class SliceHeapByteBuffers {
    public static final int BACKING_BYTES = 1 << 20;
    public static final int STORES = 4;
    public static final int VIEWS = 6;
    /** Bytes the kept views can see, per store. */
    public static final int[] VISIBLE_BYTES = {16, 48, 16, 64};

    static final List<Object> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KEPT.add(slice(ByteBuffer.allocate(BACKING_BYTES), 100, 16));
        KEPT.addAll(threeSlices());
        KEPT.add(slice(ByteBuffer.allocate(BACKING_BYTES).asReadOnlyBuffer(), 200, 16));
        KEPT.add(slice(ByteBuffer.allocate(BACKING_BYTES), 300, 64).asIntBuffer());
        Scenario.dump(args[0]);
    }

    /** Three views of one parent; the parent is a local of this frame only, gone when the dump is taken. */
    private static List<ByteBuffer> threeSlices() {
        ByteBuffer parent = ByteBuffer.allocate(BACKING_BYTES);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(slice(parent, 1000 + 100 * i, 16));
        }
        return out;
    }

    /** {@code slice(index, length)} (JDK 13+) leaves the parent's position and limit alone. */
    static ByteBuffer slice(ByteBuffer parent, int from, int length) {
        return parent.slice(from, length);
    }
}
