package dev.heaptriage.detect;

import dev.heaptriage.detect.jdk.JdkClasses;
import dev.heaptriage.units.Names;
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
 * The heap side of {@code retained-slice}: finds backing stores (big primitive arrays, {@code allocateDirect} blocks,
 * root lists) and the views on them, by walking <em>referrers</em> outwards from each store. It starts from the
 * stores, never from a full-heap walk: only arrays of at least {@link SliceRule#MIN_WASTED_BYTES} (one size-index
 * lookup per primitive array decides, no array is loaded), allocating direct buffers of that capacity, and the roots
 * of the few sub-list objects a heap has are looked at, so the cost grows with the number of big stores and views,
 * not with the heap; paths to GC roots are computed only for the evidence kept.
 *
 * <p>The model, the same for every kind of store:
 * <ul>
 *   <li>A <b>view</b> of a store is an object that sees a window of it: a heap buffer's {@code hb}, a String's
 *       {@code value}, a sub-list's {@code root}, a direct buffer's {@code att}; and views of views (an
 *       {@code asIntBuffer()} view's {@code bb}, a {@code StringCharBuffer}'s {@code str}, a JDK 6-8 sub-list's
 *       {@code l}).</li>
 *   <li>A store is <b>pinned by its views</b> only if every referrer of the store is one of its views (or JDK
 *       plumbing that keeps nothing alive on its own: a weak/phantom reference such as the direct buffer's
 *       {@code Cleaner}, a synchronized wrapper's {@code mutex}). Anything else holding the store means the views
 *       are not what keeps it alive, and nothing is reported; except a running method's local variable, which is
 *       transient (see {@link #pinnedByViews}).</li>
 *   <li>A view is <b>external</b> when something other than the store's views holds it (an application field, a
 *       local, a wrapper). Only external views' windows count as visible: a slice that only an
 *       {@code asIntBuffer()} view still references can be reached only through that view's window.</li>
 *   <li>Visible = the union of the external views' windows (each store counted once, however many views share
 *       it); wasted = store − visible; {@link SliceRule#judge} decides.</li>
 * </ul>
 */
final class SliceScan {
    /**
     * A safety cap on the views one store can have, so one pathological store (a text shared by millions of JDK 6
     * substrings) cannot stall the run; a store with more is still judged on the views found.
     */
    private static final int MAX_VIEWS_PER_STORE = 100_000;

    /** Reference slot size in MAT's object model (8-byte references). */
    private static final int REFERENCE_BYTES = 8;

    private static final String[] ARRAY_CLASSES = {"byte[]", "char[]", "short[]", "int[]", "long[]", "float[]",
            "double[]"};

    private static final List<String> SUB_LIST_CLASSES = List.of(
            "java.util.ArrayList$SubList",                 // 6-8 inner class (this$0), 11+ static (root)
            "java.util.AbstractList$SubList",              // 11+
            "java.util.AbstractList$RandomAccessSubList",  // 11+
            "java.util.ImmutableCollections$SubList",      // 11+ (List.of(...).subList)
            "java.util.SubList",                           // 6-8, top-level in AbstractList.java
            "java.util.RandomAccessSubList");              // 6-8

    /** What an object can be to this detector, decided once per class. */
    enum Role { HEAP_BUFFER, BYTE_BUFFER_AS, STRING, STRING_CHAR_BUFFER, DIRECT_BUFFER, SUB_LIST, REFERENCE,
        SYNC_WRAPPER, THREAD, OTHER }

    /** The kinds of store, one finding family each. */
    enum Kind {
        LEGACY_SUBSTRING("substring"), HEAP_BUFFER("heap-buffer"), DIRECT_BUFFER("direct-buffer"),
        SUB_LIST("sublist");

        final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    /** A view on a store: the window {@code [start, end)} it sees, in the store's units. */
    record View(int id, String className, Role role, boolean legacyString, long start, long end) {
        long width() {
            return end - start;
        }
    }

    /**
     * One store that its views pin, with a positive verdict. {@code representativeViewId} is the external view with
     * the widest window (the evidence object); {@code ownerKey} the class that owns the store in the dominator tree
     * (for grouping and fingerprints); {@code alsoHeldByLocal} that a running method's local variable holds the store
     * too (see {@link #pinnedByViews}); {@code attributes} the numbers the evidence shows.
     */
    record PinnedStore(Kind kind, int backingId, String backingLabel, SliceRule.Verdict verdict, int externalViews,
                       int allViews, int representativeViewId, String representativeClass, String ownerKey,
                       boolean offHeap, long heapRetainedBytes, boolean alsoHeldByLocal,
                       Map<String, Object> attributes) {
    }

    /** How views hang off a store, per kind of store. */
    private interface Relation {
        /** The view {@code referrer} is of {@code node} (the store, or a view with window {@code nodeView}); null if none. */
        View viewOf(int referrer, int node, View nodeView);

        /** True for a referrer of {@code node} that is not a view but keeps nothing alive by itself. */
        boolean isPlumbing(int referrer, int node, Map<Integer, View> views);
    }

    private final HeapView heap;
    private final String stringClassName;
    private final Map<Integer, Role> roles = new HashMap<>();
    private final Map<Integer, Boolean> legacyLayouts = new HashMap<>();
    private Map<Integer, HeapClass> classesById;

    /**
     * @param stringClassName the class to treat as {@code java.lang.String}; tests pass a look-alike with the
     *                        JDK 6 layout, because no JVM that dumps {@code offset/count} Strings exists here
     */
    SliceScan(HeapView heap, String stringClassName) {
        this.heap = heap;
        this.stringClassName = stringClassName;
    }

    List<PinnedStore> findAll() {
        List<PinnedStore> out = new ArrayList<>();
        out.addAll(arrayStores());
        out.addAll(directStores());
        out.addAll(subListStores());
        return out;
    }

    // ---- roles ------------------------------------------------------------------------------------------

    Role role(int objectId) {
        HeapClass c = heap.classOf(objectId);
        return roles.computeIfAbsent(c.id(), k -> roleOf(c));
    }

    private Role roleOf(HeapClass c) {
        String n = c.name();
        if (n.equals(stringClassName)) {
            return Role.STRING;
        }
        if (n.equals("java.nio.StringCharBuffer")) {
            return Role.STRING_CHAR_BUFFER;
        }
        if (n.startsWith("java.nio.ByteBufferAs")) {
            return Role.BYTE_BUFFER_AS;
        }
        if (c.isSubclassOf("java.nio.Buffer")) {
            if (n.startsWith("java.nio.Direct")) {
                return Role.DIRECT_BUFFER;
            }
            return JdkClasses.declaringClass(c, "hb") != null ? Role.HEAP_BUFFER : Role.OTHER;
        }
        for (String s : SUB_LIST_CLASSES) {
            if (c.isSubclassOf(s)) {
                return Role.SUB_LIST;
            }
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
        return Role.OTHER;
    }

    /**
     * jdk-layouts.md §2, §11: a String class that itself declares {@code offset} and {@code count} next to
     * {@code value} is the JDK 6 … 7u5 layout, where substrings share the parent's {@code char[]}. Decided by the
     * fields present, never by a version string.
     */
    boolean isLegacyStringLayout(HeapClass stringClass) {
        return legacyLayouts.computeIfAbsent(stringClass.id(), k -> {
            List<String> f = stringClass.declaredFieldNames();
            return f.contains("value") && f.contains("offset") && f.contains("count");
        });
    }

    private static boolean refersTo(HeapObject o, String field, int id) {
        HeapObject r = o.ref(field);
        return r != null && r.id() == id;
    }

    /** Weak, soft, phantom and final references (incl. the direct buffer's Cleaner) keep their referent only weakly. */
    private boolean isReferenceTo(int referrer, int node) {
        return role(referrer) == Role.REFERENCE && refersTo(heap.object(referrer), "referent", node);
    }

    // ---- the walk shared by every kind ------------------------------------------------------------------

    /** Every view of {@code backingId}, breadth first (views of the store, then views of those views). */
    private Map<Integer, View> explore(int backingId, Relation relation) {
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
    private boolean heldOnlyByViews(int id, Map<Integer, View> views, Relation relation) {
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
    private Pin pinnedByViews(int storeId, Map<Integer, View> views, List<View> external, Relation relation) {
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
        for (dev.heaptriage.heap.GcRoot root : heap.roots(storeId)) {
            if (root.kind() != dev.heaptriage.heap.GcRoot.Kind.JAVA_LOCAL) {
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
    private boolean isFrameLocal(int holder, int id) {
        if (role(holder) != Role.THREAD) {
            return false;
        }
        return heap.thread(holder).map(t -> t.frames().stream()
                .anyMatch(f -> java.util.Arrays.stream(f.localIds()).anyMatch(l -> l == id))).orElse(false);
    }

    /** Views that something outside the store's views holds (or that are roots themselves: no referrer at all). */
    private List<View> externalViews(Map<Integer, View> views, Relation relation) {
        List<View> out = new ArrayList<>();
        for (View v : views.values()) {
            if (heap.referrers(v.id()).length == 0 || !heldOnlyByViews(v.id(), views, relation)) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<long[]> windows(List<View> views) {
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
    private View representative(List<View> external) {
        View best = null;
        for (View v : external) {
            if (heap.isLive(v.id()) && (best == null || v.width() > best.width())) {
                best = v;
            }
        }
        return best;
    }

    // ---- arrays: heap buffers and Strings ---------------------------------------------------------------

    private List<PinnedStore> arrayStores() {
        List<PinnedStore> out = new ArrayList<>();
        for (String arrayClass : ARRAY_CLASSES) {
            int elementBytes = SliceRule.elementBytes(arrayClass);
            for (HeapClass c : heap.classes(arrayClass)) {
                for (int id : c.instanceIds()) {
                    // Only a store at least as big as the waste floor can waste that much: a cheap index lookup
                    // that skips almost every array of a heap.
                    if (heap.shallowBytes(id) >= SliceRule.MIN_WASTED_BYTES && hasArrayViewReferrer(id)) {
                        PinnedStore s = judgeArray(id, arrayClass, elementBytes);
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
            Role role = role(r);
            if (role == Role.HEAP_BUFFER || role == Role.STRING) {
                return true;
            }
        }
        return false;
    }

    private PinnedStore judgeArray(int arrayId, String arrayClass, int elementBytes) {
        Relation relation = new ArrayRelation(arrayId, elementBytes);
        Map<Integer, View> views = explore(arrayId, relation);
        if (views.isEmpty()) {
            return null;
        }
        List<View> external = externalViews(views, relation);
        Pin pin = pinnedByViews(arrayId, views, external, relation);
        if (pin == Pin.NO) {
            return null;
        }
        int length = heap.object(arrayId).length();
        long backing = heap.shallowBytes(arrayId);
        long visible = SliceRule.unionLength(windows(external), (long) length * elementBytes);
        SliceRule.Verdict verdict = SliceRule.judge(backing, visible);
        View rep = representative(external);
        if (!verdict.reported() || rep == null) {
            return null;
        }
        Kind kind = rep.legacyString() ? Kind.LEGACY_SUBSTRING : Kind.HEAP_BUFFER;
        if (kind == Kind.HEAP_BUFFER && rep.role() == Role.STRING) {
            return null; // a modern String sees its whole array; it can only waste behind a StringCharBuffer
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("backingLength", length);
        if (kind == Kind.LEGACY_SUBSTRING) {
            attrs.put("visibleChars", visible / 2);
        } else {
            attrs.put("viewCapacity", heap.object(rep.id()).intValue("capacity", -1));
        }
        String label = arrayClass.replace("[]", "[" + length + "]");
        return pinned(kind, arrayId, label, verdict, external.size(), views, rep, false, backing, pin, attrs);
    }

    /** Heap buffers, As-views, Strings and StringCharBuffers over one primitive array; windows in bytes. */
    private final class ArrayRelation implements Relation {
        private final int arrayId;
        private final int elementBytes;

        ArrayRelation(int arrayId, int elementBytes) {
            this.arrayId = arrayId;
            this.elementBytes = elementBytes;
        }

        @Override
        public View viewOf(int r, int node, View nodeView) {
            Role role = role(r);
            if (nodeView == null) {
                if (role == Role.HEAP_BUFFER) {
                    // X-Buffer.java.template: a heap buffer sees hb[offset, offset + capacity); position and limit
                    // move inside that, so capacity, not limit − position, is what it can ever see (a half-filled
                    // I/O buffer is not a slice).
                    HeapObject o = heap.object(r);
                    if (!refersTo(o, "hb", node)) {
                        return null;
                    }
                    long start = (long) o.intValue("offset", 0) * elementBytes;
                    long end = start + (long) o.intValue("capacity", 0) * elementBytes;
                    return new View(r, o.className(), role, false, start, end);
                }
                if (role == Role.STRING) {
                    HeapObject o = heap.object(r);
                    if (!refersTo(o, "value", node)) {
                        return null;
                    }
                    if (isLegacyStringLayout(o.heapClass())) {
                        long[] w = SliceRule.legacyStringWindow(o.intValue("offset", 0), o.intValue("count", 0));
                        return new View(r, o.className(), role, true, w[0], w[1]);
                    }
                    // 7u6+: a String always sees its whole value array.
                    return new View(r, o.className(), role, false, 0,
                            (long) heap.object(node).length() * elementBytes);
                }
                return null;
            }
            if (nodeView.role() == Role.HEAP_BUFFER && role == Role.BYTE_BUFFER_AS) {
                HeapObject o = heap.object(r);
                if (!refersTo(o, "bb", node)) {
                    return null;
                }
                long start;
                String own = JdkClasses.declaringClass(o.heapClass(), "offset");
                if (own != null && own.startsWith("java.nio.ByteBufferAs")) {
                    // JDK 8: the view declares its own int offset, an absolute byte index into bb.hb.
                    start = o.value(own, "offset") instanceof Number n ? n.longValue() : nodeView.start();
                } else {
                    // 11+: Buffer.address = bb.address + byte position at creation, so the distance between the two
                    // addresses is the view's start relative to bb's own window.
                    long bbAddress = heap.object(node).longValue("address", 0);
                    start = nodeView.start() + (o.longValue("address", bbAddress) - bbAddress);
                }
                long end = start + (long) o.intValue("capacity", 0) * SliceRule.bufferElementBytes(o.className());
                return new View(r, o.className(), role, false, start, end);
            }
            if (nodeView.role() == Role.STRING && role == Role.STRING_CHAR_BUFFER) {
                HeapObject o = heap.object(r);
                if (!refersTo(o, "str", node)) {
                    return null;
                }
                // CharBuffer.wrap(CharSequence): sees str[offset, offset + capacity). A Latin-1 compact String
                // (coder 0, byte[] value) spends one byte per char, everything else two.
                HeapObject s = heap.object(node);
                int bytesPerChar = elementBytes == 1 && s.intValue("coder", 0) == 0 ? 1 : 2;
                long start = nodeView.start() + (long) o.intValue("offset", 0) * bytesPerChar;
                long end = start + (long) o.intValue("capacity", 0) * bytesPerChar;
                return new View(r, o.className(), role, nodeView.legacyString(), start, end);
            }
            return null;
        }

        @Override
        public boolean isPlumbing(int r, int node, Map<Integer, View> views) {
            return isReferenceTo(r, node);
        }

        @Override
        public String toString() {
            return "array " + arrayId;
        }
    }

    // ---- direct buffers ---------------------------------------------------------------------------------

    private List<PinnedStore> directStores() {
        List<PinnedStore> out = new ArrayList<>();
        for (HeapClass c : heap.classesAssignableTo("java.nio.Buffer")) {
            if (!c.name().startsWith("java.nio.Direct") || JdkClasses.declaringClass(c, "cleaner") == null) {
                continue;
            }
            for (int id : c.instanceIds()) {
                PinnedStore s = judgeAllocator(id);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * An allocating direct buffer (jdk-layouts.md §3): {@code cleaner != null} and its thunk is a
     * {@code Deallocator}, whose {@code capacity} is the off-heap block. File mappings (thunk {@code Unmapper}) are
     * left out: their pages belong to the file and the OS can drop them, so a slice pinning a mapping is not
     * wasted memory in the same sense. JNI buffers ({@code cleaner == null}, {@code att == null}) own nothing.
     */
    private PinnedStore judgeAllocator(int id) {
        HeapObject o = heap.object(id);
        HeapObject cleaner = o.ref("cleaner");
        HeapObject thunk = cleaner == null ? null : cleaner.ref("thunk");
        if (thunk == null || !thunk.className().endsWith("Deallocator")) {
            return null;
        }
        long capacity = thunk.intValue("capacity", o.intValue("capacity", 0));
        if (capacity < SliceRule.MIN_WASTED_BYTES) {
            return null;
        }
        long address = o.longValue("address", 0);
        Relation relation = new DirectRelation(address);
        Map<Integer, View> views = explore(id, relation);
        if (views.isEmpty()) {
            return null;
        }
        List<View> external = externalViews(views, relation);
        Pin pin = pinnedByViews(id, views, external, relation);
        if (pin == Pin.NO) {
            return null; // no views, or the allocating buffer itself is still held: its owner can still use it all
        }
        long visible = SliceRule.unionLength(windows(external), capacity);
        SliceRule.Verdict verdict = SliceRule.judge(capacity, visible);
        View rep = representative(external);
        if (!verdict.reported() || rep == null) {
            return null;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("viewCapacity", heap.object(rep.id()).intValue("capacity", -1));
        return pinned(Kind.DIRECT_BUFFER, id, "allocateDirect(" + capacity + ")", verdict, external.size(), views,
                rep, true, heap.retainedBytes(id), pin, attrs);
    }

    /** Slices, duplicates and asXBuffer views of one allocating direct buffer; windows in bytes of its block. */
    private final class DirectRelation implements Relation {
        private final long allocatorAddress;

        DirectRelation(long allocatorAddress) {
            this.allocatorAddress = allocatorAddress;
        }

        @Override
        public View viewOf(int r, int node, View nodeView) {
            if (role(r) != Role.DIRECT_BUFFER) {
                return null;
            }
            HeapObject o = heap.object(r);
            // 7u2+ `att`, 6/7GA `viewedBuffer`: the buffer this one was made from (11+: always the allocator;
            // 8: the direct parent, so the walk follows the chain).
            String field = o.hasField("att") ? "att" : "viewedBuffer";
            if (!refersTo(o, field, node)) {
                return null;
            }
            long start = o.longValue("address", allocatorAddress) - allocatorAddress;
            long end = start + (long) o.intValue("capacity", 0) * SliceRule.bufferElementBytes(o.className());
            return new View(r, o.className(), Role.DIRECT_BUFFER, false, start, end);
        }

        @Override
        public boolean isPlumbing(int r, int node, Map<Integer, View> views) {
            return isReferenceTo(r, node); // the Cleaner (a PhantomReference) whose referent is the allocator
        }
    }

    /** Bytes {@code allocateDirect} may reserve in total ({@code Bits.MAX_MEMORY} 11+, {@code maxMemory} 6-8); 0 if unknown. */
    long maxDirectMemory() {
        for (HeapClass bits : heap.classes("java.nio.Bits")) {
            for (String f : new String[] {"MAX_MEMORY", "maxMemory"}) {
                if (bits.staticValue(f) instanceof Number n && n.longValue() > 0) {
                    return n.longValue();
                }
            }
        }
        return 0;
    }

    // ---- sub-lists --------------------------------------------------------------------------------------

    private List<PinnedStore> subListStores() {
        Map<Integer, Boolean> roots = new LinkedHashMap<>();
        for (String name : SUB_LIST_CLASSES) {
            for (HeapClass c : heap.classes(name)) {
                for (int id : c.instanceIds()) {
                    int root = rootOf(heap.object(id));
                    if (root >= 0) {
                        roots.put(root, Boolean.TRUE);
                    }
                }
            }
        }
        List<PinnedStore> out = new ArrayList<>();
        for (int root : roots.keySet()) {
            // retainedBytes(root) is what collecting the root would free: the list, its array and the elements
            // only it holds. A root below the floor cannot waste enough.
            if (heap.retainedBytes(root) >= SliceRule.MIN_WASTED_BYTES) {
                PinnedStore s = judgeRootList(root);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The root list of a sub-list (jdk-layouts.md §4), or -1. */
    private int rootOf(HeapObject subList) {
        for (String f : new String[] {"root", "this$0"}) {
            if (subList.hasField(f)) {
                HeapObject r = subList.ref(f);
                return r == null ? -1 : r.id();
            }
        }
        HeapObject l = subList.ref("l"); // 6-8 java.util.SubList: l is the parent, maybe another SubList
        for (int depth = 0; l != null && role(l.id()) == Role.SUB_LIST && depth < 10_000; depth++) {
            l = l.ref("l");
        }
        return l == null ? -1 : l.id();
    }

    private PinnedStore judgeRootList(int root) {
        Relation relation = new SubListRelation();
        Map<Integer, View> views = explore(root, relation);
        if (views.isEmpty()) {
            return null;
        }
        List<View> external = externalViews(views, relation);
        Pin pin = pinnedByViews(root, views, external, relation);
        if (pin == Pin.NO) {
            return null; // the root list is still used directly: the sub-lists are not what keeps it
        }
        HeapObject list = heap.object(root);
        int elementsId = -1;
        int size;
        HeapObject array = list.ref("elementData");             // ArrayList, Vector
        if (array == null) {
            array = list.ref("elements");                      // ImmutableCollections$ListN
        }
        if (array == null) {
            array = list.ref("a");                             // Arrays$ArrayList
        }
        if (array != null && array.isArray()) {
            elementsId = array.id();
            size = list.hasField("size") ? list.intValue("size", 0)
                    : list.hasField("elementCount") ? list.intValue("elementCount", 0) : array.length();
        } else {
            size = list.intValue("size", -1);
        }
        if (size <= 0) {
            return null;
        }
        long backing = heap.retainedBytes(root);
        List<long[]> merged = SliceRule.merge(windows(external), size);
        long visibleElements = 0;
        for (long[] w : merged) {
            visibleElements += w[1] - w[0];
        }
        long visible;
        if (elementsId >= 0) {
            // Exact: each visible slot, plus what each visible element would still retain if copied out (only
            // elements that the root list owns in the dominator tree; shared ones are not in its retained size).
            visible = 0;
            for (long[] w : merged) {
                // Only the window's elements are resolved: the root may hold millions.
                int[] ids = array.elementIds((int) w[0], (int) w[1]);
                for (int e : ids) {
                    visible += REFERENCE_BYTES;
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
        View rep = representative(external);
        if (!verdict.reported() || rep == null) {
            return null;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("rootSize", size);
        attrs.put("visibleElements", visibleElements);
        String label = Names.simpleName(list.className()) + "(size " + size + ")";
        return pinned(Kind.SUB_LIST, root, label, verdict, external.size(), views, rep, false, backing, pin, attrs);
    }

    /** Sub-lists of one root list (any depth); windows in element indexes of the root. */
    private final class SubListRelation implements Relation {
        @Override
        public View viewOf(int r, int node, View nodeView) {
            if (role(r) != Role.SUB_LIST) {
                return null;
            }
            HeapObject o = heap.object(r);
            long offset = o.intValue("offset", 0);
            long size = o.intValue("size", 0);
            if (nodeView == null) {
                // 11+ `root`, 6-8 ArrayList$SubList `this$0`: offsets are absolute in the root.
                if (refersTo(o, "root", node) || refersTo(o, "this$0", node) || refersTo(o, "l", node)) {
                    return new View(r, o.className(), Role.SUB_LIST, false, offset, offset + size);
                }
                return null;
            }
            // 6-8 java.util.SubList of a SubList: its offset is relative to its parent `l`.
            if (o.hasField("l") && refersTo(o, "l", node)) {
                long start = nodeView.start() + offset;
                return new View(r, o.className(), Role.SUB_LIST, false, start, start + size);
            }
            return null;
        }

        @Override
        public boolean isPlumbing(int r, int node, Map<Integer, View> views) {
            if (isReferenceTo(r, node)) {
                return true;
            }
            if (role(r) != Role.SYNC_WRAPPER) {
                return false;
            }
            HeapObject w = heap.object(r);
            HeapObject c = w.ref("c");
            if (c != null && c.id() != node && views.containsKey(c.id()) && refersTo(w, "mutex", node)) {
                return true; // Vector.subList(): synchronizedList(subList, mutex = the Vector) → mutex is plumbing
            }
            if (c != null && c.id() == node) {
                // synchronizedList(root).subList(): the sub-list's wrapper uses the root's wrapper as mutex. That
                // wrapper is plumbing if nothing but such mutex fields (and its own mutex = this) hold it.
                for (int holder : heap.referrers(r)) {
                    if (holder == r) {
                        continue;
                    }
                    if (role(holder) != Role.SYNC_WRAPPER) {
                        return false;
                    }
                    HeapObject hw = heap.object(holder);
                    HeapObject hc = hw.ref("c");
                    if (!refersTo(hw, "mutex", r) || hc == null || !views.containsKey(hc.id())) {
                        return false;
                    }
                }
                return true;
            }
            return false;
        }
    }

    // ---- results ----------------------------------------------------------------------------------------

    private PinnedStore pinned(Kind kind, int backingId, String label, SliceRule.Verdict verdict, int external,
                               Map<Integer, View> views, View rep, boolean offHeap, long heapRetained, Pin pin,
                               Map<String, Object> attrs) {
        return new PinnedStore(kind, backingId, label, verdict, external, views.size(), rep.id(), rep.className(),
                ownerKey(rep.id(), views), offHeap, heapRetained, pin == Pin.VIEWS_AND_LOCAL, attrs);
    }

    /**
     * The class that owns a store, from the dominator tree (cheap: no path search): walk up from the representative
     * view's immediate dominator past the store's views and JDK objects to the first application object or class (a
     * static holder). Not from the store itself: a direct buffer's block is also referenced by its Cleaner, which
     * would put the store's dominator at the root.
     */
    private String ownerKey(int viewId, Map<Integer, View> views) {
        String last = null;
        int id = heap.immediateDominator(viewId);
        for (int depth = 0; id >= 0 && depth < 10_000; depth++) {
            HeapClass asClass = classesById().get(id);
            if (asClass != null) {
                return asClass.name();
            }
            String name = JdkClasses.stableClassName(heap.classOf(id).name());
            if (!views.containsKey(id) && !JdkClasses.isJdkClass(name)) {
                return name;
            }
            last = name;
            id = heap.immediateDominator(id);
        }
        return last == null ? "gc-root" : last;
    }

    private Map<Integer, HeapClass> classesById() {
        if (classesById == null) {
            classesById = new HashMap<>();
            for (HeapClass c : heap.allClasses()) {
                classesById.put(c.id(), c);
            }
        }
        return classesById;
    }
}
