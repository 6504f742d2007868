package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Near-miss: views that can see most of their store, with the parents dropped (nothing is wasted, or too little).
 * What to observe: {@code retained-slice} reports nothing. Kept: a slice over 95% of a 1 MiB buffer; a
 * {@code duplicate()} of a 1 MiB buffer with a 16-byte limit (a duplicate keeps the parent's capacity: it can see
 * everything); {@code ByteBuffer.wrap(array, 100, 16)} of a dropped 1 MiB array (capacity = the whole array); a
 * half-filled 1 MiB buffer; a direct slice over 90% of an 8 MiB block; {@code subList(0, 19_000)} and
 * {@code subList(0, 3_000)} (ratio 6.7, under the 8× floor) of dropped 20,000-element lists.
 */
public final class SliceBigViewNearMiss {
    static final List<Object> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KEPT.add(ByteBuffer.allocate(1 << 20).position(1000).limit(1000 + 996_000).slice());
        KEPT.add(ByteBuffer.allocate(1 << 20).duplicate().position(100).limit(116));
        KEPT.add(ByteBuffer.wrap(new byte[1 << 20], 100, 16));
        KEPT.add(ByteBuffer.allocate(1 << 20).put(new byte[10]));
        KEPT.add(ByteBuffer.allocateDirect(8 << 20).position(0).limit(7_600_000).slice());
        KEPT.add(SliceSubListCache.bigArrayList().subList(0, 19_000));
        KEPT.add(SliceSubListCache.bigArrayList().subList(0, 3_000));
        Scenario.dump(args[0]);
    }
}
