package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Near-miss: the right idiom, copies instead of views, of the same big stores the Slice* leak scenarios use; the big
 * stores are dropped. What to observe: {@code retained-slice} reports nothing. Kept: a 16-byte
 * {@code ByteBuffer.allocate(16).put(slice)}, an 8-char {@code CharBuffer} copy, {@code Arrays.copyOfRange} of a
 * 1 MiB array, {@code new ArrayList<>(list.subList(..))} and {@code List.copyOf(list.subList(..))} of 20,000-element
 * lists, and a heap copy of a direct slice whose 8 MiB block is dropped.
 */
public final class SliceCopiesNearMiss {
    static final List<Object> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KEPT.add(byteCopy());
        KEPT.add(charCopy());
        KEPT.add(Arrays.copyOfRange(new byte[1 << 20], 100, 116));
        KEPT.add(new ArrayList<>(SliceSubListCache.bigArrayList().subList(10, 20)));
        KEPT.add(List.copyOf(SliceSubListCache.bigArrayList().subList(10, 20)));
        KEPT.add(directCopy());
        Scenario.dump(args[0]);
    }

    private static ByteBuffer byteCopy() {
        ByteBuffer slice = ByteBuffer.allocate(1 << 20).position(100).limit(116).slice();
        return ByteBuffer.allocate(slice.remaining()).put(slice).flip();
    }

    private static CharBuffer charCopy() {
        CharBuffer slice = CharBuffer.allocate(512 * 1024).position(100).limit(108).slice();
        return CharBuffer.allocate(slice.remaining()).put(slice).flip();
    }

    private static ByteBuffer directCopy() {
        ByteBuffer slice = ByteBuffer.allocateDirect(8 << 20).position(64).limit(128).slice();
        return ByteBuffer.allocate(slice.remaining()).put(slice).flip();
    }
}
