package dev.heaptriage.load;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.FieldDescriptor;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.snapshot.model.IObject;

/**
 * What decides the size of a class's instances, read once from the dump's class records: its kind (instance, array
 * of a primitive type, array of references), its own instance fields and their types, its superclass, and its static
 * fields (which live in its {@code java.lang.Class} mirror). Sizes under a given {@link ObjectLayout} are computed on
 * demand and remembered.
 */
final class ClassShapes {
    static final int INSTANCE = 0;
    static final int PRIMITIVE_ARRAY = 1;
    static final int REFERENCE_ARRAY = 2;

    private static final Map<String, Integer> PRIMITIVE_ARRAYS = Map.of("boolean[]", 1, "byte[]", 1, "char[]", 2,
            "short[]", 2, "int[]", 4, "float[]", 4, "long[]", 8, "double[]", 8);

    private final IntLongMap index;
    private final int[] classIds;
    private final int[] kinds;
    private final int[] elementBytes;
    private final int[] superIndex;
    private final int[] instanceCounts;
    private final int[][] fieldTypes;
    private final int[][] staticTypes;
    private final Map<ObjectLayout, FieldPacking.Packed[]> packed = new HashMap<>();
    private final int javaLangClassId;

    ClassShapes(ISnapshot snapshot) throws SnapshotException {
        Collection<IClass> classes = snapshot.getClasses();
        int n = classes.size();
        index = new IntLongMap(n);
        classIds = new int[n];
        kinds = new int[n];
        elementBytes = new int[n];
        superIndex = new int[n];
        instanceCounts = new int[n];
        fieldTypes = new int[n][];
        staticTypes = new int[n][];
        int i = 0;
        for (IClass c : classes) {
            index.put(c.getObjectId(), i);
            classIds[i++] = c.getObjectId();
        }
        int classId = -1;
        i = 0;
        for (IClass c : classes) {
            if (c.getName().equals("java.lang.Class")) {
                classId = c.getObjectId();
            }
            Integer primitive = PRIMITIVE_ARRAYS.get(c.getName());
            kinds[i] = !c.isArrayType() ? INSTANCE : primitive != null ? PRIMITIVE_ARRAY : REFERENCE_ARRAY;
            elementBytes[i] = primitive == null ? 0 : primitive;
            instanceCounts[i] = c.getNumberOfObjects();
            IClass sup = c.getSuperClass();
            superIndex[i] = sup == null ? -1 : (int) index.get(sup.getObjectId(), -1);
            List<FieldDescriptor> fields = c.getFieldDescriptors();
            fieldTypes[i] = new int[fields.size()];
            for (int f = 0; f < fields.size(); f++) {
                fieldTypes[i][f] = fields.get(f).getType();
            }
            // HotSpot's dumper adds pseudo statics (<resolved_references>, <init_lock>) that are not in the mirror.
            staticTypes[i] = c.getStaticFields().stream().filter(f -> !f.getName().startsWith("<"))
                    .mapToInt(Field::getType).toArray();
            i++;
        }
        javaLangClassId = classId;
    }

    /** The shape index of the class with this object id, or -1 when it is not a class. */
    int indexOf(int classId) {
        return (int) index.get(classId, -1);
    }

    int count() {
        return classIds.length;
    }

    int classId(int shape) {
        return classIds[shape];
    }

    int kind(int shape) {
        return kinds[shape];
    }

    /** Element bytes of a primitive array class; for reference arrays the layout's reference size applies. */
    int elementBytes(int shape, ObjectLayout layout) {
        return kinds[shape] == REFERENCE_ARRAY ? layout.referenceBytes() : elementBytes[shape];
    }

    /** How many objects of this class the snapshot holds (MAT's count, after garbage was removed). */
    int instanceCount(int shape) {
        return instanceCounts[shape];
    }

    int javaLangClassId() {
        return javaLangClassId;
    }

    /** Instance size of a (non-array) class under {@code layout}. */
    int instanceBytes(int shape, ObjectLayout layout) {
        return packed(shape, layout).instanceBytes(layout.alignmentBytes());
    }

    /** The bytes of a class's static fields in its mirror, from the start of the static area. */
    int staticBytes(int shape, ObjectLayout layout) {
        int[] types = staticTypes[shape];
        return FieldPacking.staticBytes(sizes(types, layout), references(types), layout.referenceBytes());
    }

    private static int[] sizes(int[] matTypes, ObjectLayout layout) {
        int[] sizes = new int[matTypes.length];
        for (int i = 0; i < matTypes.length; i++) {
            sizes[i] = layout.fieldBytes(matTypes[i]);
        }
        return sizes;
    }

    private static boolean[] references(int[] matTypes) {
        boolean[] refs = new boolean[matTypes.length];
        for (int i = 0; i < matTypes.length; i++) {
            refs[i] = matTypes[i] == IObject.Type.OBJECT;
        }
        return refs;
    }

    private FieldPacking.Packed packed(int shape, ObjectLayout layout) {
        FieldPacking.Packed[] memo = packed.computeIfAbsent(layout, k -> new FieldPacking.Packed[classIds.length]);
        FieldPacking.Packed p = memo[shape];
        if (p == null) {
            // Superclass chains are short (tens), so recursion depth is no concern.
            int sup = superIndex[shape];
            FieldPacking.Packed base = sup < 0 ? FieldPacking.root(layout.headerBytes()) : packed(sup, layout);
            int[] types = fieldTypes[shape];
            p = layout.packing().place(base, sizes(types, layout), references(types), layout.referenceBytes());
            memo[shape] = p;
        }
        return p;
    }
}
