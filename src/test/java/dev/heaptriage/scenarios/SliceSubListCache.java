package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * {@code subList} views of big lists kept in a cache; the root lists are dropped. Each root holds
 * {@link #ELEMENTS} = 20,000 {@code byte[64]} (80 bytes each: the 16-byte array header of the test JVMs' compressed
 * class pointers; README "Sizes"). What to
 * observe: {@code retained-slice} reports one sub-list finding (owner {@code SliceSubListCache.CACHE}) with {@link #STORES} = 6 root lists:
 * <ol>
 *   <li>an {@code ArrayList} with one {@code subList(100, 110)} ({@code ArrayList$SubList});</li>
 *   <li>an {@code ArrayList} with two overlapping views {@code subList(0, 10)}, {@code subList(5, 15)}: one store,
 *       15 elements visible;</li>
 *   <li>an {@code ArrayList} with a nested view {@code subList(1000, 2000).subList(10, 20)}: only the inner one is
 *       kept, so 10 elements are visible;</li>
 *   <li>a {@code LinkedList} with {@code subList(10, 20)} ({@code AbstractList$SubList});</li>
 *   <li>a {@code List.copyOf(...)} ({@code ImmutableCollections$ListN}) with {@code subList(0, 10)}
 *       ({@code ImmutableCollections$SubList});</li>
 *   <li>an {@code ArrayList} with {@code subList(0, 10)} in the cache that {@code main} still holds in a local
 *       variable while it dumps: a local lets go when its method returns, so the store is still reported (with
 *       {@code alsoHeldByLocalVariable}).</li>
 * </ol>
 * Planted waste per store: (20,000 − visible) × (element 80 + a 4-byte slot, or a 24-byte {@code LinkedList$Node}),
 * with the compressed oops of the test JVMs.
 */
public final class SliceSubListCache {
    public static final int ELEMENTS = 20_000;
    public static final int ELEMENT_BYTES = 80;
    /** An array slot: a compressed reference. */
    public static final int SLOT_BYTES = 4;
    public static final int STORES = 6;
    /** Visible elements per store, and the per-element cost of each root's structure (slot or node). */
    public static final int[] VISIBLE = {10, 15, 10, 10, 10, 10};
    public static final int[] PER_ELEMENT_OVERHEAD = {SLOT_BYTES, SLOT_BYTES, SLOT_BYTES, 24, SLOT_BYTES, SLOT_BYTES};

    static final Map<String, List<byte[]>> CACHE = new HashMap<>();

    public static void main(String[] args) throws Exception {
        CACHE.put("one", bigArrayList().subList(100, 110));
        List<byte[]> shared = bigArrayList();
        CACHE.put("shared-a", shared.subList(0, 10));
        CACHE.put("shared-b", shared.subList(5, 15));
        shared = null;
        CACHE.put("nested", bigArrayList().subList(1000, 2000).subList(10, 20));
        CACHE.put("linked", new LinkedList<>(bigArrayList()).subList(10, 20));
        CACHE.put("immutable", List.copyOf(bigArrayList()).subList(0, 10));
        List<byte[]> pending = bigArrayList();
        CACHE.put("pending", pending.subList(0, 10));
        Scenario.dump(args[0]);
        System.out.println(pending.size()); // keeps `pending` a live local through the dump
    }

    static List<byte[]> bigArrayList() {
        List<byte[]> list = new ArrayList<>(ELEMENTS);
        for (int i = 0; i < ELEMENTS; i++) {
            byte[] b = new byte[64];
            b[0] = (byte) i;
            list.add(b);
        }
        return list;
    }
}
