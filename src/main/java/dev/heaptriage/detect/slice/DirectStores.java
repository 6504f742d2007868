package dev.heaptriage.detect.slice;

import dev.heaptriage.detect.jdk.Buffers;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.slice.SliceGraph.Pin;
import dev.heaptriage.detect.slice.SliceGraph.Relation;
import dev.heaptriage.detect.slice.SliceGraph.Role;
import dev.heaptriage.detect.slice.SliceGraph.View;
import dev.heaptriage.detect.slice.SliceScan.Kind;
import dev.heaptriage.detect.slice.SliceScan.PinnedStore;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code allocateDirect} blocks pinned by direct slices, duplicates and views (jdk-layouts.md §3), and by views that
 * hold the block's buffer with a raw address into it and a capacity (an unsafe-style buffer, {@link StructuralViews}). File mappings are
 * left out: their pages belong to the file and the OS can drop them, so a slice pinning a mapping is not wasted
 * memory in the same sense. JNI buffers own nothing.
 */
final class DirectStores {
    private final SliceGraph g;
    private final HeapView heap;
    private final SliceScan scan;

    DirectStores(SliceGraph g, SliceScan scan) {
        this.g = g;
        this.heap = g.heap;
        this.scan = scan;
    }

    List<PinnedStore> find() {
        List<PinnedStore> out = new ArrayList<>();
        for (HeapClass c : heap.classesAssignableTo(Buffers.BUFFER)) {
            if (!Buffers.isDirectBuffer(c) || JdkClasses.declaringClass(c, "cleaner") == null) {
                continue;
            }
            for (int id : c.instanceIds()) {
                PinnedStore s = judge(id);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private PinnedStore judge(int id) {
        HeapObject o = heap.object(id);
        long capacity = Buffers.allocatedBytes(o);
        if (capacity < SliceRule.MIN_WASTED_BYTES) {
            return null; // too small to waste enough, or not an allocating buffer
        }
        Relation relation = new DirectRelation(o.longValue("address", 0), capacity);
        Map<Integer, View> views = g.explore(id, relation);
        if (views.isEmpty()) {
            return null;
        }
        List<View> external = g.externalViews(views, relation);
        Pin pin = g.pinnedByViews(id, views, external, relation);
        if (pin == Pin.NO) {
            return null; // the allocating buffer itself is still held: its owner can still use it all
        }
        long visible = SliceRule.unionLength(SliceGraph.windows(external), capacity);
        SliceRule.Verdict verdict = SliceRule.judge(capacity, visible);
        View rep = g.representative(external);
        if (!verdict.reported() || rep == null) {
            return null;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("viewCapacity", heap.object(rep.id()).intValue("capacity", -1));
        return scan.pinned(new SliceScan.Store(Kind.DIRECT_BUFFER, id, "allocateDirect(" + capacity + ")", true,
                heap.retainedBytes(id), attrs), verdict, new SliceScan.Judged(views, external, rep, pin));
    }

    /** Slices, duplicates and asXBuffer views of one allocating direct buffer; windows in bytes of its block. */
    private final class DirectRelation implements Relation {
        private final long allocatorAddress;
        private final long capacity;

        DirectRelation(long allocatorAddress, long capacity) {
            this.allocatorAddress = allocatorAddress;
            this.capacity = capacity;
        }

        @Override
        public View viewOf(int r, int node, View nodeView) {
            if (g.role(r) == Role.STRUCTURAL && nodeView == null) {
                // An unsafe-style buffer over the block (Agrona's UnsafeBuffer): a raw address inside the block's
                // range plus a capacity.
                return g.structuralView(r, node, null, capacity, 1, allocatorAddress);
            }
            if (g.role(r) != Role.DIRECT_BUFFER) {
                return null;
            }
            HeapObject o = heap.object(r);
            // The buffer this one was made from (11+: always the allocator; 8: the direct parent, so the walk
            // follows the chain).
            if (!SliceGraph.refersTo(o, Buffers.attachmentField(o), node)) {
                return null;
            }
            long start = o.longValue("address", allocatorAddress) - allocatorAddress;
            return new View(r, o.className(), Role.DIRECT_BUFFER, false, start, start + Buffers.capacityBytes(o));
        }

        @Override
        public boolean isPlumbing(int r, int node, Map<Integer, View> views) {
            return g.isReferenceTo(r, node); // the Cleaner (a PhantomReference) whose referent is the allocator
        }
    }
}
