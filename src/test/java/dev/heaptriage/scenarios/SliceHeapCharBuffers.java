package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.CharBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CharBuffer} and other primitive heap-buffer views whose big parents were dropped. What to observe:
 * {@code retained-slice} reports one finding (owner {@code SliceHeapCharBuffers.KEPT}) with {@link #STORES} = 4
 * stores:
 * <ol>
 *   <li>an 8-char slice of a {@code CharBuffer.allocate(524,288)} ({@code char[]} of 1,048,592 bytes; 16 visible);</li>
 *   <li>the same through {@code asReadOnlyBuffer()} ({@code HeapCharBufferR});</li>
 *   <li>a 10-char slice of {@code CharBuffer.wrap(String)} ({@code StringCharBuffer}) over a 600,000-char Latin-1
 *       String ({@code byte[600000]}, 600,016 bytes; 10 visible); the String itself is dropped;</li>
 *   <li>a 4-long slice of a {@code LongBuffer.allocate(131,072)} ({@code long[]} of 1,048,592 bytes; 32 visible).</li>
 * </ol>
 * Sizes are those of the test JVMs' layout: 16-byte array headers (compressed class pointers, README "Sizes").
 */
public final class SliceHeapCharBuffers {
    public static final int CHARS = 512 * 1024;
    public static final int STRING_CHARS = 600_000;
    public static final int LONGS = 128 * 1024;
    public static final int STORES = 4;
    /** Backing bytes (shallow size: a 16-byte header and the elements) and visible bytes of the four stores. */
    public static final long[] BACKING_BYTES = {16 + 2L * CHARS, 16 + 2L * CHARS, 16 + STRING_CHARS, 16 + 8L * LONGS};
    public static final long[] VISIBLE_BYTES = {16, 16, 10, 32};

    static final List<Object> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KEPT.add(CharBuffer.allocate(CHARS).position(1000).limit(1008).slice());
        KEPT.add(CharBuffer.allocate(CHARS).asReadOnlyBuffer().position(2000).limit(2008).slice());
        KEPT.add(stringSlice());
        KEPT.add(LongBuffer.allocate(LONGS).position(50).limit(54).slice());
        Scenario.dump(args[0]);
    }

    private static CharBuffer stringSlice() {
        String text = "x".repeat(STRING_CHARS);
        return CharBuffer.wrap(text).position(10).limit(20).slice();
    }
}
