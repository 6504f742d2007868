package dev.heaptriage.heap;

/**
 * How one step of a path holds the step before it (Shark's {@code ReferenceLocationType}): an instance field, a
 * static field, an array slot or a local variable of a running method. Data only; {@code report} and
 * {@code render} turn it into words.
 *
 * @param kind  what kind of reference
 * @param name  the field name (instance or static); null otherwise
 * @param index the array index, or -1 when unknown or not an array
 * @param frame the frame whose local variable it is (for {@link Kind#LOCAL}); null otherwise
 */
public record Ref(Kind kind, String name, int index, StackFrame frame) {
    /** The first step of a path: it is the object itself, nothing holds it on the path. */
    public static final Ref NONE = new Ref(Kind.NONE, null, -1, null);
    /** A holder whose reference the dump does not name (a pseudo reference of MAT's, say). */
    public static final Ref UNKNOWN = new Ref(Kind.UNKNOWN, null, -1, null);

    /** The kinds of reference a path step can be. */
    public enum Kind { NONE, INSTANCE_FIELD, STATIC_FIELD, ARRAY_ELEMENT, LOCAL, UNKNOWN }

    public static Ref field(String name) {
        return new Ref(Kind.INSTANCE_FIELD, name, -1, null);
    }

    public static Ref staticField(String name) {
        return new Ref(Kind.STATIC_FIELD, name, -1, null);
    }

    /** An array slot; {@code index} -1 when the slot could not be found again. */
    public static Ref element(int index) {
        return new Ref(Kind.ARRAY_ELEMENT, null, index, null);
    }

    public static Ref local(StackFrame frame) {
        return new Ref(Kind.LOCAL, null, -1, frame);
    }

    /** An instance or static field. */
    public boolean isField() {
        return kind == Kind.INSTANCE_FIELD || kind == Kind.STATIC_FIELD;
    }
}
