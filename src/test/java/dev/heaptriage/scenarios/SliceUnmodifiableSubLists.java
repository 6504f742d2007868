package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Vector;

/**
 * {@code subList} views behind {@code Collections} wrappers; the root lists are dropped. Each root holds 20,000
 * {@code byte[64]}. What to observe: {@code retained-slice} reports one sub-list finding (owner
 * {@code SliceUnmodifiableSubLists.KEPT}) with {@link #STORES} = 3 root lists, 10 elements visible in each:
 * <ol>
 *   <li>{@code Collections.unmodifiableList(root.subList(10, 20))};</li>
 *   <li>{@code Collections.synchronizedList(root).subList(10, 20)}: the sub-list's wrapper uses the root's wrapper
 *       as its {@code mutex}, and that wrapper still references the root;</li>
 *   <li>{@code new Vector<>(root).subList(10, 20)}: a {@code SynchronizedRandomAccessList} whose {@code mutex} is the
 *       Vector itself.</li>
 * </ol>
 */
public final class SliceUnmodifiableSubLists {
    public static final int STORES = 3;
    public static final int VISIBLE = 10;

    static final List<List<byte[]>> KEPT = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KEPT.add(Collections.unmodifiableList(SliceSubListCache.bigArrayList().subList(10, 20)));
        KEPT.add(Collections.synchronizedList(SliceSubListCache.bigArrayList()).subList(10, 20));
        KEPT.add(new Vector<>(SliceSubListCache.bigArrayList()).subList(10, 20));
        Scenario.dump(args[0]);
    }
}
