package dev.heaptriage.load;

import dev.heaptriage.heap.HeapClass;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.FieldDescriptor;
import org.eclipse.mat.snapshot.model.IClass;

/** {@link HeapClass} over a MAT class. */
final class MatClass implements HeapClass {
    private final MatHeapView heap;
    private final IClass c;

    MatClass(MatHeapView heap, IClass c) {
        this.heap = heap;
        this.c = c;
    }

    @Override
    public int id() {
        return c.getObjectId();
    }

    @Override
    public String name() {
        return c.getName();
    }

    @Override
    public HeapClass superclass() {
        IClass s = c.getSuperClass();
        return s == null ? null : heap.wrap(s);
    }

    @Override
    public List<HeapClass> subclasses() {
        List<HeapClass> out = new ArrayList<>();
        for (IClass s : c.getSubclasses()) {
            out.add(heap.wrap(s));
        }
        return out;
    }

    @Override
    public boolean isArrayType() {
        return c.isArrayType();
    }

    @Override
    public boolean isSubclassOf(String name) {
        try {
            return c.getName().equals(name) || c.doesExtend(name);
        } catch (SnapshotException e) {
            return false;
        }
    }

    @Override
    public int instanceCount() {
        return c.getNumberOfObjects();
    }

    @Override
    public int[] instanceIds() {
        return MatHeapView.mat(c::getObjectIds);
    }

    @Override
    public List<String> declaredFieldNames() {
        return c.getFieldDescriptors().stream().map(FieldDescriptor::getName).toList();
    }

    @Override
    public List<String> staticFieldNames() {
        return c.getStaticFields().stream().map(Field::getName).toList();
    }

    @Override
    public Object staticValue(String field) {
        for (Field f : c.getStaticFields()) {
            if (f.getName().equals(field)) {
                return heap.convert(f.getValue());
            }
        }
        return null;
    }

    @Override
    public int classLoaderId() {
        return c.getClassLoaderAddress() == 0 ? 0 : c.getClassLoaderId();
    }

    @Override
    public String toString() {
        return name();
    }
}
