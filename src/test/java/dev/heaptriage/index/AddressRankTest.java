package dev.heaptriage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every answer of the rank structure is the binary search's over the whole array, found or not. */
class AddressRankTest {

    private static void check(long[] sorted, int size, long[] probes) {
        AddressRank rank = AddressRank.of(sorted, size);
        for (long p : probes) {
            assertEquals(Arrays.binarySearch(sorted, 0, size, p), rank.find(p), "address " + Long.toHexString(p));
        }
    }

    /** A heap's shape: MAT's placeholders at 0, 1, 2 ..., then objects 8-byte aligned, dense with gaps. */
    @Test
    void heapLikeAddresses() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            int n = 1 + random.nextInt(5000);
            long[] a = new long[n + 8];
            int size = 0;
            for (int f = 0; f < random.nextInt(4); f++) {
                a[size++] = f;
            }
            long address = 0x7_0000_0000L + 8L * random.nextInt(1000);
            while (size < n) {
                a[size++] = address;
                address += 8L * (2 + (random.nextInt(10) == 0 ? random.nextInt(100_000) : random.nextInt(8)));
            }
            long[] probes = new long[4 * n];
            for (int i = 0; i < probes.length; i++) {
                long base = a[random.nextInt(size)];
                probes[i] = base + (random.nextInt(4) == 0 ? random.nextInt(64) - 32 : 0);
            }
            check(a, size, probes);
            check(a, size, new long[] {Long.MIN_VALUE, -1, 0, 1, 3, a[size - 1] + 1, Long.MAX_VALUE});
        }
    }

    @Test
    void edgeCases() {
        check(new long[0], 0, new long[] {0, 5, -5});
        check(new long[] {42}, 1, new long[] {41, 42, 43});
        check(new long[] {5, 7, 9, 0}, 3, new long[] {4, 5, 6, 7, 9, 10}); // the size, not the array's length, counts
        // addresses of both signs (unsigned identifiers above 2^63): the span overflows
        long[] both = {Long.MIN_VALUE + 8, -16, 0, 16, Long.MAX_VALUE - 8};
        check(both, both.length, new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 8, -17, -16, -1, 0, 1, 16, 17,
            Long.MAX_VALUE - 8, Long.MAX_VALUE});
        long[] wide = {0, 1L << 40, 1L << 50, (1L << 50) + 8};
        check(wide, wide.length, new long[] {-1, 0, 1, 1L << 40, (1L << 40) + 1, 1L << 50, (1L << 50) + 8,
            (1L << 50) + 16, 1L << 60});
    }
}
