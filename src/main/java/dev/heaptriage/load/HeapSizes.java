package dev.heaptriage.load;

import dev.heaptriage.heap.ObjectLayoutFacts;
import dev.heaptriage.index.DominatorTree;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;

/**
 * Every byte figure of the heap view, in the object layout {@link LayoutInference} found for the dump (or MAT's own
 * model when it found none): shallow sizes, the used heap and retained sizes.
 *
 * <p>Retained sizes are summed once, when the sizes are made: one post-order walk of the dominator tree
 * ({@link DominatorTree#subtreeSums}) with these shallow sizes, 8 bytes an object. In MAT's model they are the
 * snapshot's own, which the same tree holds.
 */
final class HeapSizes implements AutoCloseable {
    private final ISnapshot snapshot;
    private final DumpRecords records;
    private final ClassShapes shapes;
    private final LayoutInference.Result inferred;
    private final ObjectLayout layout;
    private final int identifierSize;
    private final int[] instanceBytes;
    private final int[] mirrorBytes;
    private final int pseudoIds;
    private final long usedHeapBytes;
    /** Shallow bytes of all objects of each class shape, summed with the used heap; null in MAT's model. */
    private final long[] shallowByShape;
    /** Retained bytes by object id in this layout; null in MAT's model. */
    private long[] retained;
    private long buildMillis;

    private HeapSizes(ISnapshot snapshot, DumpRecords records, ClassShapes shapes, LayoutInference.Result inferred,
                      int identifierSize) {
        this.snapshot = snapshot;
        this.identifierSize = identifierSize;
        this.records = records;
        this.shapes = shapes;
        this.inferred = inferred;
        this.layout = inferred.layout();
        int n = records.objects();
        int pseudo = 0;
        while (pseudo < n && records.address(pseudo) < LayoutInference.PSEUDO_ADDRESS_LIMIT) {
            pseudo++;
        }
        this.pseudoIds = pseudo;
        if (layout == null) {
            instanceBytes = null;
            mirrorBytes = null;
            usedHeapBytes = snapshot.getSnapshotInfo().getUsedHeapSize();
            shallowByShape = null;
            return;
        }
        instanceBytes = new int[shapes.count()];
        mirrorBytes = new int[shapes.count()];
        for (int s = 0; s < shapes.count(); s++) {
            instanceBytes[s] = shapes.kind(s) != ClassShapes.INSTANCE ? 0
                    : shapes.classId(s) == shapes.javaLangClassId() ? (int) plainMirrorBytes()
                    : shapes.instanceBytes(s, layout);
            long mirror = inferred.mirrorBaseBytes() + shapes.staticBytes(s, layout);
            mirrorBytes[s] = (int) capped(shapes.classId(s), ObjectLayout.align(mirror, layout.alignmentBytes()));
        }
        shallowByShape = sumByShape();
        long total = 0;
        for (long bytes : shallowByShape) {
            total += bytes;
        }
        usedHeapBytes = total;
    }

    /**
     * Infers the layout of the dump behind {@code snapshot}, sizes its objects with it and sums their retained sizes
     * over {@code dominators} (the tree the snapshot's dominator indexes answer from).
     */
    static HeapSizes of(ISnapshot snapshot, int identifierSize, DominatorTree dominators) throws SnapshotException {
        long start = System.nanoTime();
        DumpRecords records;
        try {
            records = new DumpRecords(snapshot);
        } catch (IOException e) {
            throw new SnapshotException("cannot read the dump's object records: " + e.getMessage(), e);
        }
        try {
            ClassShapes shapes = new ClassShapes(snapshot);
            HeapSizes sizes = new HeapSizes(snapshot, records, shapes,
                    LayoutInference.infer(records, shapes, identifierSize), identifierSize);
            if (sizes.layout != null) {
                sizes.retained = dominators.subtreeSums(sizes::shallowOrFail);
            }
            sizes.buildMillis = (System.nanoTime() - start) / 1_000_000;
            return sizes;
        } catch (SnapshotException | RuntimeException e) {
            records.close();
            throw e;
        }
    }

    /**
     * The layout and its evidence, for the report: what the sizes follow, so the figures and the layout agree. MAT's
     * model has headers of two identifiers and references of one: 16 and 8 bytes for 8-byte identifiers, 8 and 4
     * (a 32-bit JVM's) for 4-byte ones.
     */
    ObjectLayoutFacts layoutFacts() {
        double share = Math.round(inferred.share() * 10_000) / 10_000.0; // four digits say all the evidence can
        if (layout == null) {
            return new ObjectLayoutFacts("mat", LayoutInference.matModel(identifierSize), 2 * identifierSize,
                    2 * identifierSize + 4, identifierSize, 8, "mat", inferred.gapsSampled(), share);
        }
        return new ObjectLayoutFacts("hotspot", layout.description(identifierSize), layout.headerBytes(),
                layout.arrayHeaderBytes(), layout.referenceBytes(), layout.alignmentBytes(),
                layout.packing() == FieldPacking.JDK15 ? "jdk15" : "classic", inferred.gapsSampled(), share);
    }

    /** How long inferring the layout, summing the used heap and the retained sizes took (part of the load). */
    long buildMillis() {
        return buildMillis;
    }

    /** Why MAT's model is used, or null when a layout was inferred. */
    String warning() {
        return inferred.warning();
    }

    long usedHeapBytes() {
        return usedHeapBytes;
    }

    long shallowBytes(int id) throws SnapshotException {
        if (layout == null) {
            return snapshot.getHeapSize(id);
        }
        if (id < pseudoIds) {
            return 0; // MAT's placeholder for the system class loader: not in the JVM's heap
        }
        // One lookup for nearly every object: only instances of java.lang.Class may be class mirrors.
        int s = shapes.indexOf(records.classId(id));
        if (s >= 0 && shapes.kind(s) != ClassShapes.INSTANCE) {
            return layout.arrayBytes(records.arrayLength(id), shapes.elementBytes(s, layout));
        }
        if (s >= 0 && shapes.classId(s) != shapes.javaLangClassId()) {
            return instanceBytes[s];
        }
        int self = shapes.indexOf(id);
        if (self >= 0) {
            return mirrorBytes[self];
        }
        return s < 0 ? snapshot.getHeapSize(id) : capped(id, plainMirrorBytes());
    }

    /**
     * A mirror's size, but never more than the distance to the next object: objects do not overlap. The JVM's
     * mirror holds fields the dump does not show (interfaces' mirrors are 16 bytes smaller than classes' on JDK 17,
     * for one), so the most common size can be too big for some; the next address says so.
     */
    private long capped(int id, long size) {
        if (id + 1 >= records.objects()) {
            return size;
        }
        long gap = records.address(id + 1) - records.address(id);
        return gap > 0 && gap < size ? gap : size;
    }

    /** The size of a mirror without statics: the dump writes those of primitive types as plain instances. */
    private long plainMirrorBytes() {
        return ObjectLayout.align(inferred.mirrorBaseBytes(), layout.alignmentBytes());
    }

    /** The sum of the shallow sizes of the object's dominator subtree: what collecting it would free. */
    long retainedBytes(int id) throws SnapshotException {
        return retained == null ? snapshot.getRetainedHeapSize(id) : retained[id];
    }

    private long shallowOrFail(int id) {
        try {
            return shallowBytes(id);
        } catch (SnapshotException e) {
            throw new IllegalStateException("heap index error: " + e.getMessage(), e);
        }
    }

    /**
     * The shallow bytes of each class shape's objects, which add up to the used heap: every instance by its class's
     * size, every class mirror (an object of {@code java.lang.Class}), and every array by its length. Instances need
     * no pass of their own (MAT counts them per class); arrays are read in id order.
     */
    private long[] sumByShape() {
        long[] total = new long[shapes.count()];
        int javaLangClass = shapes.indexOf(shapes.javaLangClassId());
        for (int s = 0; s < shapes.count(); s++) {
            // MAT counts the class objects among the instances of java.lang.Class: they are the mirrors, sized below.
            // The rest are the mirrors of int, long, ... that the dump writes as plain instances (a handful).
            if (shapes.kind(s) == ClassShapes.INSTANCE && shapes.classId(s) != shapes.javaLangClassId()) {
                total[s] += (long) shapes.instanceCount(s) * instanceBytes[s];
            }
            if (records.address(shapes.classId(s)) >= LayoutInference.PSEUDO_ADDRESS_LIMIT) {
                total[javaLangClass >= 0 ? javaLangClass : s] += mirrorBytes[s];
            }
        }
        for (int id = 0; id < pseudoIds; id++) {
            if (shapes.indexOf(id) < 0) {
                int s = shapes.indexOf(records.classId(id));
                if (s >= 0 && shapes.kind(s) == ClassShapes.INSTANCE) {
                    total[s] -= instanceBytes[s];
                }
            }
        }
        if (javaLangClass >= 0) {
            try {
                for (int id : ((org.eclipse.mat.snapshot.model.IClass) snapshot.getObject(shapes.javaLangClassId()))
                        .getObjectIds()) {
                    if (shapes.indexOf(id) < 0 && id >= pseudoIds) {
                        total[javaLangClass] += capped(id, plainMirrorBytes());
                    }
                }
            } catch (SnapshotException e) {
                throw new IllegalStateException("heap index error: " + e.getMessage(), e);
            }
        }
        int n = records.objects();
        for (int id = pseudoIds; id < n; id++) {
            if (records.isArray(id)) {
                int s = shapes.indexOf(records.classId(id));
                if (s >= 0) {
                    total[s] += layout.arrayBytes(records.arrayLength(id), shapes.elementBytes(s, layout));
                }
            }
        }
        return total;
    }

    /** The shallow bytes of all objects by class id, or null in MAT's model (then sum {@link #shallowBytes}). */
    Map<Integer, Long> shallowBytesByClass() {
        if (shallowByShape == null) {
            return null;
        }
        Map<Integer, Long> out = new HashMap<>();
        for (int s = 0; s < shallowByShape.length; s++) {
            if (shallowByShape[s] != 0) {
                out.put(shapes.classId(s), shallowByShape[s]);
            }
        }
        return out;
    }

    /**
     * {@link #shallowBytes(int)} of an object whose shape ({@link #shapeOf}) the caller already has: a plain instance
     * is its class's size and an array its length's, without another lookup.
     */
    long shallowBytes(int id, int shape) throws SnapshotException {
        if (layout != null && shape >= 0 && id >= pseudoIds) {
            if (shapes.kind(shape) != ClassShapes.INSTANCE) {
                return layout.arrayBytes(records.arrayLength(id), shapes.elementBytes(shape, layout));
            }
            if (shapes.classId(shape) != shapes.javaLangClassId()) {
                return instanceBytes[shape];
            }
        }
        return shallowBytes(id);
    }

    /** The class shape of an object (its index among the dump's classes), or -1 for a class without one. */
    int shapeOf(int id) {
        return shapes.indexOf(records.classId(id));
    }

    int shapeCount() {
        return shapes.count();
    }

    /** The class id of a shape. */
    int shapeClassId(int shape) {
        return shapes.classId(shape);
    }

    @Override
    public void close() {
        records.close();
    }
}
