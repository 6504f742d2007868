package dev.heaptriage.load;

import dev.heaptriage.heap.DumpFacts;
import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.GcRoot;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.index.DominatorTree;
import dev.heaptriage.text.DumpString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.FieldDescriptor;
import org.eclipse.mat.snapshot.model.GCRootInfo;
import org.eclipse.mat.snapshot.model.IArray;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.snapshot.model.IInstance;
import org.eclipse.mat.snapshot.model.IObject;
import org.eclipse.mat.snapshot.model.IPrimitiveArray;
import org.eclipse.mat.snapshot.model.IStackFrame;
import org.eclipse.mat.snapshot.model.ObjectReference;

/**
 * {@link HeapView} over a MAT snapshot whose index follows the referents of final and phantom references (see
 * {@link DumpLoader}). Liveness is this view's own walk from the GC roots over MAT's outbound index that skips those
 * referent edges, so an object held only by the finalizer or a cleaner is in the view but not live.
 */
final class MatHeapView implements HeapView {

    private final ISnapshot snapshot;
    private final HprofHeader header;
    private final String path;
    private final long sizeBytes;
    private final Map<Integer, MatClass> classes = new HashMap<>();
    private final Map<Integer, List<String[]>> layouts = new HashMap<>();
    private final BitSet knownLive = new BitSet();
    private final BitSet knownDead = new BitSet();
    private int[] realRoots;
    private final MatThreads threads;
    private final MatPaths paths;
    private final MatReachability reachability;
    private Map<Integer, HeapClass> classesById;
    private DumpFacts facts;
    private Map<Integer, Long> retainedByClass;
    private Map<Integer, Long> shallowByClass;
    private HeapSizes sizes;
    /** The dominator tree the snapshot's dominator indexes answer from; retained sizes are summed over it. */
    private final DominatorTree dominators;

    MatHeapView(ISnapshot snapshot, DominatorTree dominators, HprofHeader header, String path, long sizeBytes) {
        this.snapshot = snapshot;
        this.dominators = dominators;
        this.header = header;
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.threads = new MatThreads(snapshot, this);
        this.paths = new MatPaths(snapshot, this);
        this.reachability = new MatReachability(snapshot);
    }

    @Override
    public DumpFacts facts() {
        if (facts == null) {
            var info = snapshot.getSnapshotInfo();
            facts = new DumpFacts(path, sizeBytes, header.format(), header.identifierSize(), header.createdAt(),
                    info.getNumberOfObjects(), info.getNumberOfClasses(), gcRoots().length, sizes().usedHeapBytes(),
                    sizes().layoutFacts());
        }
        return facts;
    }

    /** Every byte figure goes through the layout inferred for this dump (see {@link HeapSizes}). */
    HeapSizes sizes() {
        if (sizes == null) {
            sizes = mat(() -> HeapSizes.of(snapshot, header.identifierSize(), dominators));
        }
        return sizes;
    }

    /** Infers the object layout now (it is part of loading); the warning when MAT's model has to stay. */
    Optional<String> sizeWarning() {
        return Optional.ofNullable(sizes().warning());
    }

    /** Releases the snapshot and the size model's file handles. */
    void dispose() {
        if (sizes != null) {
            sizes.close();
        }
        snapshot.dispose();
    }

    // ---- classes ----------------------------------------------------------------------------------------

    MatClass wrap(IClass c) {
        return classes.computeIfAbsent(c.getObjectId(), k -> new MatClass(this, c));
    }

    @Override
    public List<HeapClass> classes(String name) {
        return mat(() -> wrapAll(snapshot.getClassesByName(name, false)));
    }

    @Override
    public List<HeapClass> classesAssignableTo(String name) {
        return mat(() -> wrapAll(snapshot.getClassesByName(name, true)));
    }

    @Override
    public List<HeapClass> allClasses() {
        return mat(() -> wrapAll(snapshot.getClasses()));
    }

    @Override
    public HeapClass classById(int id) {
        if (classesById == null) {
            Map<Integer, HeapClass> byId = new HashMap<>();
            for (HeapClass c : allClasses()) {
                byId.put(c.id(), c);
            }
            classesById = byId;
        }
        return classesById.get(id);
    }

    private List<HeapClass> wrapAll(Collection<IClass> in) {
        if (in == null) {
            return List.of();
        }
        List<HeapClass> out = new ArrayList<>(in.size());
        for (IClass c : in) {
            out.add(wrap(c));
        }
        return out;
    }

    @Override
    public HeapClass classOf(int id) {
        return mat(() -> wrap(snapshot.getClassOf(id)));
    }

    /** (declaring class, field name) pairs of every instance field, in the order MAT lists an instance's values. */
    List<String[]> layout(IClass c) {
        return layouts.computeIfAbsent(c.getObjectId(), k -> {
            List<String[]> out = new ArrayList<>();
            for (IClass k2 = c; k2 != null; k2 = k2.getSuperClass()) {
                for (FieldDescriptor fd : k2.getFieldDescriptors()) {
                    out.add(new String[] {k2.getName(), fd.getName()});
                }
            }
            return out;
        });
    }

    // ---- objects ----------------------------------------------------------------------------------------

    @Override
    public HeapObject object(int id) {
        return mat(() -> new MatObject(this, snapshot.getObject(id)));
    }

    /**
     * The object a MAT field value references, or null. Never {@code ObjectReference.getObject()}: haha resolves
     * that against whichever snapshot was opened last, which is wrong when two are open.
     */
    IObject deref(Field field) throws SnapshotException {
        if (field == null || !(field.getValue() instanceof ObjectReference ref) || ref.getObjectAddress() == 0) {
            return null;
        }
        return snapshot.getObject(snapshot.mapAddressToId(ref.getObjectAddress()));
    }

    /** Converts a MAT field value to the {@link HeapObject} contract (references become objects; dangling ones null). */
    Object convert(Object value) {
        if (value instanceof ObjectReference ref) {
            if (ref.getObjectAddress() == 0) {
                return null;
            }
            try {
                return new MatObject(this, snapshot.getObject(snapshot.mapAddressToId(ref.getObjectAddress())));
            } catch (SnapshotException | RuntimeException e) {
                return null; // a reference to an object the dump does not contain
            }
        }
        return value;
    }

    /**
     * Searches backwards from the object over MAT's inbound index, skipping the referent edges of final and phantom
     * references, until it meets a GC root (live) or runs out of holders (held only by the finalizer or a cleaner).
     * Results are remembered: every holder explored by a failed search is not live either, and every step of a
     * found path is live. A whole-heap walk would cost as much as one of MAT's own passes on every analysis; this
     * costs only what the detectors ask about (typically a small dead region, or a short way up to a root).
     */
    @Override
    public boolean isLive(int id) {
        if (knownLive.get(id)) {
            return true;
        }
        if (knownDead.get(id)) {
            return false;
        }
        return mat(() -> searchLive(id));
    }

    private boolean searchLive(int start) throws SnapshotException {
        Map<Integer, Integer> parent = new HashMap<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        parent.put(start, -1);
        queue.add(start);
        while (!queue.isEmpty()) {
            int id = queue.poll();
            if (knownLive.get(id) || snapshot.isGCRoot(id)) {
                for (int p = id; p != -1; p = parent.get(p)) {
                    knownLive.set(p);
                }
                return true;
            }
            for (int holder : snapshot.getInboundRefererIds(id)) {
                if (parent.containsKey(holder) || knownDead.get(holder)) {
                    continue;
                }
                if (reachability.isReferentOf(holder, id)) {
                    continue; // the finalizer's or a cleaner's hold: not a strong reference
                }
                parent.put(holder, id);
                queue.add(holder);
            }
        }
        for (int seen : parent.keySet()) {
            knownDead.set(seen);
        }
        return false;
    }

    @Override
    public long shallowBytes(int id) {
        return matLong(() -> sizes().shallowBytes(id));
    }

    @Override
    public long retainedBytes(int id) {
        return matLong(() -> sizes().retainedBytes(id));
    }

    @Override
    public Map<Integer, Long> shallowBytesByClass() {
        if (shallowByClass == null) {
            Map<Integer, Long> summed = sizes().shallowBytesByClass();
            if (summed == null) { // MAT's model: no per-class totals from the load, so one pass over the objects
                summed = new HashMap<>();
                for (HeapClass c : allClasses()) {
                    long bytes = 0;
                    for (int id : c.instanceIds()) {
                        bytes += shallowBytes(id);
                    }
                    summed.put(c.id(), bytes);
                }
            }
            shallowByClass = summed;
        }
        return shallowByClass;
    }

    @Override
    public Map<Integer, Long> retainedBytesByClass() {
        if (retainedByClass == null) {
            retainedByClass = mat(() -> ClassRetained.compute(snapshot, sizes()));
        }
        return retainedByClass;
    }

    /** {@link #retainedBytesByClass()} with a frame for only {@code maxDepth} dominator-tree levels (for tests). */
    Map<Integer, Long> retainedBytesByClass(int maxDepth) {
        return mat(() -> ClassRetained.compute(snapshot, sizes(), maxDepth));
    }

    @Override
    public int immediateDominator(int id) {
        return mat(() -> snapshot.getImmediateDominatorId(id));
    }

    @Override
    public int[] dominatedBy(int id) {
        return id < 0 ? new int[0] : mat(() -> snapshot.getImmediateDominatedIds(id));
    }

    /** MAT keeps the virtual root's children under id -1 of its dominated index. */
    @Override
    public int[] topDominators() {
        return mat(() -> snapshot.getImmediateDominatedIds(-1));
    }

    @Override
    public int[] referrers(int id) {
        return mat(() -> snapshot.getInboundRefererIds(id));
    }

    @Override
    public int[] referents(int id) {
        return mat(() -> snapshot.getOutboundReferentIds(id));
    }

    @Override
    public long address(int id) {
        return mat(() -> snapshot.mapIdToAddress(id));
    }

    @Override
    public int objectIdAt(long address) {
        try {
            return snapshot.mapAddressToId(address);
        } catch (org.eclipse.mat.SnapshotException | RuntimeException e) {
            return -1;
        }
    }

    // ---- roots and reachability -------------------------------------------------------------------------

    @Override
    public int[] gcRoots() {
        if (realRoots == null) {
            realRoots = mat(() -> {
                int[] all = snapshot.getGCRoots();
                int[] out = new int[all.length];
                int n = 0;
                for (int id : all) {
                    if (isRealRoot(snapshot.getGCRootInfo(id))) {
                        out[n++] = id;
                    }
                }
                return java.util.Arrays.copyOf(out, n);
            });
        }
        return realRoots.clone();
    }

    static boolean isRealRoot(GCRootInfo[] infos) {
        if (infos == null) {
            return false;
        }
        for (GCRootInfo g : infos) {
            if (g.getType() != GCRootInfo.Type.UNREACHABLE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void markReachable(int[] from, BitSet barrier, BitSet reached) {
        markReachable(from, barrier, reached, Long.MAX_VALUE);
    }

    @Override
    public boolean markReachable(int[] from, BitSet barrier, BitSet reached, long maxObjects) {
        return mat(() -> reachability.mark(from, barrier, reached, maxObjects));
    }

    @Override
    public List<GcRoot> roots(int id) {
        return paths.roots(id);
    }

    @Override
    public List<FrameLocal> framesHolding(int id) {
        return paths.framesHolding(id);
    }

    @Override
    public List<PathElement> pathToGcRoot(int id) {
        return paths.pathToGcRoot(id);
    }

    // ---- strings ----------------------------------------------------------------------------------------

    @Override
    public DumpString string(int id) {
        return mat(() -> {
            IObject o = snapshot.getObject(id);
            if (!(o instanceof IInstance inst) || !"java.lang.String".equals(o.getClazz().getName())) {
                return null;
            }
            return DumpString.of(decodeString(inst));
        });
    }

    /**
     * Decodes every String layout (jdk-layouts.md §2): {@code char[] value} with optional {@code offset/count}
     * (JDK 6 – 8), or {@code byte[] value} with {@code coder} 0 = Latin-1, 1 = UTF-16 in the dumping JVM's byte
     * order (little-endian on x86-64 and aarch64, the platforms HotSpot dumps come from in practice).
     */
    String decodeString(IInstance s) throws SnapshotException {
        Field valueField = s.getField("value");
        IObject arr = deref(valueField);
        if (arr == null) {
            return valueField == null ? null : "";
        }
        if (!(arr instanceof IPrimitiveArray pa)) {
            return null;
        }
        Object values = pa.getValueArray();
        if (values instanceof char[] chars) {
            Field off = s.getField("offset");
            Field cnt = s.getField("count");
            int offset = off != null && off.getValue() instanceof Integer i ? i : 0;
            int count = cnt != null && cnt.getValue() instanceof Integer i ? i : chars.length - offset;
            offset = Math.max(0, Math.min(offset, chars.length));
            count = Math.max(0, Math.min(count, chars.length - offset));
            return new String(chars, offset, count);
        }
        if (values instanceof byte[] bytes) {
            Field coder = s.getField("coder");
            int c = coder != null && coder.getValue() instanceof Byte b ? b : 0;
            return new String(bytes, c == 1 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    // ---- threads ----------------------------------------------------------------------------------------

    @Override
    public List<HeapThread> threads() {
        return threads.threads();
    }

    @Override
    public Optional<HeapThread> thread(int threadObjectId) {
        return threads.thread(threadObjectId);
    }

    DumpString threadName(int threadId) {
        return threads.threadName(threadId);
    }

    static StackFrame parseFrame(IStackFrame f) {
        return MatThreads.parseFrame(f);
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    ISnapshot snapshot() {
        return snapshot;
    }

    interface MatCall<T> {
        T call() throws SnapshotException;
    }

    /** {@link MatCall} of a long, so the size calls detectors make per object box nothing. */
    interface MatLongCall {
        long call() throws SnapshotException;
    }

    /** MAT's checked exceptions mean a broken index or dump; detectors see them as unchecked. */
    static <T> T mat(MatCall<T> call) {
        try {
            return call.call();
        } catch (SnapshotException e) {
            throw indexError(e);
        }
    }

    static long matLong(MatLongCall call) {
        try {
            return call.call();
        } catch (SnapshotException e) {
            throw indexError(e);
        }
    }

    private static IllegalStateException indexError(SnapshotException e) {
        return new IllegalStateException("heap index error: " + e.getMessage(), e);
    }

    static int length(IObject o) {
        return o instanceof IArray a ? a.getLength() : -1;
    }
}
