package dev.heaptriage.heap;

import dev.heaptriage.text.DumpString;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of one heap dump: the only thing detectors see. Objects are named by an {@code int} id that is
 * valid for this view only (addresses are for people). Everything here is safe to call from one thread at a time.
 *
 * <p>Reachability: plain garbage (objects nothing references) is not in the view. Objects that only the finalizer
 * or a cleaner still holds (through {@code Reference.referent} of a final or phantom reference) are, because
 * several leak kinds live there; {@link #isLive(int)} tells them apart. Referents of weak and soft references are
 * never followed. Paths and retained sizes follow final and phantom referents (so an object waiting for
 * finalization has a path, through its {@code Finalizer}).
 */
public interface HeapView {

    /** Header and size facts about the dump. */
    DumpFacts facts();

    /** Every class with exactly this name (there is one per class loader that defined it); empty if none. */
    List<HeapClass> classes(String name);

    /** Every class whose name is {@code name} or that extends one of them, directly or not. */
    List<HeapClass> classesAssignableTo(String name);

    /** All classes of the dump. */
    List<HeapClass> allClasses();

    /** The class whose mirror object has this id, or null when the object is not a class (one map, built once). */
    HeapClass classById(int id);

    /**
     * Every instance of the class {@code className} (of every class loader that defined it) and, with
     * {@code subclasses}, of every class that extends it. Empty when the dump has no such class.
     */
    default List<HeapObject> instancesOf(String className, boolean subclasses) {
        List<HeapObject> out = new java.util.ArrayList<>();
        for (HeapClass c : subclasses ? classesAssignableTo(className) : classes(className)) {
            for (int id : c.instanceIds()) {
                out.add(object(id));
            }
        }
        return out;
    }

    /** The object with this id. */
    HeapObject object(int id);

    /** The class of the object with this id. */
    HeapClass classOf(int id);

    /**
     * True when a path of strong references leads from a GC root to this object; false for an object that only
     * the finalizer or a cleaner still holds (waiting for finalization, or for its cleaning action).
     */
    boolean isLive(int id);

    /** The object's own size in the dump's object layout ({@link DumpFacts#objectLayout()}, README "Sizes"). */
    long shallowBytes(int id);

    /**
     * Bytes freed if this object were collected: the shallow sizes of its dominator subtree, in the dump's object
     * layout ({@link DumpFacts#objectLayout()}).
     */
    long retainedBytes(int id);

    /** The shallow bytes of all objects of each class, by class id (they add up to the used heap). */
    Map<Integer, Long> shallowBytesByClass();

    /**
     * What the instances of each class retain together, by class id: every object's dominator subtree counted once,
     * for the nearest of its dominator-tree ancestors of its own class (one pass over the dominator tree, computed on
     * first use). Classes whose instances retain nothing are absent.
     */
    Map<Integer, Long> retainedBytesByClass();

    /** The object's immediate dominator, or -1 when only the (virtual) root dominates it. */
    int immediateDominator(int id);

    /**
     * The objects {@code id} immediately dominates (its children in the dominator tree), in no promised order (the
     * index's, not by {@link #retainedBytes}); empty for a leaf. Together with {@link #topDominators()} this is the whole dominator tree.
     */
    int[] dominatedBy(int id);

    /**
     * The children of the dominator tree's virtual root (objects only the root dominates: GC roots and objects held
     * from more than one root), in no promised order.
     */
    int[] topDominators();

    /**
     * Marks in {@code reached} every object strongly reachable from {@code from}, following references as
     * {@link #isLive} does (the referents of final and phantom references are not followed), but never entering an
     * object marked in {@code barrier}: such an object is neither marked nor walked through, even when it is in
     * {@code from}. Objects already marked in {@code reached} are not walked again, so a caller can grow one walk
     * from new starting points. Costs time linear in the objects and references it newly visits. Use it to ask
     * "what can the heap reach without these objects" (e.g. without some threads and their stack locals, which the
     * view records as references from the thread object) in one walk rather than one per question.
     */
    void markReachable(int[] from, BitSet barrier, BitSet reached);

    /**
     * {@link #markReachable(int[], BitSet, BitSet)} that gives up once it has newly marked more than
     * {@code maxObjects} objects: for a caller that has a cheaper answer while the region stays small. Returns false
     * when it gave up ({@code reached} then holds a part of the region).
     */
    default boolean markReachable(int[] from, BitSet barrier, BitSet reached, long maxObjects) {
        markReachable(from, barrier, reached);
        return true;
    }

    /** How many object ids the view has ({@code 0 .. objectCount() - 1}), live or not. */
    default int objectCount() {
        return (int) facts().objects();
    }

    /** Objects that reference this one (any reference kind MAT records, incl. class → static). */
    int[] referrers(int id);

    /** Objects this one references strongly. */
    int[] referents(int id);

    /** Ids of the objects that are GC roots. */
    int[] gcRoots();

    /**
     * Why this object is a GC root (a system class, a thread, a JNI global, ...); for an object that is no root of its
     * own but is referenced from running frames, the {@link GcRoot.Kind#JAVA_LOCAL} roots of those frames. Empty if
     * neither.
     */
    List<GcRoot> roots(int id);

    /**
     * The running frames whose local variables reference this object, in thread order (one index over all stacks,
     * built once). Empty for most objects.
     */
    List<FrameLocal> framesHolding(int id);

    /**
     * The shortest path from a GC root to this object, object first and root last. For an object that is not live
     * the path goes through the {@code referent} of the final or phantom reference that holds it.
     */
    List<PathElement> pathToGcRoot(int id);

    /** Java threads that the dump has (platform threads with a thread root, and virtual threads where dumped). */
    List<HeapThread> threads();

    /** The thread whose {@code Thread} object has this id. */
    Optional<HeapThread> thread(int threadObjectId);

    /** Decodes a {@code java.lang.String} for any JDK layout; null if the object is not a String. */
    DumpString string(int id);

    /** The dump's address of this object. */
    long address(int id);

    /**
     * The id of the object at {@code address} (as {@link #address} gives it), or -1 when the view has none there.
     * A view that cannot map addresses back answers -1 always (the heap picture then places no finding).
     */
    default int objectIdAt(long address) {
        return -1;
    }
}
