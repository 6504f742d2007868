package dev.heaptriage.detect.waste;

import dev.heaptriage.detect.AppCode;
import dev.heaptriage.detect.Detector;
import dev.heaptriage.detect.DetectorInfo;
import dev.heaptriage.detect.Evidences;
import dev.heaptriage.detect.jdk.StringContents;
import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Breakdown;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.Severity;
import dev.heaptriage.text.DumpString;
import dev.heaptriage.text.Text;
import dev.heaptriage.units.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code duplicate-strings}: bytes wasted by {@code String}s with identical contents (JXRay's and MAT's "duplicate
 * strings"). Live strings are grouped by the contents of their {@code value} array; a group of n strings over k
 * distinct arrays wastes (n - 1) string objects and (k - 1) arrays (strings that share one array, as G1's string
 * deduplication leaves them, waste only their own objects; an interned string is one object). One finding for the
 * dump: the wasted bytes, the values that waste most (dump contents: redacted under {@code --redact}) and the fields
 * that hold most copies. Reported only when the waste is at least {@link #MIN_WASTED_BYTES} and
 * {@link #MIN_HEAP_SHARE_PERCENT}% of the used heap; severity from the share of the heap that would be saved.
 */
public final class DuplicateStringsDetector implements Detector {
    public static final String ID = "duplicate-strings";
    /** Waste below this is never reported (an idle JVM has some duplicate strings). */
    static final long MIN_WASTED_BYTES = 1L << 20;
    static final double MIN_HEAP_SHARE_PERCENT = 1.0;
    /** Values shown, and groups whose holders are counted. */
    static final int TOP_VALUES = 10;
    /** Copies per group whose holder field is looked up. */
    static final int HOLDER_SAMPLE = 200;

    private static final DetectorInfo INFO = new DetectorInfo(ID,
            "identical strings held many times over",
            Severity.INFO,
            "Groups the live java.lang.String objects by their contents and reports the bytes that copies of the "
                    + "same text waste: each copy's String object and, unless copies share it, its value array. "
                    + "Reported when the waste is at least 1 MiB and 1% of the used heap, with the values that waste "
                    + "most (redacted under --redact) and the fields that hold most copies. Severity: info, low from "
                    + "10% of the used heap, medium from 25%.",
            "Keep one copy of repeated text: intern or deduplicate it where it is read (String.intern() for a small "
                    + "set of values, a HashMap-based pool or Guava's Interners.newWeakInterner() otherwise), use an "
                    + "enum for a fixed set, or run G1 with -XX:+UseStringDeduplication.",
            "0.1.0");

    @Override
    public DetectorInfo info() {
        return INFO;
    }

    /** The strings of one content. */
    private static final class Group {
        final int first;
        int strings;
        long wasted;
        final Map<Integer, Boolean> arrays = new HashMap<>(2);
        final List<Integer> copies = new ArrayList<>(2);

        Group(int first) {
            this.first = first;
        }
    }

    @Override
    public List<Finding> detect(HeapView heap, AppCode app) {
        Map<Long, Group> groups = new HashMap<>();
        for (HeapClass c : heap.classes("java.lang.String")) {
            for (int id : c.instanceIds()) {
                if (!heap.isLive(id)) {
                    continue;
                }
                HeapObject s = heap.object(id);
                HeapObject value = StringContents.valueArray(s);
                if (value == null) {
                    continue;
                }
                long hash = StringContents.contentHash(s, value);
                if (hash == 0) {
                    continue;
                }
                Group g = groups.computeIfAbsent(hash, k -> new Group(id));
                g.strings++;
                if (g.strings > 1) {
                    g.wasted += heap.shallowBytes(id);
                    if (g.copies.size() < HOLDER_SAMPLE) {
                        g.copies.add(id);
                    }
                }
                if (g.arrays.put(value.id(), Boolean.TRUE) == null && g.arrays.size() > 1) {
                    g.wasted += heap.shallowBytes(value.id());
                }
            }
        }
        long wasted = 0;
        long copies = 0;
        List<Group> dup = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.strings > 1 && g.wasted > 0) {
                wasted += g.wasted;
                copies += g.strings - 1;
                dup.add(g);
            }
        }
        long used = heap.facts().usedHeapBytes();
        if (wasted < MIN_WASTED_BYTES || used <= 0 || 100.0 * wasted / used < MIN_HEAP_SHARE_PERCENT) {
            return List.of();
        }
        dup.sort(Comparator.comparingLong((Group g) -> g.wasted).reversed().thenComparingInt(g -> g.first));
        List<Group> top = dup.subList(0, Math.min(TOP_VALUES, dup.size()));
        Finding.Builder b = Finding.builder(ID);
        List<Breakdown> values = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        Map<String, Long> holders = new LinkedHashMap<>();
        for (Group g : top) {
            DumpString text = heap.string(g.first);
            if (text == null) {
                continue;
            }
            DumpString shown = text.length() > 80 ? text.substring(0, 80) : text;
            values.add(new Breakdown(Text.concat("\"", shown, (shown == text ? "\"" : "…\"") + " ("
                    + Units.bytes(g.wasted) + " wasted)"), g.strings));
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("value", shown);
            attributes.put("copies", (long) g.strings);
            attributes.put("wastedBytes", g.wasted);
            evidence.add(Evidences.of(heap, g.first, attributes));
            for (int copy : g.copies) {
                for (int holder : heap.referrers(copy)) {
                    String field = holderField(heap, holder, copy);
                    if (field != null) {
                        holders.merge(field, 1L, Long::sum);
                    }
                }
            }
        }
        List<Map.Entry<String, Long>> byField = new ArrayList<>(holders.entrySet());
        byField.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> e : byField.subList(0, Math.min(5, byField.size()))) {
            values.add(new Breakdown("held by " + e.getKey(), e.getValue()));
        }
        double share = 100.0 * wasted / used;
        String owner = byField.isEmpty() ? null : byField.get(0).getKey() + " (field)";
        return List.of(b.fingerprint("java.lang.String")
                .severity(share >= 25 ? Severity.MEDIUM : share >= 10 ? Severity.LOW : Severity.INFO)
                .title(Units.count(copies) + " duplicate strings waste " + Units.bytes(wasted) + " ("
                        + Units.percent(wasted, used) + " of the heap)")
                .summary(Units.count(dup.size()) + " texts are held more than once; one copy of each would save "
                        + Units.bytes(wasted) + ". The values that waste most and the fields that hold most of their "
                        + "copies (of up to " + HOLDER_SAMPLE + " copies per value) follow.")
                .count(copies)
                .retainedBytes(wasted)
                .wastedBytes(wasted)
                .owner(owner)
                .breakdown(values)
                .evidence(evidence)
                .remediation(INFO.remediation())
                .build());
    }

    /** {@code com.acme.User.name} for the field of {@code holder} that references {@code copy}; null for none. */
    private static String holderField(HeapView heap, int holder, int copy) {
        HeapClass mirror = heap.classById(holder);
        if (mirror != null) {
            for (String f : mirror.staticFieldNames()) {
                HeapObject v = mirror.staticRef(f);
                if (v != null && v.id() == copy) {
                    return mirror.name() + "." + f;
                }
            }
            return null;
        }
        HeapObject h = heap.object(holder);
        if (h.isArray()) {
            return h.className();
        }
        String field = h.fieldReferencing(copy);
        return field == null ? null : h.className() + "." + field;
    }
}
