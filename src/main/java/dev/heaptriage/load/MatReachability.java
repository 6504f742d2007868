package dev.heaptriage.load;

import java.util.BitSet;
import java.util.Collection;
import org.eclipse.mat.SnapshotException;
import org.eclipse.mat.snapshot.ISnapshot;
import org.eclipse.mat.snapshot.model.Field;
import org.eclipse.mat.snapshot.model.IClass;
import org.eclipse.mat.snapshot.model.IInstance;
import org.eclipse.mat.snapshot.model.IObject;
import org.eclipse.mat.snapshot.model.ObjectReference;

/**
 * Strong reachability over MAT's outbound index, as the GC sees it: the referent of a final or phantom reference is
 * not followed (MAT's index lists it among the reference's outbound ids). A breadth-first queue, so memory follows
 * the frontier's width, not the graph's depth.
 */
final class MatReachability {
    private final ISnapshot snapshot;
    private BitSet referenceClasses;

    MatReachability(ISnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Marks what {@code from} reaches without crossing {@code barrier}; false when it passed {@code maxObjects}. */
    boolean mark(int[] from, BitSet barrier, BitSet reached, long maxObjects) throws SnapshotException {
        int[] queue = new int[Math.max(16, Math.min(from.length * 4, 1 << 16))];
        int head = 0;
        int tail = 0;
        long marked = 0;
        BitSet referenceClasses = referentFollowingClasses();
        for (int start : from) {
            if (!barrier.get(start) && !reached.get(start)) {
                reached.set(start);
                marked++;
                if (tail == queue.length) {
                    queue = grow(queue, head, tail);
                    tail -= head;
                    head = 0;
                }
                queue[tail++] = start;
            }
        }
        while (head < tail) {
            if (marked > maxObjects) {
                return false;
            }
            int id = queue[head++];
            int skip = referenceClasses.get(snapshot.getClassOf(id).getObjectId()) ? referentOf(id) : -1;
            for (int next : snapshot.getOutboundReferentIds(id)) {
                if (next != skip && !reached.get(next) && !barrier.get(next)) {
                    reached.set(next);
                    marked++;
                    if (tail == queue.length) {
                        queue = grow(queue, head, tail);
                        tail -= head;
                        head = 0;
                    }
                    queue[tail++] = next;
                }
            }
        }
        return true;
    }

    /** Whether {@code holder} is a final or phantom reference whose referent is {@code id} (no strong hold). */
    boolean isReferentOf(int holder, int id) throws SnapshotException {
        return referentFollowingClasses().get(snapshot.getClassOf(holder).getObjectId()) && referentOf(holder) == id;
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
}
