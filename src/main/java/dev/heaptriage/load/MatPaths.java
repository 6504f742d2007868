package dev.heaptriage.load;

import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.GcRoot;
import dev.heaptriage.heap.HeapThread;
import dev.heaptriage.heap.PathElement;
import dev.heaptriage.heap.Ref;
import dev.heaptriage.heap.StackFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.IPathsFromGCRootsComputer;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.GCRootInfo;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.snapshot.model.IObject;
import org.eclipse.mat.snapshot.model.IObjectArray;
import org.eclipse.mat.snapshot.model.NamedReference;

/**
 * GC roots and paths of a MAT snapshot as typed data: why an object is a root, which frames hold it as a local (one
 * index over all stacks, built once), and the shortest path from a real root with the kind of each reference.
 */
final class MatPaths {
    /** How many alternative shortest paths to try when the first one ends at a garbage pseudo-root. */
    private static final int MAX_PATH_TRIES = 64;

    private final ISnapshot snapshot;
    private final MatHeapView view;
    private Map<Integer, List<FrameLocal>> framesHolding;

    MatPaths(ISnapshot snapshot, MatHeapView view) {
        this.snapshot = snapshot;
        this.view = view;
    }

    List<GcRoot> roots(int id) {
        return MatHeapView.mat(() -> {
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
    List<FrameLocal> framesHolding(int id) {
        if (framesHolding == null) {
            Map<Integer, List<FrameLocal>> out = new HashMap<>();
            for (HeapThread t : view.threads()) {
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
            return GcRoot.thread(objectId, view.threadName(objectId));
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
            return GcRoot.local(kind, threadId, threadId < 0 ? null : view.threadName(threadId), frame);
        }
        return GcRoot.other(GCRootInfo.getTypeAsString(type).toLowerCase(java.util.Locale.ROOT));
    }

    List<PathElement> pathToGcRoot(int id) {
        return MatHeapView.mat(() -> {
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
                if (MatHeapView.isRealRoot(snapshot.getGCRootInfo(p[p.length - 1]))) {
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
}
