package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapObject;
import java.util.Arrays;

/**
 * What a {@code java.lang.String} holds, for comparing contents without decoding: its {@code value} array
 * ({@code byte[]} with a {@code coder} since JDK 9, {@code char[]} before; {@code shared/jdk-layouts.md}).
 */
public final class StringContents {
    private StringContents() {
    }

    /** The string's {@code value} array, or null (not a String, or a damaged dump). */
    public static HeapObject valueArray(HeapObject string) {
        HeapObject v = string.ref("value");
        return v != null && v.isArray() ? v : null;
    }

    /**
     * A 64-bit hash of the contents of a {@code value} array (and the coder, which says how to read the bytes), equal
     * for equal contents; {@code 0} is never returned for an array, so callers may use it as "none".
     */
    public static long contentHash(HeapObject string, HeapObject value) {
        Object elements = value.primitiveArray();
        long h;
        if (elements instanceof byte[] b) {
            h = Arrays.hashCode(b) * 0x9E3779B97F4A7C15L + b.length;
        } else if (elements instanceof char[] c) {
            h = Arrays.hashCode(c) * 0x9E3779B97F4A7C15L + c.length;
        } else {
            return 0;
        }
        h = h * 31 + (string.value("coder") instanceof Byte coder ? coder : 0);
        return h == 0 ? 1 : h;
    }
}
