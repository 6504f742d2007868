package dev.heaptriage.detect.libs;

import dev.heaptriage.heap.HeapClass;

/**
 * Netty's buffers (4.1 and 4.2, {@code io.netty.buffer}), as far as retained views need them. An unpooled heap buffer
 * ({@code UnpooledHeapByteBuf} and its unsafe/instrumented subclasses) sees its whole {@code byte[] array}; a
 * {@code slice()} ({@code UnpooledSlicedByteBuf}: parent {@code buffer}, window {@code adjustment} +
 * {@code maxCapacity}) and a {@code duplicate()} ({@code DuplicatedByteBuf}: parent {@code buffer}) keep their parent,
 * and so its array, alive. Pooled buffers ({@code PooledByteBuf}, {@code AdaptivePoolingAllocator$AdaptiveByteBuf},
 * their pooled slices and duplicates) are windows into a pool chunk that the pool itself holds: while the pool lives
 * the chunk is shared by design, and a retained pooled slice that is never released is a reference-count leak, not
 * a view that wastes memory by being small; they are never treated as views.
 */
public final class NettyBuffers {
    private static final String PACKAGE = "io.netty.buffer.";
    public static final String UNPOOLED_HEAP = "io.netty.buffer.UnpooledHeapByteBuf";
    private static final String[] POOLED = {"io.netty.buffer.PooledByteBuf",
        "io.netty.buffer.AbstractPooledDerivedByteBuf", "io.netty.buffer.AdaptivePoolingAllocator$AdaptiveByteBuf"};

    private NettyBuffers() {
    }

    /** A Netty buffer class (shaded copies under another package are not recognised). */
    public static boolean isNettyBuffer(String className) {
        return className.startsWith(PACKAGE);
    }

    /** An unpooled heap buffer: a view of its whole {@code array}. */
    public static boolean isUnpooledHeapBuffer(HeapClass c) {
        return c.isSubclassOf(UNPOOLED_HEAP);
    }

    /** A pooled buffer or a pooled derived buffer: a window into a chunk the pool holds (see the class comment). */
    public static boolean isPooled(HeapClass c) {
        for (String p : POOLED) {
            if (c.isSubclassOf(p)) {
                return true;
            }
        }
        return false;
    }
}
