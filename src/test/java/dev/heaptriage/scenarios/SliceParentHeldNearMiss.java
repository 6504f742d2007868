package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Near-miss: small views whose big parents are still held elsewhere, so the views are not what keeps them. What to
 * observe: {@code retained-slice} reports nothing. Kept next to their views: a 1 MiB {@code ByteBuffer} (and a
 * 16-byte slice), a 1 MiB {@code byte[]} wrapped with {@code ByteBuffer.wrap(array, 100, 16).slice()}, a 600,000-char
 * String (and a {@code CharBuffer.wrap(..).slice()} of it), an 8 MiB direct buffer (and a slice), a 20,000-element
 * {@code ArrayList} (and {@code subList(10, 20)}), and an {@code unmodifiableList} of another such list (and a
 * sub-list of the list itself). And a method at work: {@code main} holds a 1 MiB array and a 16-byte buffer slice of
 * it, and a 20,000-element list and a sub-list of it, in local variables only while it dumps (a running method's
 * locals are not a leak).
 */
public final class SliceParentHeldNearMiss {
    static final List<Object> PARENTS = new ArrayList<>();
    static final List<Object> VIEWS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        ByteBuffer heap = ByteBuffer.allocate(1 << 20);
        PARENTS.add(heap);
        VIEWS.add(heap.duplicate().position(100).limit(116).slice());

        byte[] array = new byte[1 << 20];
        PARENTS.add(array);
        VIEWS.add(ByteBuffer.wrap(array, 100, 16).slice());

        String text = "y".repeat(600_000);
        PARENTS.add(text);
        VIEWS.add(CharBuffer.wrap(text).position(10).limit(20).slice());

        ByteBuffer direct = ByteBuffer.allocateDirect(8 << 20);
        PARENTS.add(direct);
        VIEWS.add(direct.duplicate().position(64).limit(128).slice());

        List<byte[]> list = SliceSubListCache.bigArrayList();
        PARENTS.add(list);
        VIEWS.add(list.subList(10, 20));

        List<byte[]> wrapped = SliceSubListCache.bigArrayList();
        PARENTS.add(Collections.unmodifiableList(wrapped));
        VIEWS.add(wrapped.subList(10, 20));

        byte[] work = new byte[1 << 20];
        ByteBuffer header = ByteBuffer.wrap(work).slice(0, 16);
        List<byte[]> batch = SliceSubListCache.bigArrayList();
        List<byte[]> head = batch.subList(0, 10);
        Scenario.dump(args[0]);
        // keeps all four live locals through the dump
        System.out.println(work[0] + header.get(0) + batch.size() + head.size());
    }
}
