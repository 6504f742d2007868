package dev.heaptriage.load;

import dev.heaptriage.heap.DumpFacts;
import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.GcRoot;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.Ref;
import dev.heaptriage.heap.StackFrame;
import dev.heaptriage.heap.ThreadState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.IPathsFromGCRootsComputer;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.FieldDescriptor;
import org.eclipse.mat.snapshot.model.GCRootInfo;
import org.eclipse.mat.snapshot.model.IArray;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.snapshot.model.IInstance;
import org.eclipse.mat.snapshot.model.IObject;
import org.eclipse.mat.snapshot.model.IObjectArray;
import org.eclipse.mat.snapshot.model.IPrimitiveArray;
import org.eclipse.mat.snapshot.model.IStackFrame;
import org.eclipse.mat.snapshot.model.IThreadStack;
import org.eclipse.mat.snapshot.model.NamedReference;
import org.eclipse.mat.snapshot.model.ObjectReference;

/**
 * {@link HeapView} over a MAT snapshot whose index follows the referents of final and phantom references (see
 * {@link DumpLoader}). Liveness is this view's own walk from the GC roots over MAT's outbound index that skips those
 * referent edges, so an object held only by the finalizer or a cleaner is in the view but not live.
 */
final class MatHeapView implements HeapView {
    /** How many alternative shortest paths to try when the first one ends at a garbage pseudo-root. */
    private static final int MAX_PATH_TRIES = 64;

    private final ISnapshot snapshot;
    private final HprofHeader header;
    private final String path;
    private final long sizeBytes;
    private final Map<Integer, MatClass> classes = new HashMap<>();
    private final Map<Integer, List<String[]>> layouts = new HashMap<>();
    private final BitSet knownLive = new BitSet();
    private final BitSet knownDead = new BitSet();
    private BitSet referenceClasses;
    private int[] realRoots;
    private List<HeapThread> threads;
    private Map<Integer, HeapThread> threadsById;
    private Map<Integer, List<FrameLocal>> framesHolding;
    private Map<Integer, HeapClass> classesById;
    private DumpFacts facts;

    MatHeapView(ISnapshot snapshot, HprofHeader header, String path, long sizeBytes) {
        this.snapshot = snapshot;
        this.header = header;
        this.path = path;
        this.sizeBytes = sizeBytes;
    }

    @Override
    public DumpFacts facts() {
        if (facts == null) {
            var info = snapshot.getSnapshotInfo();
            facts = new DumpFacts(path, sizeBytes, header.format(), header.identifierSize(), header.createdAt(),
                    info.getNumberOfObjects(), info.getNumberOfClasses(), gcRoots().length, info.getUsedHeapSize());
        }
        return facts;
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
        BitSet referenceClasses = referentFollowingClasses();
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
                if (referenceClasses.get(snapshot.getClassOf(holder).getObjectId()) && referentOf(holder) == id) {
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
        return mat(() -> (long) snapshot.getHeapSize(id));
    }

    @Override
    public long retainedBytes(int id) {
        return mat(() -> snapshot.getRetainedHeapSize(id));
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

    private static boolean isRealRoot(GCRootInfo[] infos) {
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
        mat(() -> {
            int[] queue = new int[Math.max(16, Math.min(from.length * 4, 1 << 16))];
            int head = 0;
            int tail = 0;
            BitSet referenceClasses = referentFollowingClasses();
            for (int start : from) {
                if (!barrier.get(start) && !reached.get(start)) {
                    reached.set(start);
                    if (tail == queue.length) {
                        queue = grow(queue, head, tail);
                        tail -= head;
                        head = 0;
                    }
                    queue[tail++] = start;
                }
            }
            while (head < tail) {
                int id = queue[head++];
                int skip = referenceClasses.get(snapshot.getClassOf(id).getObjectId()) ? referentOf(id) : -1;
                for (int next : snapshot.getOutboundReferentIds(id)) {
                    if (next != skip && !reached.get(next) && !barrier.get(next)) {
                        reached.set(next);
                        if (tail == queue.length) {
                            queue = grow(queue, head, tail);
                            tail -= head;
                            head = 0;
                        }
                        queue[tail++] = next;
                    }
                }
            }
            return null;
        });
    }

    private static int[] grow(int[] queue, int head, int tail) {
        int used = tail - head;
        int[] bigger = new int[Math.max(queue.length, used * 2)];
        System.arraycopy(queue, head, bigger, 0, used);
        return bigger;
    }

    /** Class ids of final and phantom references, whose referent MAT's index follows but the GC does not. */
    private BitSet referentFollowingClasses() throws SnapshotException {
        if (referenceClasses != null) {
            return referenceClasses;
        }
        BitSet out = new BitSet();
        for (String base : new String[] {"java.lang.ref.FinalReference", "java.lang.ref.PhantomReference"}) {
            Collection<IClass> cs = snapshot.getClassesByName(base, true);
            if (cs != null) {
                for (IClass c : cs) {
                    out.set(c.getObjectId());
                }
            }
        }
        referenceClasses = out;
        return out;
    }

    private int referentOf(int referenceId) throws SnapshotException {
        IObject o = snapshot.getObject(referenceId);
        if (o instanceof IInstance inst) {
            Field f = inst.getField("referent");
            if (f != null && f.getValue() instanceof ObjectReference ref && ref.getObjectAddress() != 0) {
                return snapshot.mapAddressToId(ref.getObjectAddress());
            }
        }
        return -1;
    }


    @Override
    public List<GcRoot> roots(int id) {
        return mat(() -> {
            GCRootInfo[] infos = snapshot.getGCRootInfo(id);
            List<GcRoot> out = new ArrayList<>();
            if (infos != null) {
                for (GCRootInfo g : infos) {
                    if (g.getType() != GCRootInfo.Type.UNREACHABLE) {
                        GcRoot r = describeRoot(id, g);
                        if (!out.contains(r)) {
                            out.add(r);
                        }
                    }
                }
            }
            if (out.isEmpty()) {
                // Only for objects that are not roots themselves: a thread is also a local of its own run(), which
                // says nothing a reader needs next to "thread 'name'".
                for (FrameLocal f : framesHolding(id)) {
                    GcRoot r = GcRoot.local(GcRoot.Kind.JAVA_LOCAL, f.thread().objectId(), f.thread().name(),
                            f.frame());
                    if (!out.contains(r)) {
                        out.add(r);
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * Objects referenced from stack frames. MAT keeps HPROF's ROOT JAVA FRAME records as references from the thread
     * object rather than as roots of their own, so the view indexes them from the thread stacks, once.
     */
    @Override
    public List<FrameLocal> framesHolding(int id) {
        if (framesHolding == null) {
            Map<Integer, List<FrameLocal>> out = new HashMap<>();
            for (HeapThread t : threads()) {
                List<StackFrame> frames = t.frames();
                for (int depth = 0; depth < frames.size(); depth++) {
                    StackFrame f = frames.get(depth);
                    int[] locals = f.localIds();
                    for (int i = 0; i < locals.length; i++) {
                        if (indexOf(locals, locals[i]) < i) {
                            continue; // one entry per frame, however many slots hold the object
                        }
                        out.computeIfAbsent(locals[i], k -> new ArrayList<>(2)).add(new FrameLocal(t, depth, f));
                    }
                }
            }
            framesHolding = out;
        }
        return framesHolding.getOrDefault(id, List.of());
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private GcRoot describeRoot(int objectId, GCRootInfo g) throws SnapshotException {
        int type = g.getType();
        if (type == GCRootInfo.Type.SYSTEM_CLASS) {
            return GcRoot.of(GcRoot.Kind.SYSTEM_CLASS);
        }
        if (type == GCRootInfo.Type.THREAD_OBJ) {
            return GcRoot.thread(objectId, threadName(objectId));
        }
        if (type == GCRootInfo.Type.NATIVE_STATIC) {
            return GcRoot.of(GcRoot.Kind.JNI_GLOBAL);
        }
        if (type == GCRootInfo.Type.BUSY_MONITOR) {
            return GcRoot.of(GcRoot.Kind.BUSY_MONITOR);
        }
        if (type == GCRootInfo.Type.JAVA_LOCAL || type == GCRootInfo.Type.NATIVE_STACK
                || type == GCRootInfo.Type.NATIVE_LOCAL || type == GCRootInfo.Type.THREAD_BLOCK) {
            int threadId = g.getContextAddress() == 0 ? -1 : snapshot.mapAddressToId(g.getContextAddress());
            StackFrame frame = null;
            if (threadId >= 0) {
                for (FrameLocal f : framesHolding(objectId)) {
                    if (f.thread().objectId() == threadId) {
                        frame = f.frame();
                        break;
                    }
                }
            }
            GcRoot.Kind kind = type == GCRootInfo.Type.NATIVE_LOCAL ? GcRoot.Kind.JNI_LOCAL : GcRoot.Kind.JAVA_LOCAL;
            return GcRoot.local(kind, threadId, threadId < 0 ? null : threadName(threadId), frame);
        }
        return GcRoot.other(GCRootInfo.getTypeAsString(type).toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public List<PathElement> pathToGcRoot(int id) {
        return mat(() -> {
            IPathsFromGCRootsComputer computer = snapshot.getPathsFromGCRoots(id, null);
            int[] first = null;
            int[] chosen = null;
            for (int i = 0; i < MAX_PATH_TRIES; i++) {
                int[] p = computer.getNextShortestPath();
                if (p == null) {
                    break;
                }
                if (first == null) {
                    first = p;
                }
                if (isRealRoot(snapshot.getGCRootInfo(p[p.length - 1]))) {
                    chosen = p;
                    break;
                }
            }
            if (chosen == null) {
                chosen = first == null ? new int[] {id} : first;
            }
            List<PathElement> out = new ArrayList<>(chosen.length);
            for (int i = 0; i < chosen.length; i++) {
                int holder = chosen[i];
                Ref via = i == 0 ? Ref.NONE : via(holder, chosen[i - 1]);
                boolean isClass = snapshot.isClass(holder);
                String className = isClass ? ((IClass) snapshot.getObject(holder)).getName()
                        : snapshot.getClassOf(holder).getName();
                List<GcRoot> root = i == chosen.length - 1 ? roots(holder) : List.of();
                out.add(new PathElement(holder, className, isClass ? 0 : snapshot.mapIdToAddress(holder), via, root));
            }
            return out;
        });
    }

    /** How {@code holder} references {@code child}: a field, a static field, an array slot or a frame local. */
    private Ref via(int holder, int child) throws SnapshotException {
        IObject h = snapshot.getObject(holder);
        long childAddress = snapshot.mapIdToAddress(child);
        if (h instanceof IObjectArray arr) {
            long[] refs = arr.getReferenceArray();
            for (int i = 0; i < refs.length; i++) {
                if (refs[i] == childAddress) {
                    return Ref.element(i);
                }
            }
            return Ref.element(-1);
        }
        boolean isClass = h instanceof IClass;
        if (!isClass) {
            // A frame local: MAT records it as a reference from the thread object.
            for (FrameLocal f : framesHolding(child)) {
                if (f.thread().objectId() == holder) {
                    return Ref.local(f.frame());
                }
            }
        }
        for (NamedReference ref : h.getOutboundReferences()) {
            if (ref.getObjectAddress() == childAddress) {
                String name = ref.getName();
                if (name.startsWith("<")) {
                    continue; // MAT's pseudo references (<class>, <classloader>) are not what a developer wrote
                }
                return isClass ? Ref.staticField(name) : Ref.field(name);
            }
        }
        return Ref.UNKNOWN;
    }

    // ---- strings ----------------------------------------------------------------------------------------

    @Override
    public String string(int id) {
        return mat(() -> {
            IObject o = snapshot.getObject(id);
            if (!(o instanceof IInstance inst) || !"java.lang.String".equals(o.getClazz().getName())) {
                return null;
            }
            return decodeString(inst);
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
        if (threads == null) {
            threads = mat(() -> {
                List<HeapThread> out = new ArrayList<>();
                Collection<IClass> threadClasses = snapshot.getClassesByName("java.lang.Thread", true);
                if (threadClasses == null) {
                    return out;
                }
                for (IClass c : threadClasses) {
                    for (int id : c.getObjectIds()) {
                        HeapThread t = readThread(id);
                        if (t != null) {
                            out.add(t);
                        }
                    }
                }
                out.sort(java.util.Comparator.comparing(HeapThread::name));
                return List.copyOf(out);
            });
        }
        return threads;
    }

    @Override
    public Optional<HeapThread> thread(int threadObjectId) {
        if (threadsById == null) {
            Map<Integer, HeapThread> byId = new HashMap<>();
            for (HeapThread t : threads()) {
                byId.put(t.objectId(), t);
            }
            threadsById = byId; // paths and detectors ask per object: a scan of thousands of threads each time adds up
        }
        return Optional.ofNullable(threadsById.get(threadObjectId));
    }

    /** Null for threads that are not running: never started or already terminated (the dump has no stack for them). */
    private HeapThread readThread(int id) throws SnapshotException {
        IObject o = snapshot.getObject(id);
        if (!(o instanceof IInstance t)) {
            return null;
        }
        boolean virtual = o.getClazz().doesExtend("java.lang.BaseVirtualThread")
                || o.getClazz().getName().equals("java.lang.VirtualThread");
        IThreadStack stack = snapshot.getThreadStack(id);
        ThreadState state;
        boolean daemon;
        IInstance holder = deref(t.getField("holder")) instanceof IInstance h ? h : null;
        if (virtual) {
            state = virtualState(t);
            daemon = true;
        } else if (holder != null) {
            state = ThreadState.fromJvmtiStatus(intField(holder, "threadStatus"));
            daemon = boolField(holder, "daemon");
        } else {
            state = ThreadState.fromJvmtiStatus(intField(t, "threadStatus"));
            daemon = boolField(t, "daemon");
        }
        if (stack == null && (state == ThreadState.NEW || state == ThreadState.TERMINATED)) {
            return null;
        }
        List<StackFrame> frames = new ArrayList<>();
        if (stack != null) {
            for (IStackFrame f : stack.getStackFrames()) {
                frames.add(parseFrame(f));
            }
        }
        return new HeapThread(id, threadName(id), state, daemon, virtual, frames);
    }

    /**
     * {@code VirtualThread.state} as {@code VirtualThread.threadState()} maps it (jdk-layouts.md §5, JDK 21–25):
     * 4 PARKED, 5 PINNED, 16 WAIT are WAITING; 7 TIMED_PARKED, 8 TIMED_PINNED, 18 TIMED_WAIT are TIMED_WAITING;
     * 12 BLOCKING, 13 BLOCKED are BLOCKED; the transitional states are RUNNABLE. The SUSPENDED flag (256) is masked
     * off. A mounted thread (2 RUNNING) really has its carrier's state; RUNNABLE is the closest without it.
     */
    private static ThreadState virtualState(IInstance t) {
        int s = intField(t, "state") & ~256;
        return switch (s) {
            case 0 -> ThreadState.NEW;
            case 99 -> ThreadState.TERMINATED;
            case 1, 2, 3, 6, 9, 10, 11, 14, 15, 17 -> ThreadState.RUNNABLE;
            case 4, 5, 16 -> ThreadState.WAITING;
            case 7, 8, 18 -> ThreadState.TIMED_WAITING;
            case 12, 13 -> ThreadState.BLOCKED;
            default -> ThreadState.UNKNOWN;
        };
    }

    String threadName(int threadId) {
        try {
            IObject o = snapshot.getObject(threadId);
            if (!(o instanceof IInstance t)) {
                return "";
            }
            IObject n = deref(t.getField("name"));
            if (n == null) {
                return "";
            }
            if (n instanceof IInstance s) {
                String decoded = decodeString(s);
                return decoded == null ? "" : decoded;
            }
            if (n instanceof IPrimitiveArray pa && pa.getValueArray() instanceof char[] chars) {
                return new String(chars); // JDK 6/7: Thread.name is a char[]
            }
            return "";
        } catch (SnapshotException e) {
            return "";
        }
    }

    private static int intField(IInstance o, String name) {
        Field f = o.getField(name);
        return f != null && f.getValue() instanceof Number n ? n.intValue() : 0;
    }

    private static boolean boolField(IInstance o, String name) {
        Field f = o.getField(name);
        return f != null && f.getValue() instanceof Boolean b && b;
    }

    /** Parses MAT's {@code at pkg.Cls.method(Sig)Ret (File.java:12)} into its parts. */
    static StackFrame parseFrame(IStackFrame f) {
        String text = f.getText();
        if (text.startsWith("at ")) {
            text = text.substring(3);
        }
        int paren = text.indexOf('(');
        String qualified = paren < 0 ? text : text.substring(0, paren);
        int locStart = text.lastIndexOf(" (");
        String location = locStart < 0 ? "" : text.substring(locStart + 2, text.length() - (text.endsWith(")") ? 1 : 0));
        int dot = qualified.lastIndexOf('.');
        String cls = dot < 0 ? "" : qualified.substring(0, dot);
        String method = dot < 0 ? qualified : qualified.substring(dot + 1);
        return new StackFrame(cls, method, location, f.getLocalObjectsIds().clone());
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    ISnapshot snapshot() {
        return snapshot;
    }

    interface MatCall<T> {
        T call() throws SnapshotException;
    }

    /** MAT's checked exceptions mean a broken index or dump; detectors see them as unchecked. */
    static <T> T mat(MatCall<T> call) {
        try {
            return call.call();
        } catch (SnapshotException e) {
            throw new IllegalStateException("heap index error: " + e.getMessage(), e);
        }
    }

    static int length(IObject o) {
        return o instanceof IArray a ? a.getLength() : -1;
    }
}
