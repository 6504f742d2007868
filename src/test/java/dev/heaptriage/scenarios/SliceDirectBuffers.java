package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct-buffer views that pin whole {@code allocateDirect} blocks; the allocating buffers are dropped. What to
 * observe: {@code retained-slice} reports one direct-buffer finding with {@link #STORES} = 3 off-heap blocks of
 * 8 MiB, off-heap waste {@code 3 × 8 MiB − 256} bytes (in the evidence's {@code offHeapWastedBytes}, not in the
 * heap's wasted bytes):
 * <ol>
 *   <li>a 64-byte {@code slice()};</li>
 *   <li>two disjoint 64-byte slices and a {@code duplicate()} of one of them (one block, three views, 128 visible);</li>
 *   <li>an {@code asLongBuffer()} view ({@code DirectLongBufferU}, {@code att} = the allocator) of 64 bytes.</li>
 * </ol>
 */
public final class SliceDirectBuffers {
    public static final int BLOCK_BYTES = 8 << 20;
    public static final int STORES = 3;
    public static final long VISIBLE_BYTES = 64 + 128 + 64;

    static final List<Object> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KEPT.add(slice(ByteBuffer.allocateDirect(BLOCK_BYTES), 4096, 64));
        KEPT.addAll(sharedBlock());
        KEPT.add(slice(ByteBuffer.allocateDirect(BLOCK_BYTES), 8192, 64).asLongBuffer());
        Scenario.dump(args[0]);
    }

    private static List<ByteBuffer> sharedBlock() {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        ByteBuffer a = slice(block, 0, 64);
        ByteBuffer b = slice(block, 1 << 20, 64);
        return List.of(a, b, a.duplicate());
    }

    /** {@code slice(index, length)} (JDK 13+) leaves the parent's position and limit alone. */
    static ByteBuffer slice(ByteBuffer parent, int from, int length) {
        return parent.slice(from, length);
    }
}
