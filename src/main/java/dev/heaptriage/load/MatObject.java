package dev.heaptriage.load;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.text.DumpString;
import java.util.List;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.IArray;
import org.eclipse.mat.snapshot.model.IInstance;
import org.eclipse.mat.snapshot.model.IObject;
import org.eclipse.mat.snapshot.model.IObjectArray;
import org.eclipse.mat.snapshot.model.IPrimitiveArray;

/** {@link HeapObject} over a MAT object. */
final class MatObject implements HeapObject {
    private final MatHeapView heap;
    private final IObject o;

    MatObject(MatHeapView heap, IObject o) {
        this.heap = heap;
        this.o = o;
    }

    @Override
    public int id() {
        return o.getObjectId();
    }

    @Override
    public long address() {
        return o.getObjectAddress();
    }

    @Override
    public HeapClass heapClass() {
        return heap.wrap(o.getClazz());
    }

    @Override
    public boolean isArray() {
        return o instanceof IArray;
    }

    @Override
    public boolean hasField(String name) {
        return o instanceof IInstance && index(null, name) >= 0;
    }

    @Override
    public Object value(String field) {
        return value(null, field);
    }

    @Override
    public Object value(String declaringClass, String field) {
        if (!(o instanceof IInstance inst)) {
            return null;
        }
        int i = index(declaringClass, field);
        if (i < 0) {
            return null;
        }
        List<Field> fields = inst.getFields();
        return i < fields.size() ? heap.convert(fields.get(i).getValue()) : null;
    }

    /** Position of the field in the instance's value list, searching from the object's own class upwards. */
    private int index(String declaringClass, String field) {
        List<String[]> layout = heap.layout(o.getClazz());
        for (int i = 0; i < layout.size(); i++) {
            String[] f = layout.get(i);
            if (f[1].equals(field) && (declaringClass == null || f[0].equals(declaringClass))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public DumpString asString() {
        return heap.string(id());
    }

    @Override
    public int length() {
        return MatHeapView.length(o);
    }

    @Override
    public int[] elementIds() {
        if (!(o instanceof IObjectArray arr)) {
            return new int[0];
        }
        return ids(arr.getReferenceArray());
    }

    private int[] ids(long[] addresses) {
        int[] ids = new int[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i] != 0) {
                try {
                    ids[i] = heap.snapshot().mapAddressToId(addresses[i]);
                } catch (org.eclipse.mat.SnapshotException | RuntimeException e) {
                    ids[i] = 0; // an element the dump does not contain
                }
            }
        }
        return ids;
    }

    @Override
    public int[] elementIds(int from, int to) {
        if (!(o instanceof IObjectArray arr)) {
            return new int[0];
        }
        int start = Math.max(0, Math.min(from, arr.getLength()));
        int end = Math.max(start, Math.min(to, arr.getLength()));
        long[] addresses = end > start ? arr.getReferenceArray(start, end - start) : new long[0];
        return ids(addresses);
    }

    @Override
    public Object primitiveArray() {
        return o instanceof IPrimitiveArray pa ? pa.getValueArray() : null;
    }

    @Override
    public long shallowBytes() {
        return heap.shallowBytes(id());
    }

    @Override
    public long retainedBytes() {
        return heap.retainedBytes(id());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MatObject m && m.id() == id();
    }

    @Override
    public int hashCode() {
        return id();
    }

    @Override
    public String toString() {
        return className() + " @0x" + Long.toHexString(address());
    }
}
