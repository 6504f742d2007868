package dev.heaptriage.heap;

import java.util.List;

/** A class of the dump, as one class loader defined it. */
public interface HeapClass {
    /** The id of the class mirror object. */
    int id();

    /** Java name with {@code .} and {@code $}, arrays as {@code byte[]}. */
    String name();

    /** The name without its package. */
    default String simpleName() {
        return dev.heaptriage.units.Names.simpleName(name());
    }

    HeapClass superclass();

    List<HeapClass> subclasses();

    boolean isArrayType();

    /** True if this class is {@code name} or extends it. */
    boolean isSubclassOf(String name);

    int instanceCount();

    int[] instanceIds();

    /** Instance fields this class itself declares, in dump order. */
    List<String> declaredFieldNames();

    /** Static fields this class declares, in dump order. */
    List<String> staticFieldNames();

    /** A static field's value (boxed primitive, {@link HeapObject} or null). */
    Object staticValue(String field);

    default HeapObject staticRef(String field) {
        return staticValue(field) instanceof HeapObject o ? o : null;
    }

    /** The id of the class loader object, or 0 for the bootstrap loader. */
    int classLoaderId();
}
