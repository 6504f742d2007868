package dev.heaptriage.detect.slice;

import dev.heaptriage.detect.jdk.Buffers;
import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.detect.libs.NettyBuffers;
import dev.heaptriage.heap.FrameLocal;
import dev.heaptriage.heap.GcRoot;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph walk of {@code retained-slice} that every kind of store shares (see {@link SliceScan} for the model): the
 * role each object plays, a store's views found breadth first over its referrers, whether only those views pin it,
 * and which views something outside them holds.
 */
final class SliceGraph {
    /**
     * A safety cap on the views one store can have, so one pathological store (a text shared by millions of JDK 6
     * substrings) cannot stall the run; a store with more is still judged on the views found.
     */
    private static final int MAX_VIEWS_PER_STORE = 100_000;

    /** What an object can be to this detector, decided once per class. */
    enum Role { HEAP_BUFFER, BYTE_BUFFER_AS, STRING, STRING_CHAR_BUFFER, DIRECT_BUFFER, SUB_LIST, REFERENCE,
        SYNC_WRAPPER, THREAD,
        /** A library's buffer that sees its whole array (a Netty unpooled heap buffer): what its slices view. */
        LIBRARY_BUFFER,
        /** A view a library or the application defines, recognised by its window fields ({@link StructuralViews}). */
        STRUCTURAL,
        OTHER }

    /** A view on a store: the window {@code [start, end)} it sees, in the store's units. */
    record View(int id, String className, Role role, boolean legacyString, long start, long end) {
        long width() {
            return end - start;
        }
    }

    /** How views hang off a store, per kind of store. */
    interface Relation {
        /** The view {@code referrer} is of {@code node} (the store, or a view with window {@code nodeView}); null if none. */
        View viewOf(int referrer, int node, View nodeView);

        /** True for a referrer of {@code node} that is not a view but keeps nothing alive by itself. */
        boolean isPlumbing(int referrer, int node, Map<Integer, View> views);
    }

    final HeapView heap;
    final StructuralViews structural = new StructuralViews();
    private final String stringClassName;
    private final Map<Integer, Role> roles = new HashMap<>();
    private final Map<Integer, Boolean> legacyLayouts = new HashMap<>();

    /**
     * @param stringClassName the class to treat as {@code java.lang.String}; tests pass a look-alike with the
     *                        JDK 6 layout, because no JVM that dumps {@code offset/count} Strings exists here
     */
    SliceGraph(HeapView heap, String stringClassName) {
        this.heap = heap;
        this.stringClassName = stringClassName;
    }

    Role role(int objectId) {
        HeapClass c = heap.classOf(objectId);
        return roles.computeIfAbsent(c.id(), k -> roleOf(c));
    }

    private Role roleOf(HeapClass c) {
        if (c.name().equals(stringClassName)) {
            return Role.STRING;
        }
        if (Buffers.isStringCharBuffer(c)) {
            return Role.STRING_CHAR_BUFFER;
        }
        if (Buffers.isByteBufferAsView(c)) {
            return Role.BYTE_BUFFER_AS;
        }
        if (Buffers.isDirectBuffer(c)) {
            return Role.DIRECT_BUFFER;
        }
        if (c.isSubclassOf(Buffers.BUFFER)) {
            return Buffers.isHeapBuffer(c) ? Role.HEAP_BUFFER : Role.OTHER;
        }
        if (Collections.isSubList(c)) {
            return Role.SUB_LIST;
        }
        if (c.isSubclassOf("java.lang.ref.Reference")) {
            return Role.REFERENCE;
        }
        if (c.isSubclassOf("java.util.Collections$SynchronizedCollection")) {
            return Role.SYNC_WRAPPER;
        }
        if (c.isSubclassOf("java.lang.Thread")) {
            return Role.THREAD;
        }
        if (JdkClasses.isJdkClass(c.name()) || NettyBuffers.isPooled(c)) {
            // The JDK's views have their own rules above; pooled buffers are windows into a chunk the pool holds.
            return Role.OTHER;
        }
        if (NettyBuffers.isUnpooledHeapBuffer(c)) {
            return Role.LIBRARY_BUFFER;
        }
        return structural.layout(c) != null ? Role.STRUCTURAL : Role.OTHER;
    }

    /** {@link Buffers#isLegacyStringLayout}, once per String class. */
    boolean isLegacyStringLayout(HeapClass stringClass) {
        return legacyLayouts.computeIfAbsent(stringClass.id(), k -> Buffers.isLegacyStringLayout(stringClass));
    }

    /**
     * A structural view's window in bytes of the store: {@code o} must reference {@code node} by one of its fields;
     * its window fields are in units of {@code unitBytes} (an array's element size) and relative to
     * {@code nodeView}'s window, or to the store itself ({@code nodeView} null, {@code nodeUnits} its length).
     */
    View structuralView(int r, int node, View nodeView, long nodeUnits, int unitBytes) {
        return structuralView(r, node, nodeView, nodeUnits, unitBytes, StructuralViews.NO_ADDRESS);
    }

    /**
     * As above, with the address at which the store's first unit sits as views hold it ({@code addressBase}: an
     * array's base offset, a direct block's address), so a raw address start reads as a window start.
     */
    View structuralView(int r, int node, View nodeView, long nodeUnits, int unitBytes, long addressBase) {
        HeapObject o = heap.object(r);
        if (o.fieldReferencing(node) == null) {
            return null;
        }
        long units = nodeView == null ? nodeUnits : nodeView.width() / unitBytes;
        long[] w = structural.window(o, structural.layout(o.heapClass()), units,
                nodeView == null ? addressBase : StructuralViews.NO_ADDRESS, unitBytes);
        if (w == null) {
            return null;
        }
        long base = nodeView == null ? 0 : nodeView.start();
        return new View(r, o.className(), Role.STRUCTURAL, false, base + w[0] * unitBytes, base + w[1] * unitBytes);
    }

    static boolean refersTo(HeapObject o, String field, int id) {
        HeapObject r = o.ref(field);
        return r != null && r.id() == id;
    }

    /** Weak, soft, phantom and final references (incl. the direct buffer's Cleaner) keep their referent only weakly. */
    boolean isReferenceTo(int referrer, int node) {
        return role(referrer) == Role.REFERENCE && refersTo(heap.object(referrer), "referent", node);
    }

    /** Every view of {@code backingId}, breadth first (views of the store, then views of those views). */
    Map<Integer, View> explore(int backingId, Relation relation) {
        Map<Integer, View> views = new LinkedHashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(backingId);
        while (!queue.isEmpty() && views.size() < MAX_VIEWS_PER_STORE) {
            int node = queue.poll();
            View nodeView = views.get(node);
            for (int r : heap.referrers(node)) {
                if (r == backingId || views.containsKey(r)) {
                    continue;
                }
                View v = relation.viewOf(r, node, nodeView);
                if (v != null) {
                    views.put(r, v);
                    queue.add(r);
                }
            }
        }
        return views;
    }

    /** True when every referrer of {@code id} is one of the views or harmless plumbing. */
    boolean heldOnlyByViews(int id, Map<Integer, View> views, Relation relation) {
        for (int r : heap.referrers(id)) {
            if (!views.containsKey(r) && !relation.isPlumbing(r, id, views)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the views are what keeps the store alive: every referrer of the store is one of its views or harmless
     * plumbing, and the store is no GC root of its own (a JNI global, a monitor in use).
     *
     * <p>One exception, because it is transient: a local variable of a method still running at dump time (MAT
     * records it as a reference from the thread, plus a "local" root). When the method returns only the views will
     * be left, so a store that a local and a long-lived view share is still reported. But only if some external view
     * is held by more than frame locals itself: a thread working on a slice of a buffer it also holds is not a leak.
     */
    Pin pinnedByViews(int storeId, Map<Integer, View> views, List<View> external, Relation relation) {
        boolean heldByLocal = false;
        for (int r : heap.referrers(storeId)) {
            if (views.containsKey(r) || relation.isPlumbing(r, storeId, views)) {
                continue;
            }
            if (isFrameLocal(r, storeId)) {
                heldByLocal = true;
                continue;
            }
            return Pin.NO;
        }
        for (GcRoot root : heap.roots(storeId)) {
            if (root.kind() != GcRoot.Kind.JAVA_LOCAL) {
                return Pin.NO;
            }
        }
        if (!heldByLocal) {
            return Pin.VIEWS;
        }
        for (View v : external) {
            for (int r : heap.referrers(v.id())) {
                if (!views.containsKey(r) && !isFrameLocal(r, v.id())) {
                    return Pin.VIEWS_AND_LOCAL;
                }
            }
        }
        return Pin.NO;
    }

    /** Whether a store's views pin it: no; yes; yes, and a running method's local variable holds it too. */
    enum Pin { NO, VIEWS, VIEWS_AND_LOCAL }


    /** True when {@code holder} is a thread and {@code id} is referenced from one of its stack frames. */
    boolean isFrameLocal(int holder, int id) {
        if (role(holder) != Role.THREAD) {
            return false;
        }
        for (FrameLocal f : heap.framesHolding(id)) {
            if (f.thread().objectId() == holder) {
                return true;
            }
        }
        return false;
    }

    /** Views that something outside the store's views holds (or that are roots themselves: no referrer at all). */
    List<View> externalViews(Map<Integer, View> views, Relation relation) {
        List<View> out = new ArrayList<>();
        for (View v : views.values()) {
            if (heap.referrers(v.id()).length == 0 || !heldOnlyByViews(v.id(), views, relation)) {
                out.add(v);
            }
        }
        return out;
    }

    static List<long[]> windows(List<View> views) {
        List<long[]> out = new ArrayList<>(views.size());
        for (View v : views) {
            out.add(new long[] {v.start(), v.end()});
        }
        return out;
    }

    /**
     * The widest external view that is live (held by a strong path from a root); null if none is. Views that only
     * the finalizer or a cleaner still holds go with the next GC, so they pin nothing for long.
     */
    View representative(List<View> external) {
        View best = null;
        for (View v : external) {
            if (heap.isLive(v.id()) && (best == null || v.width() > best.width())) {
                best = v;
            }
        }
        return best;
    }
}
