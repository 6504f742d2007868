package dev.heaptriage.detect.slice;

import dev.heaptriage.heap.HeapClass;
import dev.heaptriage.heap.HeapObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views that libraries and applications define themselves, recognised by structure rather than by class name: an
 * object that references a store (an array, a buffer, a list) and carries window fields that bound what it can see:
 * a start ({@code offset}, {@code off}, {@code adjustment}, {@code start}, {@code startIndex}, {@code begin},
 * {@code from}, {@code fromIndex}) and a length ({@code length}, {@code len}, {@code size}, {@code count},
 * {@code capacity}, {@code maxCapacity}) or an end ({@code end}, {@code to}, {@code toIndex}, {@code limit}).
 * Cursors ({@code pos}, {@code position}, {@code index}, {@code readerIndex}) are not window starts: a reader that
 * has consumed most of its buffer is not a slice.
 *
 * <p>The layout is read once per class from its fields (declared anywhere in its hierarchy); the window of each
 * instance is checked on its real values: it must lie inside what the view can see of its store, and among several
 * length or end fields the widest window that does is taken (a view is never judged smaller than it may be).
 */
final class StructuralViews {
    private static final List<String> STARTS = List.of("offset", "off", "adjustment", "start", "startIndex",
            "begin", "from", "fromIndex");
    private static final List<String> LENGTHS = List.of("length", "len", "size", "count", "capacity",
            "maxCapacity");
    private static final List<String> ENDS = List.of("end", "to", "toIndex", "limit");

    /** The window fields of a class, each as (declaring class, field). */
    record Layout(List<String[]> starts, List<String[]> lengths, List<String[]> ends) {
    }

    private final Map<Integer, Layout> layouts = new HashMap<>();

    /** The class's window fields, or null when it has no start and no length or end among its fields. */
    Layout layout(HeapClass c) {
        return layouts.computeIfAbsent(c.id(), k -> read(c));
    }

    private static Layout read(HeapClass c) {
        List<String[]> starts = new ArrayList<>();
        List<String[]> lengths = new ArrayList<>();
        List<String[]> ends = new ArrayList<>();
        for (HeapClass k = c; k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                String[] field = {k.name(), f};
                if (STARTS.contains(f)) {
                    starts.add(field);
                } else if (LENGTHS.contains(f)) {
                    lengths.add(field);
                } else if (ENDS.contains(f)) {
                    ends.add(field);
                }
            }
        }
        return starts.isEmpty() || lengths.isEmpty() && ends.isEmpty() ? null : new Layout(starts, lengths, ends);
    }

    /**
     * The window {@code [start, end)} that {@code view} sees of a store of {@code storeLength} units (elements, or
     * the width of the view it references), or null when no window fields fit inside it.
     */
    long[] window(HeapObject view, Layout layout, long storeLength) {
        long[] best = null;
        for (String[] s : layout.starts()) {
            long start = number(view, s);
            if (start < 0 || start > storeLength) {
                continue;
            }
            for (String[] l : layout.lengths()) {
                best = wider(best, start, start + number(view, l), storeLength);
            }
            for (String[] e : layout.ends()) {
                best = wider(best, start, number(view, e), storeLength);
            }
        }
        return best;
    }

    private static long[] wider(long[] best, long start, long end, long storeLength) {
        if (end < start || end > storeLength) {
            return best;
        }
        return best == null || end - start > best[1] - best[0] ? new long[] {start, end} : best;
    }

    private static long number(HeapObject o, String[] field) {
        return o.value(field[0], field[1]) instanceof Number n && !(n instanceof Float || n instanceof Double)
                ? n.longValue() : -1;
    }
}
