package dev.heaptriage.detect;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import java.util.BitSet;

/**
 * Which objects a short "does A reach B" search may step through. It never steps through a class (statics reach
 * half the heap: every object would seem to reach every other through its class), a {@code Reference} (the view
 * follows final and phantom referents, which the GC does not treat as strong) or a {@code Thread} (its frame locals
 * are what the thread is doing now, not what the object holds).
 */
public final class ReachabilityFilter {
    private final HeapView heap;
    private final BitSet classMirrors = new BitSet();
    private final BitSet blockedClasses = new BitSet();

    public ReachabilityFilter(HeapView heap) {
        this.heap = heap;
        for (HeapClass c : heap.allClasses()) {
            classMirrors.set(c.id());
        }
        for (String base : new String[] {"java.lang.ref.Reference", "java.lang.Thread"}) {
            for (HeapClass c : heap.classesAssignableTo(base)) {
                blockedClasses.set(c.id());
            }
        }
    }

    public boolean isClass(int id) {
        return classMirrors.get(id);
    }

    public boolean canTraverse(int id) {
        return !classMirrors.get(id) && !blockedClasses.get(heap.classOf(id).id());
    }
}
