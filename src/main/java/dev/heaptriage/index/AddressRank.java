package dev.heaptriage.index;

/**
 * An object's id from its address in a few probes: ids are the ranks of the addresses in ascending order, and a
 * table of where each address bucket starts narrows the binary search to one bucket (about two addresses). The
 * answer is exactly a binary search's over the whole sorted array: the id when the address is there, else
 * {@code -1 - insertionPoint}. The table costs about 2 bytes an object.
 */
public final class AddressRank {
    private final long[] sorted;
    private final int size;
    private final long min;
    private final int shift;
    /** {@code start[b]}: the first index whose address lies in bucket b or above; one more entry ends the last. */
    private final int[] start;

    private AddressRank(long[] sorted, int size, long min, int shift, int[] start) {
        this.sorted = sorted;
        this.size = size;
        this.min = min;
        this.shift = shift;
        this.start = start;
    }

    /** The rank structure over {@code sorted[0, size)}, which must be ascending; the array is kept, not copied. */
    public static AddressRank of(long[] sorted, int size) {
        if (size == 0) {
            return new AddressRank(sorted, 0, 0, 63, new int[] {0, 0});
        }
        long min = sorted[0];
        long span = sorted[size - 1] - min; // negative when it overflows (addresses of both signs): two buckets
        int shift = span < 0 ? 63 : 0;
        long buckets = Math.max(1, size / 2);
        while (span >= 0 && (span >>> shift) >= buckets) {
            shift++;
        }
        int count = span < 0 ? 2 : (int) (span >>> shift) + 1;
        int[] start = new int[count + 1];
        int b = 0;
        for (int i = 0; i < size; i++) {
            int bucket = bucket(sorted[i], min, shift);
            while (b <= bucket) {
                start[b++] = i;
            }
        }
        while (b <= count) {
            start[b++] = size;
        }
        return new AddressRank(sorted, size, min, shift, start);
    }

    private static int bucket(long address, long min, int shift) {
        return (int) ((address - min) >>> shift);
    }

    /** The id of {@code address}, or {@code -1 - insertionPoint} when no object has it. */
    public int find(long address) {
        if (size == 0 || address < min) {
            return -1;
        }
        long offset = (address - min) >>> shift;
        if (offset >= start.length - 1) {
            return -1 - size;
        }
        int lo = start[(int) offset];
        int hi = start[(int) offset + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long probe = sorted[mid];
            if (address < probe) {
                hi = mid;
            } else if (probe < address) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1 - lo;
    }
}
