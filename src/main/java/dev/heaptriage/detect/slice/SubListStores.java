package dev.heaptriage.detect.slice;

import dev.heaptriage.detect.jdk.Buffers;
import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.slice.SliceGraph.Pin;
import dev.heaptriage.detect.slice.SliceGraph.Relation;
import dev.heaptriage.detect.slice.SliceGraph.Role;
import dev.heaptriage.detect.slice.SliceGraph.View;
import dev.heaptriage.detect.slice.SliceScan.Kind;
import dev.heaptriage.detect.slice.SliceScan.PinnedStore;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.units.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Root lists kept only by their {@code subList} views (every JDK form, also behind
 * {@code Collections.unmodifiable*}/{@code synchronized*}); windows in element indexes of the root.
 */
final class SubListStores {
    private static final String COLLECTION = "java.util.AbstractCollection";

    private final SliceGraph g;
    /** An array slot: the dump's reference size (4 bytes with compressed oops; README "Sizes"). */
    private final int referenceBytes;
    private final HeapView heap;
    private final SliceScan scan;

    SubListStores(SliceGraph g, SliceScan scan) {
        this.g = g;
        this.heap = g.heap;
        this.scan = scan;
        this.referenceBytes = heap.facts().objectLayout().referenceBytes();
    }

    List<PinnedStore> find() {
        Map<Integer, Boolean> roots = new LinkedHashMap<>();
        for (String name : Collections.SUB_LIST_CLASSES) {
            for (HeapClass c : heap.classes(name)) {
                for (int id : c.instanceIds()) {
                    HeapObject root = Collections.subListRoot(heap.object(id));
                    if (root != null) {
                        roots.put(root.id(), Boolean.TRUE);
                    }
                }
            }
        }
        // Sub-lists that collection libraries define (Guava's ImmutableList.subList, say): a collection with window
        // fields whose parent is another collection. A dump records no interfaces, so "is a list" is read as "extends
        // AbstractCollection", which every JDK and library collection does.
        // Collection libraries whose lists extend no JDK class (Eclipse Collections' FastList) are read the same way:
        // a structural view whose parent is list-like (see isListLike).
        for (HeapClass c : heap.allClasses()) {
            if (c.isArrayType() || c.instanceCount() == 0) {
                continue;
            }
            if (!c.isSubclassOf(COLLECTION) && !declares(c, "size")) {
                continue; // a sub-list keeps its size; this check keeps the scan to few classes
            }
            int[] ids = c.instanceIds();
            if (g.role(ids[0]) != Role.STRUCTURAL) {
                continue;
            }
            for (int id : ids) {
                HeapObject parent = parentList(heap.object(id));
                if (parent != null) {
                    roots.put(parent.id(), Boolean.TRUE);
                }
            }
        }
        List<PinnedStore> out = new ArrayList<>();
        for (int root : roots.keySet()) {
            // retainedBytes(root) is what collecting the root would free: the list, its array and the elements
            // only it holds. A root below the floor cannot waste enough.
            if (heap.retainedBytes(root) >= SliceRule.MIN_WASTED_BYTES) {
                PinnedStore s = judge(root);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static boolean declares(HeapClass c, String field) {
        for (HeapClass k = c; k != null; k = k.superclass()) {
            if (k.declaredFieldNames().contains(field)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A list as a library may define it: a JDK collection (a dump records no interfaces, so "is a list" is read as
     * "extends AbstractCollection", which every JDK collection and most libraries' do), or an object with an
     * {@code int size} and an array of its own (Eclipse Collections' {@code FastList}: {@code size}, {@code items}).
     */
    private static boolean isListLike(HeapObject o) {
        HeapClass c = o.heapClass();
        if (c.isArrayType()) {
            return false;
        }
        if (c.isSubclassOf(COLLECTION)) {
            return true;
        }
        if (!o.hasField("size")) {
            return false;
        }
        for (HeapClass k = c; k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                if (o.value(k.name(), f) instanceof HeapObject v && v.isArray()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The List a structural sub-list views: the first of its fields that holds another List; null if none. */
    private HeapObject parentList(HeapObject view) {
        for (HeapClass k = view.heapClass(); k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                if (view.value(k.name(), f) instanceof HeapObject v && v.id() != view.id() && isListLike(v)) {
                    return v;
                }
            }
        }
        return null;
    }

    private PinnedStore judge(int root) {
        HeapObject list = heap.object(root);
        Collections.ListArray listArray = Collections.listArray(list);
        int size = listArray != null ? listArray.size() : list.intValue("size", -1);
        Relation relation = new SubListRelation(Math.max(size, 0));
        Map<Integer, View> views = g.explore(root, relation);
        if (views.isEmpty()) {
            return null;
        }
        List<View> external = g.externalViews(views, relation);
        Pin pin = g.pinnedByViews(root, views, external, relation);
        if (pin == Pin.NO) {
            return null; // the root list is still used directly: the sub-lists are not what keeps it
        }
        HeapObject array = listArray == null ? null : listArray.array();
        int elementsId = array == null ? -1 : array.id();
        if (size <= 0) {
            return null;
        }
        long backing = heap.retainedBytes(root);
        List<long[]> merged = SliceRule.merge(SliceGraph.windows(external), size);
        long visibleElements = 0;
        for (long[] w : merged) {
            visibleElements += w[1] - w[0];
        }
        long visible;
        int primitiveBytes = array == null ? 0 : Buffers.elementBytes(array.className());
        if (primitiveBytes > 0) {
            // A list of primitives (fastutil's ByteArrayList, say): the visible slots are all it can see.
            visible = visibleElements * primitiveBytes;
        } else if (elementsId >= 0) {
            // Exact: each visible slot, plus what each visible element would still retain if copied out (only
            // elements that the root list owns in the dominator tree; shared ones are not in its retained size).
            visible = 0;
            for (long[] w : merged) {
                // Only the window's elements are resolved: the root may hold millions.
                int[] ids = array.elementIds((int) w[0], (int) w[1]);
                for (int e : ids) {
                    visible += referenceBytes;
                    if (e != 0) {
                        int dom = heap.immediateDominator(e);
                        if (dom == elementsId || dom == root) {
                            visible += heap.retainedBytes(e);
                        }
                    }
                }
            }
        } else {
            // Linked or unknown roots: no cheap index into the elements, so assume they cost the same each.
            visible = backing * visibleElements / size;
        }
        SliceRule.Verdict verdict = SliceRule.judge(backing, visible);
        View rep = g.representative(external);
        if (!verdict.reported() || rep == null) {
            return null;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("rootSize", size);
        attrs.put("visibleElements", visibleElements);
        String label = Names.simpleName(list.className()) + "(size " + size + ")";
        return scan.pinned(new SliceScan.Store(Kind.SUB_LIST, root, label, false, backing, attrs), verdict,
                new SliceScan.Judged(views, external, rep, pin));
    }

    /** Sub-lists of one root list (any depth); windows in element indexes of the root. */
    private final class SubListRelation implements Relation {
        private final long rootSize;

        SubListRelation(long rootSize) {
            this.rootSize = rootSize;
        }

        @Override
        public View viewOf(int r, int node, View nodeView) {
            if (g.role(r) == Role.STRUCTURAL && (heap.classOf(r).isSubclassOf(COLLECTION)
                    || parentList(heap.object(r)) != null)) {
                return g.structuralView(r, node, nodeView, rootSize, 1);
            }
            if (g.role(r) != Role.SUB_LIST) {
                return null;
            }
            HeapObject o = heap.object(r);
            long offset = o.intValue("offset", 0);
            long size = o.intValue("size", 0);
            if (nodeView == null) {
                // 11+ `root`, 6-8 ArrayList$SubList `this$0`: offsets are absolute in the root.
                if (SliceGraph.refersTo(o, "root", node) || SliceGraph.refersTo(o, "this$0", node) || SliceGraph.refersTo(o, "l", node)) {
                    return new View(r, o.className(), Role.SUB_LIST, false, offset, offset + size);
                }
                return null;
            }
            // 6-8 java.util.SubList of a SubList: its offset is relative to its parent `l`.
            if (o.hasField("l") && SliceGraph.refersTo(o, "l", node)) {
                long start = nodeView.start() + offset;
                return new View(r, o.className(), Role.SUB_LIST, false, start, start + size);
            }
            return null;
        }

        @Override
        public boolean isPlumbing(int r, int node, Map<Integer, View> views) {
            if (g.isReferenceTo(r, node)) {
                return true;
            }
            if (g.role(r) != Role.SYNC_WRAPPER) {
                return false;
            }
            HeapObject w = heap.object(r);
            HeapObject c = w.ref("c");
            if (c != null && c.id() != node && views.containsKey(c.id()) && SliceGraph.refersTo(w, "mutex", node)) {
                return true; // Vector.subList(): synchronizedList(subList, mutex = the Vector) → mutex is plumbing
            }
            if (c != null && c.id() == node) {
                // synchronizedList(root).subList(): the sub-list's wrapper uses the root's wrapper as mutex. That
                // wrapper is plumbing if nothing but such mutex fields (and its own mutex = this) hold it.
                for (int holder : heap.referrers(r)) {
                    if (holder == r) {
                        continue;
                    }
                    if (g.role(holder) != Role.SYNC_WRAPPER) {
                        return false;
                    }
                    HeapObject hw = heap.object(holder);
                    HeapObject hc = hw.ref("c");
                    if (!SliceGraph.refersTo(hw, "mutex", r) || hc == null || !views.containsKey(hc.id())) {
                        return false;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
