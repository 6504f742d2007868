package dev.heaptriage.detect;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.TopTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dominator tree from the top ({@code heaptriage top}), built from the heap into a {@link TopTable}: the objects
 * that retain most, largest first (ties by class name, then address, so two runs print the same), each with its
 * owner in application code and shortest path from a GC root, expanded to a depth; and the whole top level grouped
 * by class, package and class loader.
 */
public final class Dominators {
    /** The groupings of {@link TopTable#groups()}. */
    public static final List<String> GROUPINGS = List.of("class", "package", "loader");
    /** Groups kept per grouping. */
    static final int GROUP_ROWS = 100;

    private final HeapView heap;
    private final Owners owners;

    public Dominators(HeapView heap, AppCode app) {
        this.heap = heap;
        this.owners = new Owners(heap, app);
    }

    /**
     * The top of the tree: the {@code rows} top-level objects that retain most, each expanded to {@code depth}
     * levels ({@code children} per level), and the groups.
     */
    public TopTable top(int rows, int depth, int children) {
        int[] top = heap.topDominators();
        return new TopTable(heap.facts().usedHeapBytes(), depth, nodes(top, rows, depth, children, true),
                groups(top));
    }

    /** The objects {@code objectId} dominates, as {@link #top} lists the top level (with owners and paths). */
    public TopTable under(int objectId, int rows, int depth, int children) {
        return new TopTable(heap.facts().usedHeapBytes(), depth,
                nodes(heap.dominatedBy(objectId), rows, depth, children, true), Map.of());
    }

    private List<TopTable.Node> nodes(int[] ids, int rows, int depth, int children, boolean explained) {
        List<Integer> sorted = sorted(ids);
        List<TopTable.Node> out = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, sorted.size()); i++) {
            out.add(node(sorted.get(i), depth, children, explained));
        }
        return out;
    }

    private TopTable.Node node(int id, int depth, int children, boolean explained) {
        String owner = null;
        String ownerThread = null;
        List<dev.heaptriage.report.PathStep> path = List.of();
        HeapClass mirror = heap.classById(id);
        if (explained && mirror != null) {
            owner = largestStatic(mirror, id);
            path = Evidences.steps(heap.pathToGcRoot(id));
        } else if (explained) {
            Owner o = owners.of(id);
            // not a sentence: a stored table's column; TopTable.Node.redacted() replaces the thread's name in it
            owner = o.kind() == Owner.Kind.UNKNOWN ? null : o.label().shown();
            // not a sentence: the name that TopTable.Node.redacted() replaces
            ownerThread = o.thread() == null ? null : o.thread().name().contents();
            path = Evidences.steps(heap.pathToGcRoot(id));
        }
        List<TopTable.Node> kids = List.of();
        int more = 0;
        if (depth > 1) {
            int[] dominated = heap.dominatedBy(id);
            kids = nodes(dominated, children, depth - 1, children, false);
            more = dominated.length - kids.size();
        } else {
            more = heap.dominatedBy(id).length;
        }
        return new TopTable.Node(Evidence.objectId(heap.address(id)), className(id), heap.shallowBytes(id),
                heap.retainedBytes(id), owner, ownerThread, path, kids, more);
    }

    /**
     * A class holds what it dominates through its static fields: the one whose value retains most is its owner
     * ({@code com.acme.Cache.ENTRIES (static field)}); null when no static field holds a dominated object.
     */
    private String largestStatic(HeapClass mirror, int id) {
        String best = null;
        long most = -1;
        for (String f : mirror.staticFieldNames()) {
            dev.heaptriage.heap.HeapObject v = mirror.staticRef(f);
            if (v != null && heap.immediateDominator(v.id()) == id && heap.retainedBytes(v.id()) > most) {
                most = heap.retainedBytes(v.id());
                best = f;
            }
        }
        return best == null ? null : mirror.name() + "." + best + " (static field)";
    }

    /** The class of an object as people read it; a class mirror (which holds the statics) as {@code class X}. */
    String className(int id) {
        HeapClass mirror = heap.classById(id);
        return mirror != null ? "class " + mirror.name() : heap.classOf(id).name();
    }

    private List<Integer> sorted(int[] ids) {
        List<Integer> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(id);
        }
        Map<Integer, Long> retained = new HashMap<>();
        for (int id : ids) {
            retained.put(id, heap.retainedBytes(id));
        }
        out.sort(Comparator.<Integer>comparingLong(retained::get).reversed()
                .thenComparing(this::className).thenComparingLong(heap::address));
        return out;
    }

    private Map<String, List<TopTable.Group>> groups(int[] top) {
        Map<String, Map<String, long[]>> by = new LinkedHashMap<>();
        Map<Integer, String> loaders = new HashMap<>();
        for (String g : GROUPINGS) {
            by.put(g, new HashMap<>());
        }
        for (int id : top) {
            String cls = className(id);
            HeapClass c = heap.classById(id) != null ? heap.classById(id) : heap.classOf(id);
            long shallow = heap.shallowBytes(id);
            long retained = heap.retainedBytes(id);
            add(by.get("class"), cls, shallow, retained);
            add(by.get("package"), packageOf(c.name()), shallow, retained);
            add(by.get("loader"), loaders.computeIfAbsent(c.classLoaderId(), this::loaderName), shallow, retained);
        }
        Map<String, List<TopTable.Group>> out = new LinkedHashMap<>();
        by.forEach((g, rows) -> {
            List<TopTable.Group> list = new ArrayList<>();
            rows.forEach((name, v) -> list.add(new TopTable.Group(name, v[0], v[1], v[2])));
            list.sort(Comparator.comparingLong(TopTable.Group::retainedBytes).reversed()
                    .thenComparing(TopTable.Group::name));
            out.put(g, List.copyOf(list.subList(0, Math.min(GROUP_ROWS, list.size()))));
        });
        return out;
    }

    private static void add(Map<String, long[]> rows, String key, long shallow, long retained) {
        long[] v = rows.computeIfAbsent(key, k -> new long[3]);
        v[0]++;
        v[1] += shallow;
        v[2] += retained;
    }

    /** {@code java.util} for {@code java.util.HashMap} and {@code java.util.HashMap$Node[]}. */
    static String packageOf(String className) {
        String n = className.endsWith("[]") ? className.substring(0, className.indexOf('[')) : className;
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "(default package)" : n.substring(0, dot);
    }

    private String loaderName(int loaderId) {
        if (loaderId == 0) {
            return "<bootstrap>";
        }
        return heap.classOf(loaderId).name() + " " + Evidence.objectId(heap.address(loaderId));
    }
}
