package dev.heaptriage.detect.slice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The arithmetic of {@code retained-slice}, free of any heap: which part of a backing store its views can see, how
 * much of it is wasted, and whether that is worth a finding. Everything here takes plain numbers, so the rule is
 * unit-testable without a dump (and without a JVM old enough to have {@code String.offset/count}).
 *
 * <p>Units: a backing store is measured in bytes (a primitive array's shallow size, see {@link #arrayBytes}; an
 * off-heap block's capacity; a root list's retained size). A view's window
 * is a half-open interval {@code [start, end)} in the store's own units (bytes of an array or block, element indexes
 * of a list).
 */
final class SliceRule {
    /**
     * A store must waste at least this much to be reported. Below 64 KiB a pinned array costs less than the
     * findings it would add; a real slice leak wastes megabytes per store or many stores (issue 5's guide).
     */
    static final long MIN_WASTED_BYTES = 64 * 1024;

    /**
     * The store must be at least this many times larger than what its views can see. A view that sees an eighth or
     * more of its store is a normal partial use (a half-read I/O buffer, a page of a list), not a slice leak; copying
     * it would save little and cost a copy.
     */
    static final long MIN_RATIO = 8;

    private SliceRule() {
    }

    /** A store's verdict: what the views can see, what the store costs, and what is wasted. */
    record Verdict(long backingBytes, long visibleBytes, long wastedBytes, boolean reported) {
    }

    /**
     * Judges one backing store. {@code visibleBytes} is what the views that something outside the store's views
     * holds can still reach (see {@link #unionLength}); {@code wastedBytes = backingBytes − visibleBytes}.
     * Reported only when both the ratio and the absolute floor are met.
     */
    static Verdict judge(long backingBytes, long visibleBytes) {
        long visible = Math.max(0, Math.min(visibleBytes, backingBytes));
        long wasted = backingBytes - visible;
        boolean reported = wasted >= MIN_WASTED_BYTES && backingBytes >= MIN_RATIO * visible;
        return new Verdict(backingBytes, visible, wasted, reported);
    }

    /**
     * The pre-7u6 {@code String} rule (jdk-layouts.md §2): {@code sharers} Strings with these {@code offsets} and
     * {@code counts} share one {@code char[valueLength]}. Each sees {@code value[offset, offset + count)}; several
     * substrings of one text are counted once (their windows are merged), and a sharer that still sees the whole
     * text (the original String, still held) makes the array fully visible, so nothing is wasted.
     */
    static Verdict legacyStrings(int[] offsets, int[] counts, int valueLength) {
        if (offsets.length != counts.length) {
            throw new IllegalArgumentException("one offset per count expected");
        }
        List<long[]> windows = new ArrayList<>(offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            windows.add(legacyStringWindow(offsets[i], counts[i]));
        }
        return judge(arrayBytes(valueLength, 2), unionLength(windows, 2L * valueLength));
    }

    /**
     * The bytes of its {@code char[] value} that a pre-7u6 String sees: {@code [2·offset, 2·(offset + count))}.
     * The detector builds each legacy String's window with this, so {@link #legacyStrings} tests the same rule.
     */
    static long[] legacyStringWindow(int offset, int count) {
        return new long[] {2L * offset, 2L * offset + 2L * count};
    }

    /**
     * A primitive array's shallow size in the layout of a 64-bit JVM with compressed class pointers, the default
     * (README "Sizes"; the layout of the test dumps on JDK 17 and 25): a 16-byte header (mark, class, length) plus
     * the elements, rounded up to 8: {@code byte[64]} → 80, {@code byte[1048576]} → 1,048,592. The detector itself
     * always takes sizes from the heap, which follows the dump's own layout; this is for the heap-free rule and the
     * tests.
     */
    static long arrayBytes(long length, int elementBytes) {
        return (16 + length * elementBytes + 7) & ~7L;
    }

    /** Total length of the union of half-open windows, each clamped to {@code [0, limit)}. */
    static long unionLength(List<long[]> windows, long limit) {
        long total = 0;
        for (long[] w : merge(windows, limit)) {
            total += w[1] - w[0];
        }
        return total;
    }

    /** The windows clamped to {@code [0, limit)}, sorted and merged where they overlap or touch. */
    static List<long[]> merge(List<long[]> windows, long limit) {
        List<long[]> sorted = new ArrayList<>();
        for (long[] w : windows) {
            long start = Math.max(0, w[0]);
            long end = Math.min(limit, w[1]);
            if (end > start) {
                sorted.add(new long[] {start, end});
            }
        }
        sorted.sort(Comparator.comparingLong(w -> w[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] w : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && w[0] <= last[1]) {
                last[1] = Math.max(last[1], w[1]);
            } else {
                out.add(w.clone());
            }
        }
        return out;
    }
}
