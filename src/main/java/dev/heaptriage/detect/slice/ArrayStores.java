package dev.heaptriage.detect.slice;

import dev.heaptriage.detect.jdk.Buffers;
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

/** Primitive arrays pinned by heap buffers, their {@code asXBuffer} views, Strings and {@code StringCharBuffer}s. */
final class ArrayStores {
    private static final String[] ARRAY_CLASSES = {"byte[]", "char[]", "short[]", "int[]", "long[]", "float[]",
            "double[]"};

    private final SliceGraph g;
    private final HeapView heap;
    private final SliceScan scan;

    ArrayStores(SliceGraph g, SliceScan scan) {
        this.g = g;
        this.heap = g.heap;
        this.scan = scan;
    }

    List<PinnedStore> find() {
        List<PinnedStore> out = new ArrayList<>();
        for (String arrayClass : ARRAY_CLASSES) {
            int elementBytes = Buffers.elementBytes(arrayClass);
            for (HeapClass c : heap.classes(arrayClass)) {
                for (int id : c.instanceIds()) {
                    // Only a store at least as big as the waste floor can waste that much: a cheap index lookup
                    // that skips almost every array of a heap.
                    if (heap.shallowBytes(id) >= SliceRule.MIN_WASTED_BYTES && hasArrayViewReferrer(id)) {
                        PinnedStore s = judge(id, arrayClass, elementBytes);
                        if (s != null) {
                            out.add(s);
                        }
                    }
                }
            }
        }
        return out;
    }

    private boolean hasArrayViewReferrer(int arrayId) {
        for (int r : heap.referrers(arrayId)) {
            Role role = g.role(r);
            if (role == Role.HEAP_BUFFER || role == Role.STRING || role == Role.LIBRARY_BUFFER
                    || role == Role.STRUCTURAL) {
                return true;
            }
        }
        return false;
    }

    private PinnedStore judge(int arrayId, String arrayClass, int elementBytes) {
        Relation relation = new ArrayRelation(elementBytes, heap.object(arrayId).length());
        Map<Integer, View> views = g.explore(arrayId, relation);
        if (views.isEmpty()) {
            return null;
        }
        List<View> external = g.externalViews(views, relation);
        Pin pin = g.pinnedByViews(arrayId, views, external, relation);
        if (pin == Pin.NO) {
            return null;
        }
        int length = heap.object(arrayId).length();
        long backing = heap.shallowBytes(arrayId);
        long visible = SliceRule.unionLength(SliceGraph.windows(external), (long) length * elementBytes);
        SliceRule.Verdict verdict = SliceRule.judge(backing, visible);
        View rep = g.representative(external);
        if (!verdict.reported() || rep == null) {
            return null;
        }
        Kind kind = rep.legacyString() ? Kind.LEGACY_SUBSTRING
                : rep.role() == Role.STRUCTURAL || rep.role() == Role.LIBRARY_BUFFER ? Kind.VIEW : Kind.HEAP_BUFFER;
        if (kind == Kind.HEAP_BUFFER && rep.role() == Role.STRING) {
            return null; // a modern String sees its whole array; it can only waste behind a StringCharBuffer
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("backingLength", length);
        if (kind == Kind.LEGACY_SUBSTRING) {
            attrs.put("visibleChars", visible / 2);
        } else if (kind == Kind.VIEW) {
            attrs.put("viewBytes", rep.width());
        } else {
            attrs.put("viewCapacity", heap.object(rep.id()).intValue("capacity", -1));
        }
        String label = arrayClass.replace("[]", "[" + length + "]");
        return scan.pinned(new SliceScan.Store(kind, arrayId, label, false, backing, attrs), verdict,
                new SliceScan.Judged(views, external, rep, pin));
    }

    /** Heap buffers, As-views, Strings and StringCharBuffers over one primitive array; windows in bytes. */
    private final class ArrayRelation implements Relation {
        private final int elementBytes;
        private final long length;

        ArrayRelation(int elementBytes, long length) {
            this.elementBytes = elementBytes;
            this.length = length;
        }

        @Override
        public View viewOf(int r, int node, View nodeView) {
            Role role = g.role(r);
            HeapObject o;
            if (nodeView == null) {
                if (role == Role.HEAP_BUFFER) {
                    o = heap.object(r);
                    if (!SliceGraph.refersTo(o, "hb", node)) {
                        return null;
                    }
                    long[] w = Buffers.heapBufferWindow(o, elementBytes);
                    return new View(r, o.className(), role, false, w[0], w[1]);
                }
                if (role == Role.STRING) {
                    o = heap.object(r);
                    if (!SliceGraph.refersTo(o, "value", node)) {
                        return null;
                    }
                    if (g.isLegacyStringLayout(o.heapClass())) {
                        long[] w = SliceRule.legacyStringWindow(o.intValue("offset", 0), o.intValue("count", 0));
                        return new View(r, o.className(), role, true, w[0], w[1]);
                    }
                    // 7u6+: a String always sees its whole value array.
                    return new View(r, o.className(), role, false, 0,
                            (long) heap.object(node).length() * elementBytes);
                }
                if (role == Role.LIBRARY_BUFFER) {
                    o = heap.object(r);
                    return SliceGraph.refersTo(o, "array", node)
                            ? new View(r, o.className(), role, false, 0, length * elementBytes) : null;
                }
                // An unsafe-style buffer's raw address over an array is the array's base offset (its header) plus
                // the start.
                return role == Role.STRUCTURAL ? g.structuralView(r, node, null, length, elementBytes,
                        heap.facts().objectLayout().arrayHeaderBytes()) : null;
            }
            if (role == Role.STRUCTURAL && (nodeView.role() == Role.STRUCTURAL
                    || nodeView.role() == Role.LIBRARY_BUFFER)) {
                return g.structuralView(r, node, nodeView, length, elementBytes);
            }
            if (nodeView.role() == Role.HEAP_BUFFER && role == Role.BYTE_BUFFER_AS) {
                o = heap.object(r);
                if (!SliceGraph.refersTo(o, "bb", node)) {
                    return null;
                }
                long start = Buffers.asViewStart(o, heap.object(node), nodeView.start());
                return new View(r, o.className(), role, false, start, start + Buffers.capacityBytes(o));
            }
            if (nodeView.role() == Role.STRING && role == Role.STRING_CHAR_BUFFER) {
                o = heap.object(r);
                if (!SliceGraph.refersTo(o, "str", node)) {
                    return null;
                }
                long[] w = Buffers.stringCharBufferWindow(o, heap.object(node), nodeView.start(), elementBytes);
                return new View(r, o.className(), role, nodeView.legacyString(), w[0], w[1]);
            }
            return null;
        }

        @Override
        public boolean isPlumbing(int r, int node, Map<Integer, View> views) {
            return g.isReferenceTo(r, node);
        }
    }
}
