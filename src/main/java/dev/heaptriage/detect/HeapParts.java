package dev.heaptriage.detect;

import dev.heaptriage.heap.HeapView;
import dev.heaptriage.report.Evidence;
import dev.heaptriage.report.Finding;
import dev.heaptriage.report.HeapPart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heap picture of a report: disjoint parts of the heap, from the dominator tree, that together hold what the
 * findings' owners retain, each object once (README "Report formats"). The retained sets of the findings themselves
 * may overlap (a leak-suspects holder and the retained-slice views inside it are the same 20 MB), so their sum is
 * no picture of the heap; dominator subtrees either nest or are disjoint, so their tops are.
 *
 * <p>For every example object of a finding, its anchor is what the finding's owner retains exclusively: the
 * highest object on its dominator chain below the owner's holder (the list a static field holds, the runnable a
 * thread runs), or the object itself when the owner does not dominate it (shared, unreachable, held by a root). An
 * anchor inside another anchor's subtree belongs to that one's part. Parts that hold the same findings are merged.
 * Only the examples a finding carries (up to {@link Evidences#COLLECT_LIMIT}) are placed, so the picture can show
 * less than a finding of many independent objects retains, never more than the heap.
 */
final class HeapParts {
    /** Dominator chains longer than this (a linked list of a million nodes) are not climbed further. */
    static final int MAX_CLIMB = 100_000;

    private HeapParts() {
    }

    static List<HeapPart> of(HeapView heap, Owners owners, List<Finding> findings) {
        // anchor -> the findings (indexes, report order) with an example under it
        Map<Integer, Set<Integer>> anchors = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            for (Evidence e : findings.get(i).evidence()) {
                int id = idOf(heap, e.objectId());
                if (id >= 0) {
                    anchors.computeIfAbsent(anchor(heap, owners, id), k -> new LinkedHashSet<>()).add(i);
                }
            }
        }
        // each anchor's top: the highest anchor on its dominator chain (itself when none is above it)
        Map<Integer, Set<Integer>> byTop = new LinkedHashMap<>();
        for (Map.Entry<Integer, Set<Integer>> a : anchors.entrySet()) {
            int top = a.getKey();
            int cur = a.getKey();
            for (int n = 0; n < MAX_CLIMB; n++) {
                cur = heap.immediateDominator(cur);
                if (cur < 0) {
                    break;
                }
                if (anchors.containsKey(cur)) {
                    top = cur;
                }
            }
            byTop.computeIfAbsent(top, k -> new java.util.TreeSet<>()).addAll(a.getValue());
        }
        // parts that hold the same findings are one part
        Map<List<Integer>, long[]> merged = new LinkedHashMap<>();
        for (Map.Entry<Integer, Set<Integer>> t : byTop.entrySet()) {
            merged.computeIfAbsent(new ArrayList<>(t.getValue()), k -> new long[1])[0] += heap.retainedBytes(t.getKey());
        }
        List<HeapPart> parts = new ArrayList<>();
        merged.forEach((who, bytes) -> parts.add(new HeapPart(bytes[0],
                who.stream().map(i -> findings.get(i).fingerprint()).toList())));
        parts.sort(java.util.Comparator.comparingLong(HeapPart::bytes).reversed());
        return parts;
    }

    private static int idOf(HeapView heap, String objectId) {
        try {
            return objectId != null && objectId.startsWith("0x")
                    ? heap.objectIdAt(Long.parseUnsignedLong(objectId.substring(2), 16)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What the owner of {@code id} retains exclusively that holds {@code id}: see the class comment. */
    static int anchor(HeapView heap, Owners owners, int id) {
        Owner owner = owners.of(id);
        int holder = owner.holderId();
        if (holder < 0 || holder == id) {
            return id;
        }
        int below = id;
        int cur = id;
        for (int n = 0; n < MAX_CLIMB; n++) {
            cur = heap.immediateDominator(cur);
            if (cur < 0) {
                return id; // the owner does not dominate it: only the object itself is the finding's alone
            }
            if (cur == holder) {
                return below;
            }
            below = cur;
        }
        return id;
    }

    /** For tests: the parts by finding index lists. */
    static Map<List<String>, Long> bytesByFindings(List<HeapPart> parts) {
        Map<List<String>, Long> out = new HashMap<>();
        parts.forEach(p -> out.put(p.findings(), p.bytes()));
        return out;
    }
}
