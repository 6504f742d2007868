package dev.heaptriage.detect.waste;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.jdk.CollectionLayouts;
import dev.heaptriage.detect.jdk.Collections;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.heap.ObjectLayoutFacts;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.units.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code collection-waste}: {@code ArrayList}s and {@code HashMap}s (and their subclasses, so {@code HashSet}'s map
 * and {@code LinkedHashMap} too) whose slot array is much larger than what they hold, and large ones that hold boxed
 * numbers (JOverflow's and JXRay's collection checks). Kinds: {@code empty} (a slot array allocated, nothing in it),
 * {@code sparse} (at most a quarter of at least 16 slots used), {@code boxed} (1,000 elements or more, all sampled ones
 * {@code Integer}, {@code Long} ...). Saved bytes: the slots a right-sized array would not have (all of them for an
 * empty one), or for boxed numbers the boxes and references less the primitives. Grouped by kind and the field that
 * holds the collections; a group is reported when it would save at least {@link #MIN_SAVED_BYTES} and
 * {@link #MIN_HEAP_SHARE_PERCENT}% of the used heap.
 */
public final class CollectionWasteDetector implements Detector {
    public static final String ID = "collection-waste";
    static final long MIN_SAVED_BYTES = 512L << 10;
    static final double MIN_HEAP_SHARE_PERCENT = 1.0;
    static final int SPARSE_MIN_SLOTS = 16;
    static final int BOXED_MIN_ELEMENTS = 1_000;
    static final int BOXED_SAMPLE = 32;

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "empty, sparse and boxed collections",
            Severity.INFO,
            "Finds ArrayLists and HashMaps (with their subclasses: HashSet's map, LinkedHashMap) that waste memory: "
                    + "empty ones with an allocated slot array (10 slots for an ArrayList, 16 for a HashMap after the "
                    + "first add), sparse ones that use at most a quarter of 16 or more slots, and ones of 1,000 "
                    + "elements or more that hold boxed numbers (Integer, Long, ...). Grouped by the field that holds "
                    + "them; reported when a group would save at least 512 KiB and 1% of the used heap. Severity: "
                    + "info, low from 10% of the used heap, medium from 25%.",
            "Right-size the collection: allocate it when the first element comes (or use List.of()/Map.of() for "
                    + "none), give the expected size to the constructor, call trimToSize() after filling an ArrayList, "
                    + "and hold numbers in a primitive array or a primitive collection (fastutil, Eclipse "
                    + "Collections) instead of boxes.",
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    /** One kind of waste under one holder field. */
    private static final class Group {
        final String kind;
        final String holder;
        long collections;
        long saved;
        final List<Integer> examples = new ArrayList<>();

        Group(String kind, String holder) {
            this.kind = kind;
            this.holder = holder;
        }
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        ObjectLayoutFacts layout = heap.facts().objectLayout();
        int ref = layout == null ? heap.facts().identifierSize() : layout.referenceBytes();
        Map<String, Group> groups = new TreeMap<>();
        for (String root : List.of("java.util.ArrayList", "java.util.HashMap")) {
            for (HeapClass c : heap.classesAssignableTo(root)) {
                for (int id : c.instanceIds()) {
                    if (heap.isLive(id)) {
                        inspect(heap, heap.object(id), ref, groups);
                    }
                }
            }
        }
        long used = heap.facts().usedHeapBytes();
        List<Finding> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.saved < MIN_SAVED_BYTES || used <= 0 || 100.0 * g.saved / used < MIN_HEAP_SHARE_PERCENT) {
                continue;
            }
            double share = 100.0 * g.saved / used;
            List<Evidence> evidence = new ArrayList<>();
            for (int id : g.examples) {
                HeapObject o = heap.object(id);
                HeapObject slots = CollectionLayouts.slots(o);
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("kind", g.kind);
                attributes.put("size", Collections.elementCount(heap, o));
                attributes.put("capacity", slots == null ? 0L : (long) slots.length());
                evidence.add(Evidences.of(heap, id, attributes));
            }
            String noun = switch (g.kind) {
                case "empty" -> Units.plural(g.collections, "empty collection") + " with an allocated slot array";
                case "sparse" -> Units.plural(g.collections, "sparse collection")
                        + " (a quarter or less of their slots used)";
                default -> Units.plural(g.collections, "large collection") + " of boxed numbers";
            };
            out.add(Finding.builder(ID)
                    .fingerprint(g.kind + "/" + g.holder)
                    .severity(share >= 25 ? Severity.MEDIUM : share >= 10 ? Severity.LOW : Severity.INFO)
                    .title(noun + " in " + g.holder + ": " + Units.bytes(g.saved) + " to save")
                    .summary("Held by " + g.holder + ": " + noun + "; right-sized they would take "
                            + Units.bytes(g.saved) + " less (" + Units.percent(g.saved, used) + " of the heap).")
                    .count(g.collections)
                    .retainedBytes(g.saved)
                    .wastedBytes(g.saved)
                    .owner(g.holder + " (field)")
                    .evidence(evidence)
                    .remediation(INFO.remediation())
                    .build());
        }
        out.sort(Comparator.comparing(Finding::wastedBytes).reversed().thenComparing(Finding::fingerprint));
        return out;
    }

    private static void inspect(HeapView heap, HeapObject o, int ref, Map<String, Group> groups) {
        HeapObject slots = CollectionLayouts.slots(o);
        if (slots == null) {
            return;
        }
        int capacity = slots.length();
        int size = Collections.size(o);
        if (size < 0) {
            return;
        }
        String kind = null;
        long saved = 0;
        if (size == 0 && capacity > 0) {
            kind = "empty";
            saved = heap.shallowBytes(slots.id());
        } else if (capacity >= SPARSE_MIN_SLOTS && size * 4L <= capacity) {
            kind = "sparse";
            saved = (long) (capacity - Math.max(size, 1)) * ref;
        } else if (size >= BOXED_MIN_ELEMENTS) {
            String box = boxedElements(heap, o, slots);
            if (box != null) {
                kind = "boxed";
                saved = (long) size * (heap.classes(box).isEmpty() ? 16 : shallowOfBox(heap, box) + ref
                        - CollectionLayouts.primitiveBytes(box));
            }
        }
        if (kind == null || saved <= 0) {
            return;
        }
        String holder = holder(heap, o);
        Group g = groups.computeIfAbsent(kind + "|" + holder, k -> new Group(k.substring(0, k.indexOf('|')),
                k.substring(k.indexOf('|') + 1)));
        g.collections++;
        g.saved += saved;
        if (g.examples.size() < 5) {
            g.examples.add(o.id());
        }
    }

    private static long shallowOfBox(HeapView heap, String box) {
        HeapClass c = heap.classes(box).get(0);
        int[] ids = c.instanceIds();
        return ids.length == 0 ? 16 : heap.shallowBytes(ids[0]);
    }

    /** The box class when every sampled element (value, for a map) is the same box; else null. */
    private static String boxedElements(HeapView heap, HeapObject o, HeapObject slots) {
        String box = null;
        int seen = 0;
        for (int id : slots.elementIds(0, Math.min(slots.length(), BOXED_SAMPLE * 4))) {
            if (id == 0 || seen >= BOXED_SAMPLE) {
                continue;
            }
            HeapObject e = heap.object(id);
            if (e.hasField("value") && !e.className().startsWith("java.lang.")) {
                e = e.ref("value"); // a HashMap$Node: its value
                if (e == null) {
                    continue;
                }
            }
            String cls = e.className();
            if (!CollectionLayouts.isBox(cls) || box != null && !box.equals(cls)) {
                return null;
            }
            box = cls;
            seen++;
        }
        return box;
    }

    /** {@code com.acme.Cache.entries}: the field of the first referrer that holds the collection. */
    private static String holder(HeapView heap, HeapObject o) {
        for (int r : heap.referrers(o.id())) {
            HeapClass mirror = heap.classById(r);
            if (mirror != null) {
                for (String f : mirror.staticFieldNames()) {
                    HeapObject v = mirror.staticRef(f);
                    if (v != null && v.id() == o.id()) {
                        return mirror.name() + "." + f;
                    }
                }
                continue;
            }
            HeapObject h = heap.object(r);
            if (h.isArray()) {
                return "elements of " + h.className();
            }
            String f = h.fieldReferencing(o.id());
            if (f != null) {
                return h.className() + "." + f;
            }
        }
        return "an unknown holder";
    }
}
