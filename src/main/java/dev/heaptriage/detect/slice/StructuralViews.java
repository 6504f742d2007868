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
 * Names a library composes from these count the same: a start ending in {@code Offset}, {@code Start} or
 * {@code Begin} (protobuf's {@code bytesOffset}), a length ending in {@code Length}, {@code Len}, {@code Size},
 * {@code Count} or {@code Capacity} ({@code bytesLength}), an end ending in {@code End} or {@code Limit}.
 * A raw <em>address</em> start ({@code address}, {@code addressOffset}, or a name ending in {@code Address}; a
 * {@code long}) is where the view begins in memory, as an unsafe-style buffer keeps it (Agrona's
 * {@code UnsafeBuffer}): over an array it is the array's base offset (its header) plus the window start, over an
 * {@code allocateDirect} block the block's address plus the start; the caller gives that base.
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

    /** The window fields of a class, each as (declaring class, field); address starts apart. */
    record Layout(List<String[]> starts, List<String[]> addresses, List<String[]> lengths, List<String[]> ends) {
    }

    /** No base for address starts: a view whose store has no address (a list) is judged by its other starts. */
    static final long NO_ADDRESS = Long.MIN_VALUE;

    private final Map<Integer, Layout> layouts = new HashMap<>();

    /** The class's window fields, or null when it has no start and no length or end among its fields. */
    Layout layout(HeapClass c) {
        return layouts.computeIfAbsent(c.id(), k -> read(c));
    }

    private static Layout read(HeapClass c) {
        List<String[]> starts = new ArrayList<>();
        List<String[]> addresses = new ArrayList<>();
        List<String[]> lengths = new ArrayList<>();
        List<String[]> ends = new ArrayList<>();
        for (HeapClass k = c; k != null; k = k.superclass()) {
            for (String f : k.declaredFieldNames()) {
                String[] field = {k.name(), f};
                if (isAddress(f)) {
                    addresses.add(field);
                } else if (STARTS.contains(f) || endsWithWord(f, "Offset", "Start", "Begin")) {
                    starts.add(field);
                } else if (LENGTHS.contains(f) || endsWithWord(f, "Length", "Len", "Size", "Count", "Capacity")) {
                    lengths.add(field);
                } else if (ENDS.contains(f) || endsWithWord(f, "End", "Limit")) {
                    ends.add(field);
                }
            }
        }
        return starts.isEmpty() && addresses.isEmpty() || lengths.isEmpty() && ends.isEmpty() ? null
                : new Layout(starts, addresses, lengths, ends);
    }

    private static boolean isAddress(String f) {
        return f.equals("address") || f.equals("addressOffset") || endsWithWord(f, "Address");
    }

    /** {@code f} is a camel-case name whose last word is one of {@code words}: {@code bytesOffset}, not {@code Offset}. */
    private static boolean endsWithWord(String f, String... words) {
        for (String w : words) {
            if (f.length() > w.length() && f.endsWith(w) && Character.isLowerCase(f.charAt(0))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The window {@code [start, end)} that {@code view} sees of a store of {@code storeLength} units (elements, or
     * the width of the view it references), or null when no window fields fit inside it.
     */
    long[] window(HeapObject view, Layout layout, long storeLength) {
        return window(view, layout, storeLength, NO_ADDRESS, 1);
    }

    /**
     * As {@link #window(HeapObject, Layout, long)}, with address starts read against {@code addressBase} (the
     * address of the store's first byte as the view would hold it; {@link #NO_ADDRESS} for none) in units of
     * {@code unitBytes}.
     */
    long[] window(HeapObject view, Layout layout, long storeLength, long addressBase, int unitBytes) {
        long[] best = null;
        List<Long> starts = new ArrayList<>();
        for (String[] s : layout.starts()) {
            starts.add(number(view, s));
        }
        if (addressBase != NO_ADDRESS) {
            for (String[] a : layout.addresses()) {
                long address = number(view, a);
                if (address >= addressBase && (address - addressBase) % unitBytes == 0) {
                    starts.add((address - addressBase) / unitBytes);
                }
            }
        }
        for (long start : starts) {
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
