package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapObject;
import java.util.Set;

/**
 * What the JDK's array-backed collections allocate ({@code shared/jdk-layouts.md}): {@code ArrayList.elementData}
 * (10 slots on the first add, a shared empty array before), {@code HashMap.table} (16 buckets on the first put, null
 * before) and the boxed number classes and the size of the primitive each stands for.
 */
public final class CollectionLayouts {
    /** {@code new ArrayList<>()}'s capacity after the first add. */
    public static final int ARRAY_LIST_DEFAULT_CAPACITY = 10;
    /** {@code new HashMap<>()}'s table length after the first put. */
    public static final int HASH_MAP_DEFAULT_CAPACITY = 16;

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Double", "java.lang.Float", "java.lang.Character");

    private CollectionLayouts() {
    }

    /** The slot array of an {@code ArrayList} ({@code elementData}) or {@code HashMap} ({@code table}); else null. */
    public static HeapObject slots(HeapObject collection) {
        HeapObject a = collection.hasField("elementData") ? collection.ref("elementData") : collection.ref("table");
        return a != null && a.isArray() ? a : null;
    }

    /** True for {@code Integer}, {@code Long} and the other boxes of a primitive. */
    public static boolean isBox(String className) {
        return BOXES.contains(className);
    }

    /** Bytes of the primitive a box stands for (4 for {@code Integer}, 8 for {@code Long} ...). */
    public static int primitiveBytes(String boxClassName) {
        return switch (boxClassName) {
            case "java.lang.Long", "java.lang.Double" -> 8;
            case "java.lang.Integer", "java.lang.Float" -> 4;
            case "java.lang.Short", "java.lang.Character" -> 2;
            default -> 1;
        };
    }
}
