package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A heap of objects whose sizes depend on every part of the object layout, for the size-model test. What to
 * observe: the JVM's own {@code GC.class_histogram}, taken right before the dump and written beside it
 * ({@code <dump>.histogram}), gives the bytes of each class; heaptriage's sizes must match it.
 * <ul>
 *   <li>Field packing: classes mixing every primitive width and references ({@link Mixed}), a subclass whose
 *       fields fit into holes its superclass left ({@link Filler} after {@link Holey}), a class with only a long
 *       (the 4-byte gap after a 12-byte header), only references, and no fields at all.</li>
 *   <li>Arrays of every element type and of lengths 0 to 16, where the array header and the rounding show.</li>
 *   <li>Strings and a {@code HashMap}, the JDK classes most heaps are made of.</li>
 *   <li>A chain of {@link #CHAIN_LINKS} links: the head retains all of them, exactly the JVM's bytes of
 *       {@link Link}.</li>
 * </ul>
 * The JDK's own objects of the same classes (its strings, byte and int arrays) are a small share next to these, so
 * the few of them that MAT cannot reach (held by JVM-internal roots the dump does not list) stay below 1% of a
 * class's bytes.
 */
public final class SizesAccounting {
    public static final int INSTANCES = 5_000;
    public static final int ARRAY_LENGTHS = 17;
    public static final int ARRAYS_PER_LENGTH = 1_500;
    public static final int MAP_ENTRIES = 50_000;
    /** Links of {@link #CHAIN}: a dominator chain this deep, for retained sizes of deep subtrees. */
    public static final int CHAIN_LINKS = 200_000;

    /** Classes whose bytes the test compares, by the histogram's names. */
    public static final List<String> CLASSES = List.of(Empty.class.getName(), OnlyLong.class.getName(),
            OnlyRefs.class.getName(), Mixed.class.getName(), Holey.class.getName(), Filler.class.getName(),
            Deeper.class.getName(), Link.class.getName(), "[Z", "[B", "[C", "[S", "[I", "[F", "[J", "[D", "[Ljava.lang.Object;",
            "[Ljava.lang.String;", "java.lang.String", "java.util.HashMap$Node");

    static final List<Object> KEEP = new ArrayList<>();
    static Link CHAIN;

    /** One link of a singly linked chain: each dominates the rest. */
    public static final class Link {
        Link next;
    }

    public static final class Empty {
    }

    public static final class OnlyLong {
        long value = 1;
    }

    public static final class OnlyRefs {
        Object a = "a";
        Object b;
        Object c;
    }

    public static final class Mixed {
        long l = 1;
        double d = 2;
        int i = 3;
        float f = 4;
        short s = 5;
        char c = 'c';
        byte b = 6;
        boolean z = true;
        Object ref = "ref";
        Object other;
    }

    /** Leaves holes: a long after a 12-byte header leaves 4 bytes, and a byte at the end leaves 7. */
    public static class Holey {
        long l = 1;
        byte b = 2;
    }

    /** Fields that fit into {@link Holey}'s holes on JDK 15+; appended after it on older JDKs. */
    public static class Filler extends Holey {
        int i = 3;
        short s = 4;
        byte c = 5;
    }

    public static final class Deeper extends Filler {
        Object ref = "deeper";
        boolean flag = true;
    }

    public static void main(String[] args) throws Exception {
        for (int n = 0; n < INSTANCES; n++) {
            KEEP.add(new Empty());
            KEEP.add(new OnlyLong());
            KEEP.add(new OnlyRefs());
            KEEP.add(new Mixed());
            KEEP.add(new Holey());
            KEEP.add(new Filler());
            KEEP.add(new Deeper());
        }
        for (int length = 0; length < ARRAY_LENGTHS; length++) {
            for (int n = 0; n < ARRAYS_PER_LENGTH; n++) {
                KEEP.add(new boolean[length]);
                KEEP.add(new byte[length]);
                KEEP.add(new char[length]);
                KEEP.add(new short[length]);
                KEEP.add(new int[length]);
                KEEP.add(new float[length]);
                KEEP.add(new long[length]);
                KEEP.add(new double[length]);
                KEEP.add(new Object[length]);
                KEEP.add(new String[length]);
            }
        }
        Map<String, String> map = new HashMap<>();
        for (int n = 0; n < MAP_ENTRIES; n++) {
            map.put("key-" + n, "value-" + (n % 7 == 0 ? "\u20ac" : "") + n);
        }
        KEEP.add(map);
        for (int n = 0; n < CHAIN_LINKS; n++) {
            Link head = new Link();
            head.next = CHAIN;
            CHAIN = head;
        }
        Scenario.dumpLiveWithHistogram(args[0]);
    }
}
