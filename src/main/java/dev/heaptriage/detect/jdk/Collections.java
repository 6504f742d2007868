package dev.heaptriage.detect.jdk;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layouts of the JDK's collections (jdk-layouts.md §4), read by the fields present, like MAT's
 * {@code KnownCollectionInfo}: hash maps and their entries, array-backed and linked lists, sub-lists and their root,
 * and the array-backed priority queues of pools and timers. One implementation each, for every detector.
 */
public final class Collections {
    /** Every JDK sub-list class, 6-8 and 11+ (jdk-layouts.md §4). */
    public static final List<String> SUB_LIST_CLASSES = List.of(
            "java.util.ArrayList$SubList",                 // 6-8 inner class (this$0), 11+ static (root)
            "java.util.AbstractList$SubList",              // 11+
            "java.util.AbstractList$RandomAccessSubList",  // 11+
            "java.util.ImmutableCollections$SubList",      // 11+ (List.of(...).subList)
            "java.util.SubList",                           // 6-8, top-level in AbstractList.java
            "java.util.RandomAccessSubList");              // 6-8

    /** How far a linked structure is followed before giving up (a corrupt or cyclic chain). */
    private static final int MAX_CHAIN = 10_000_000;

    private Collections() {
    }

    /** One mapping of a map: its node (entry) object, key and value (null when the field is null). */
    public record Entry(HeapObject node, HeapObject key, HeapObject value) {
    }

    /**
     * The entries of a table-based map: {@code HashMap}, {@code LinkedHashMap}, {@code Hashtable},
     * {@code ConcurrentHashMap}, {@code WeakHashMap} ({@code table} of nodes chained by {@code next}; the value is
     * {@code value} or, in {@code ConcurrentHashMap}, {@code val}; a tree bin's nodes are chained by {@code next}
     * too). Empty for anything else or an empty map.
     */
    public static List<Entry> mapEntries(HeapView heap, HeapObject map) {
        List<Entry> out = new ArrayList<>();
        HeapObject table = map == null ? null : map.ref("table");
        if (table == null || !table.isArray()) {
            return out;
        }
        for (int nodeId : table.elementIds()) {
            int steps = 0;
            for (HeapObject n = nodeId == 0 ? null : heap.object(nodeId); n != null && steps < MAX_CHAIN;
                 n = n.ref("next"), steps++) {
                if (n.className().endsWith("$TreeBin")) {
                    n = n.ref("first"); // ConcurrentHashMap's tree bins hold their nodes in a list from `first`
                    if (n == null) {
                        break;
                    }
                }
                if (n.className().endsWith("$ForwardingNode")) {
                    break; // a resize in progress: the entries are in the next table too
                }
                HeapObject value = n.hasField("val") ? n.ref("val") : n.ref("value");
                out.add(new Entry(n, n.ref("key"), value));
            }
        }
        return out;
    }

    /**
     * The keys of an {@code IdentityHashMap}: its {@code table} holds keys and values side by side (key at an even
     * index, its value after it), with {@code NULL_KEY} standing for a null key. Empty for anything else.
     */
    public static List<HeapObject> identityMapKeys(HeapView heap, HeapObject map) {
        List<HeapObject> out = new ArrayList<>();
        HeapObject table = map == null ? null : map.ref("table");
        if (table == null || !table.isArray() || !map.className().equals("java.util.IdentityHashMap")) {
            return out;
        }
        int[] slots = table.elementIds();
        for (int i = 0; i + 1 < slots.length; i += 2) {
            if (slots[i] != 0) {
                out.add(heap.object(slots[i]));
            }
        }
        return out;
    }

    /** The keys of {@link #mapEntries}, nulls left out: the elements of a {@code HashSet} are its map's keys. */
    public static List<HeapObject> mapKeys(HeapView heap, HeapObject map) {
        List<HeapObject> out = new ArrayList<>();
        for (Entry e : mapEntries(heap, map)) {
            if (e.key() != null) {
                out.add(e.key());
            }
        }
        return out;
    }

    /**
     * The elements of a collection, for the shapes pools and servers keep their connections in: lists (see
     * {@link #listElements}), {@code HashSet}/{@code LinkedHashSet} and {@code Collections.newSetFromMap} sets (the
     * keys of their {@code map} or {@code m}), a map's keys, {@code ArrayDeque} ({@code elements}, any slot in use),
     * the {@code Collections.synchronized*} and {@code unmodifiable*} wrappers (their {@code c}),
     * and the linked {@code ConcurrentLinkedQueue}/{@code ConcurrentLinkedDeque} ({@code head}, nodes chained by
     * {@code next}, element {@code item}; a node linked to itself has left the queue). Nulls left out; empty for
     * anything else.
     */
    public static List<HeapObject> elements(HeapView heap, HeapObject collection) {
        List<HeapObject> out = new ArrayList<>();
        if (collection == null) {
            return out;
        }
        if (collection.ref("table") != null) {
            return mapKeys(heap, collection);
        }
        HeapObject wrapped = collection.ref("c"); // Collections.synchronizedSet / unmodifiableCollection wrappers
        if (wrapped != null && collection.className().startsWith("java.util.Collections$")) {
            return elements(heap, wrapped);
        }
        for (String backing : new String[] {"map", "m"}) {
            HeapObject map = collection.ref(backing);
            if (map != null && map.ref("table") != null) {
                return mapKeys(heap, map);
            }
        }
        if (collection.className().equals("java.util.ArrayDeque")) {
            HeapObject array = collection.ref("elements");
            if (array != null) {
                for (int id : array.elementIds()) {
                    if (id != 0) {
                        out.add(heap.object(id));
                    }
                }
            }
            return out;
        }
        if (collection.hasField("head") && !collection.hasField("size")) {
            int steps = 0;
            for (HeapObject n = collection.ref("head"); n != null && steps < MAX_CHAIN; steps++) {
                HeapObject item = n.ref("item");
                if (item != null) {
                    out.add(item);
                }
                HeapObject next = n.ref("next");
                if (next == null || next.id() == n.id()) {
                    break;
                }
                n = next;
            }
            return out;
        }
        for (int id : listElements(collection)) {
            if (id != 0) {
                out.add(heap.object(id));
            }
        }
        return out;
    }

    /** The values of {@link #mapEntries}, nulls left out. */
    public static List<HeapObject> mapValues(HeapView heap, HeapObject map) {
        List<HeapObject> out = new ArrayList<>();
        for (Entry e : mapEntries(heap, map)) {
            if (e.value() != null) {
                out.add(e.value());
            }
        }
        return out;
    }

    /**
     * The backing array and size of an array-backed list, or null: {@code ArrayList}/{@code Vector}
     * ({@code elementData} + {@code size}/{@code elementCount}), {@code ImmutableCollections$ListN}
     * ({@code elements}), {@code Arrays$ArrayList} ({@code a}), {@code CopyOnWriteArrayList} ({@code array}).
     */
    public static ListArray listArray(HeapObject list) {
        for (String field : new String[] {"elementData", "elements", "a", "array"}) {
            HeapObject array = list.ref(field);
            if (array != null && array.isArray()) {
                int size = list.hasField("size") ? list.intValue("size", 0)
                        : list.hasField("elementCount") ? list.intValue("elementCount", 0) : array.length();
                return new ListArray(array, Math.max(0, Math.min(size, array.length())));
            }
        }
        return null;
    }

    /** A list's backing array and the number of slots in use. */
    public record ListArray(HeapObject array, int size) {
        /** Ids of the elements in use (0 for a null element). */
        public int[] elementIds() {
            return array.elementIds(0, size);
        }
    }

    /**
     * The element ids of a list: array-backed (see {@link #listArray}) or {@code LinkedList} ({@code first}, nodes
     * chained by {@code next}, element {@code item}). Empty for anything else.
     */
    public static int[] listElements(HeapObject list) {
        ListArray a = listArray(list);
        if (a != null) {
            return a.elementIds();
        }
        if (list.hasField("first") && list.hasField("size")) {
            int[] out = new int[Math.max(0, list.intValue("size", 0))];
            int n = 0;
            for (HeapObject node = list.ref("first"); node != null && n < out.length; node = node.ref("next")) {
                HeapObject item = node.ref("item");
                out[n++] = item == null ? 0 : item.id();
            }
            return Arrays.copyOf(out, n);
        }
        return new int[0];
    }

    /** The number of elements of a collection or map from its size field(s); -1 when it has none. */
    public static int size(HeapObject collection) {
        for (String field : new String[] {"size", "elementCount", "count"}) {
            if (collection.value(field) instanceof Integer n) {
                return n;
            }
        }
        if (collection.value("baseCount") instanceof Long n) {
            return (int) Math.min(Integer.MAX_VALUE, n); // ConcurrentHashMap (counter cells left out: a lower bound)
        }
        return -1;
    }

    /** True for the JDK's sub-list classes (an application subclass counts). */
    public static boolean isSubList(HeapClass c) {
        for (String s : SUB_LIST_CLASSES) {
            if (c.isSubclassOf(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The root list of a sub-list (jdk-layouts.md §4): {@code root} (11+), {@code this$0} (6-8
     * {@code ArrayList$SubList}), or the end of the {@code l} chain (6-8 {@code java.util.SubList} of a sub-list);
     * null if unknown.
     */
    public static HeapObject subListRoot(HeapObject subList) {
        for (String f : new String[] {"root", "this$0"}) {
            if (subList.hasField(f)) {
                return subList.ref(f);
            }
        }
        HeapObject l = subList.ref("l");
        for (int depth = 0; l != null && isSubList(l.heapClass()) && depth < 10_000; depth++) {
            l = l.ref("l");
        }
        return l;
    }

    /**
     * The elements of an array-backed binary heap in use: {@code PriorityQueue}, {@code PriorityBlockingQueue} and a
     * {@code ScheduledThreadPoolExecutor}'s {@code DelayedWorkQueue} ({@code queue[0, size)}), and a {@code Timer}'s
     * {@code TaskQueue} ({@code queue[1, size]}: slot 0 is unused). Empty for anything else.
     */
    public static int[] heapQueueElements(HeapObject queue) {
        HeapObject array = queue == null ? null : queue.ref("queue");
        if (array == null || !array.isArray()) {
            return new int[0];
        }
        int size = queue.intValue("size", array.length());
        boolean oneBased = queue.className().equals("java.util.TaskQueue");
        int from = oneBased ? 1 : 0;
        int to = oneBased ? size + 1 : size;
        int[] ids = array.elementIds(from, Math.min(to, array.length()));
        return Arrays.stream(ids).filter(id -> id != 0).toArray();
    }

    // ---- accumulation: counts, internal nodes, queues (leak-suspects) ------------------------------------

    /** The JDK's queues that never refuse an element (no capacity at all, or {@code Integer.MAX_VALUE} by default). */
    private static final List<String> UNBOUNDED_QUEUES = List.of(
            "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.ConcurrentLinkedDeque",
            "java.util.concurrent.LinkedTransferQueue", "java.util.concurrent.PriorityBlockingQueue",
            "java.util.concurrent.DelayQueue", "java.util.ArrayDeque", "java.util.PriorityQueue");
    /** The JDK's queues with a {@code capacity} field (unbounded when it is {@code Integer.MAX_VALUE}). */
    private static final List<String> CAPACITY_QUEUES = List.of(
            "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque");

    /**
     * The number of elements a collection or map holds, for every JDK layout: {@link #size} where the size is an
     * {@code int}; {@code ConcurrentHashMap}'s {@code baseCount} plus its {@code counterCells}; the
     * {@code AtomicInteger count} of {@code LinkedBlockingQueue}; the {@code LongAdder adder} of
     * {@code ConcurrentSkipListMap} (9+); a {@code CopyOnWriteArrayList}'s array length;
     * {@code ArrayDeque}'s slots between {@code head} and {@code tail}; and, for queues that keep no count
     * ({@code ConcurrentLinkedQueue/Deque}, {@code LinkedTransferQueue}), the nodes with an item along {@code next}.
     * -1 when the object is none of these.
     */
    public static long elementCount(HeapView heap, HeapObject c) {
        if (c == null) {
            return -1;
        }
        if (c.value("baseCount") instanceof Long base) {
            return base + cellsSum(heap, c);
        }
        HeapObject adder = c.ref("adder");
        if (adder != null && adder.value("base") instanceof Long base) {
            return base + cellsSum(heap, adder); // ConcurrentSkipListMap (9+): a LongAdder
        }
        HeapObject atomic = c.ref("count");
        if (atomic != null && atomic.value("value") instanceof Integer n) {
            return n; // LinkedBlockingQueue: AtomicInteger count
        }
        int size = size(c);
        if (size >= 0) {
            return size;
        }
        String name = JdkClasses.jdkClassName(c.heapClass());
        if (name.equals("java.util.concurrent.CopyOnWriteArrayList")) {
            HeapObject array = c.ref("array");
            return array == null ? 0 : array.length();
        }
        if (name.equals("java.util.concurrent.CopyOnWriteArraySet")) {
            return elementCount(heap, c.ref("al"));
        }
        HeapObject a = c.ref("elements");
        if (name.equals("java.util.ArrayDeque") && a != null && a.length() > 0) {
            int head = c.intValue("head", 0);
            int tail = c.intValue("tail", 0);
            return ((tail - head) % a.length() + a.length()) % a.length();
        }
        if (c.hasField("head") && (name.startsWith("java.util.concurrent.ConcurrentLinked")
                || name.equals("java.util.concurrent.LinkedTransferQueue"))) {
            long n = 0;
            int steps = 0;
            for (HeapObject node = c.ref("head"); node != null && steps < MAX_CHAIN; steps++) {
                if (node.ref("item") != null) {
                    n++;
                }
                HeapObject next = node.ref("next");
                node = next == null || next.id() == node.id() ? null : next; // a removed node points at itself
            }
            return n;
        }
        return -1;
    }

    /** The sum of the {@code value}s of a striped counter's cells ({@code counterCells} or {@code cells}). */
    private static long cellsSum(HeapView heap, HeapObject counter) {
        long sum = 0;
        for (String field : new String[] {"counterCells", "cells"}) {
            HeapObject cells = counter.ref(field);
            if (cells != null && cells.isArray()) {
                for (int id : cells.elementIds()) {
                    if (id != 0) {
                        sum += heap.object(id).longValue("value", 0);
                    }
                }
            }
        }
        return sum;
    }

    /**
     * True for the classes a JDK collection builds itself from, rather than what it holds: the nested classes of
     * {@code java.util} and {@code java.util.concurrent} classes that are not collections or maps themselves (hash
     * and tree nodes and entries, tree bins, linked-list and queue nodes, a skip list's index, a lock's sync), and
     * {@code AtomicReferenceArray} (the table of some concurrent maps). The wrappers and views of
     * {@code Collections}, {@code ImmutableCollections} and {@code Arrays} are collections, not structure.
     */
    public static boolean isInternalNode(HeapClass c) {
        String n = c.name();
        if (n.equals("java.util.concurrent.atomic.AtomicReferenceArray")) {
            return true;
        }
        int dollar = n.indexOf('$');
        if (dollar < 0 || c.isArrayType() || !n.startsWith("java.util.")) {
            return false;
        }
        String outer = n.substring(0, dollar);
        if (outer.equals("java.util.Collections") || outer.equals("java.util.ImmutableCollections")
                || outer.equals("java.util.Arrays")) {
            return false;
        }
        return !isCollection(c) && !c.isSubclassOf("java.util.concurrent.CopyOnWriteArraySet");
    }

    /**
     * True for JDK collections and maps (and application subclasses of them): {@code AbstractCollection},
     * {@code AbstractMap}, {@code Dictionary} and the copy-on-write lists, which extend none of them. The dump has no
     * interfaces, so the abstract bases stand for {@code Collection} and {@code Map}.
     */
    public static boolean isCollection(HeapClass c) {
        return c.isSubclassOf("java.util.AbstractCollection") || c.isSubclassOf("java.util.AbstractMap")
                || c.isSubclassOf("java.util.Dictionary")
                || c.isSubclassOf("java.util.concurrent.CopyOnWriteArrayList");
    }

    /** True for a JDK queue or deque (an application subclass counts), bounded or not. */
    public static boolean isQueue(HeapClass c) {
        return c.isSubclassOf("java.util.AbstractQueue") || c.isSubclassOf("java.util.ArrayDeque")
                || c.isSubclassOf("java.util.concurrent.ConcurrentLinkedDeque");
    }

    /**
     * True for a queue that never refuses an element: the JDK's capacity-free queues, and a
     * {@code LinkedBlockingQueue/Deque} whose {@code capacity} is {@code Integer.MAX_VALUE} (the default).
     */
    public static boolean isUnboundedQueue(HeapObject q) {
        String name = JdkClasses.jdkClassName(q.heapClass());
        if (UNBOUNDED_QUEUES.contains(name)) {
            return true;
        }
        return CAPACITY_QUEUES.contains(name) && q.intValue("capacity", 0) == Integer.MAX_VALUE;
    }
}
