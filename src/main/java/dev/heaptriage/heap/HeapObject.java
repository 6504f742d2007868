package dev.heaptriage.heap;

import dev.heaptriage.text.DumpString;

/**
 * An object of the dump: an instance, an array or a class mirror. Field values are boxed primitives
 * ({@code Integer}, {@code Long}, {@code Boolean}, ...), {@link HeapObject} for non-null references, or null.
 * Fields are looked up by name from the object's own class upwards, so a subclass field shadows its superclass's;
 * use the two-argument forms to name the declaring class.
 */
public interface HeapObject {
    int id();

    long address();

    HeapClass heapClass();

    default String className() {
        return heapClass().name();
    }

    boolean isArray();

    /** True when some class in the object's hierarchy declares this instance field. */
    boolean hasField(String name);

    Object value(String field);

    Object value(String declaringClass, String field);

    default HeapObject ref(String field) {
        return value(field) instanceof HeapObject o ? o : null;
    }

    default HeapObject ref(String declaringClass, String field) {
        return value(declaringClass, field) instanceof HeapObject o ? o : null;
    }

    default long longValue(String field, long missing) {
        return value(field) instanceof Number n ? n.longValue() : missing;
    }

    default int intValue(String field, int missing) {
        return value(field) instanceof Number n ? n.intValue() : missing;
    }

    default boolean boolValue(String field, boolean missing) {
        return value(field) instanceof Boolean b ? b : missing;
    }

    /**
     * The name of an instance field of this object that references the object {@code targetId}, searching from the
     * object's own class upwards (so a shadowing field wins); null if no field does.
     */
    default String fieldReferencing(int targetId) {
        for (HeapClass c = heapClass(); c != null; c = c.superclass()) {
            for (String f : c.declaredFieldNames()) {
                if (value(c.name(), f) instanceof HeapObject o && o.id() == targetId) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The text of a String field ({@code value(field).asString()}); null when the field is null or not a String. */
    default DumpString stringValue(String field) {
        return value(field) instanceof HeapObject s ? s.asString() : null;
    }

    /** For a {@code java.lang.String}: its text (dump contents); otherwise null. */
    DumpString asString();

    /** Array length; -1 for a non-array. */
    int length();

    /** Element ids of an object array (0 for a null element); empty for anything else. */
    int[] elementIds();

    /**
     * Element ids of {@code [from, to)} of an object array (clamped to its length; 0 for a null element), without
     * resolving the other elements: for a few elements of a big array. Empty for anything else.
     */
    default int[] elementIds(int from, int to) {
        int[] all = elementIds();
        int start = Math.max(0, Math.min(from, all.length));
        return java.util.Arrays.copyOfRange(all, start, Math.max(start, Math.min(to, all.length)));
    }

    /** A primitive array's elements as a Java array ({@code byte[]}, {@code char[]}, ...); null otherwise. */
    Object primitiveArray();

    long shallowBytes();

    long retainedBytes();
}
